"""The report of one discussion: exact numbers on a hand-built discussion (tests/reports/
conftest.py), snapshots, publication and who sees what."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from comments.models import Comment, Subscription
from drafts.models import Draft
from reports.models import Report
from reports.services import build_report, close_discussion, publish_report
from tests.factories import make_draft, noon, publish
from tests.factories import participant as person


def test_statistics_of_a_known_discussion(discussion, responder):
    report = build_report(discussion["draft"])
    stats = report.statistics

    assert stats["discussion"]["days"] == 30
    assert stats["discussion"]["meets_minimum"] is True
    assert stats["participation"] == {
        # 3 authors, 3 in the campaign, 1 voter only (d), 1 who only agreed (e)
        "participants": 8,
        "comments_received": 8,
        "comments_published": 7,
        "comments_hidden": 1,
        "hidden_by_reason": [["spam", 1]],
        "agreements": 2,
        "votes_support": 2,
        "votes_oppose": 1,
        "alternatives": 1,
    }
    assert stats["by_category"] == [["citizen", 5], ["company", 1], ["ngo", 1]]
    assert stats["by_region"] == [["naryn", 3], ["chuy", 2], ["bishkek", 1], ["osh", 1]]
    assert stats["by_position"] == [["objection", 4], ["proposal", 2], ["support", 1]]
    assert [
        (row["number"], row["comments"], row["answered"], row["accepted"])
        for row in stats["by_article"]
    ] == [
        ("2", 2, 2, 2),
        ("3", 1, 0, 0),
    ]
    days = [noon(n).date().isoformat() for n in (38, 37, 36, 35)]
    assert stats["timeline"] == [[days[0], 1], [days[1], 2], [days[2], 1], [days[3], 3]]
    assert stats["campaigns"]["campaigns"] == 1
    assert stats["campaigns"]["comments_in_campaigns"] == 3
    answers = stats["answers"]
    # 7 published comments and 1 alternative await answers; 3 got one, after 2, 4 and 6 days.
    assert (answers["total"], answers["answered"], answers["unanswered"]) == (8, 3, 5)
    assert answers["answered_share"] == 37.5
    assert answers["median_days"] == 4.0
    assert answers["acceptance_rate"] == 66.7
    assert sorted(answers["by_decision"]) == [["accepted", 1], ["partly", 1], ["rejected", 1]]


def test_counts_add_up_to_the_stored_comments(discussion):
    report = build_report(discussion["draft"])
    stats = report.statistics
    rows = list(report.entries.filter(comment__kind="comment"))
    hidden = stats["participation"]["comments_hidden"]
    assert (
        sum(row.campaign_size for row in rows) + hidden
        == Comment.objects.filter(draft=discussion["draft"], kind="comment").count()
    )
    assert sum(n for _c, _r, n in stats["category_region"]) == sum(
        n for _c, n in stats["by_category"]
    )
    assert sum(n for _day, n in stats["timeline"]) == stats["participation"]["comments_published"]


def test_summary_table_rows(discussion):
    report = build_report(discussion["draft"])
    rows = list(report.entries.order_by("position"))
    c1, c2, c3, c4 = discussion["comments"]
    campaign = discussion["campaign"]
    # Hidden comments are not in the table; the campaign is one row led by its first comment.
    assert [row.comment_id for row in rows] == [
        c1.pk,
        c2.pk,
        c3.pk,
        c4.pk,
        campaign[0].pk,
        discussion["alternative"].pk,
    ]
    first = rows[0]
    assert (first.article, first.decision, first.agreements) == ("Article 2", "accepted", 2)
    assert first.public_author == "Citizen, Chuy oblast"
    assert rows[2].decision == "" and rows[2].decision_label == "Not answered"
    assert rows[4].campaign_size == 3
    assert rows[5].kind == "alternative" and "Короче и яснее" in rows[5].text
    assert "Купите" not in "".join(row.text for row in rows)


def test_accepted_proposal_names_the_article_that_carries_it(body, editor, responder):
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=5, by=editor)
    author = person("author@example.kg")
    section = draft.current_version.sections.get(kind="article", number="4")
    comment = Comment.post(
        draft=draft, author=author, text="Срок 30 дней", position="proposal", section=section
    )[0]
    version = draft.add_version(text_ru=draft.current_version.text_ru.replace("десяти", "тридцати"))
    carried = version.sections.get(kind="article", number="4")
    from comments.services import answer_comments

    answer_comments([comment], by=responder, decision="accepted", carried_in=carried.pk)
    draft.close(by=editor)
    entry = build_report(draft).entries.get()
    assert entry.carried_in == "Article 4 of version 2"


def test_a_report_needs_a_closed_discussion(body, editor):
    draft = publish(make_draft(body, by=editor), days=30, by=editor)
    with pytest.raises(ValidationError):
        build_report(draft)


def test_closing_builds_the_first_report(body, editor, django_capture_on_commit_callbacks):
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=31, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        close_discussion(draft, by=editor)
    report = Report.objects.get(draft=draft)
    assert report.number == 1 and report.built_by is None and not report.is_published


def test_rebuilding_makes_a_new_snapshot_and_keeps_the_old(
    discussion, responder, client_for, editor
):
    draft = discussion["draft"]
    first = build_report(draft)
    c3 = discussion["comments"][2]
    from comments.services import answer_comments

    answer_comments([c3], by=responder, decision="noted", reasoning="Учтём")
    second = build_report(draft)
    assert (first.number, second.number) == (1, 2)
    assert first.statistics["answers"]["answered"] == 3
    assert second.statistics["answers"]["answered"] == 4
    web = client_for(editor)
    assert web.get(first.get_absolute_url()).status_code == 200


def test_publishing_summarises_the_draft_and_tells_followers_and_authors(
    discussion, editor, django_capture_on_commit_callbacks
):
    draft = discussion["draft"]
    follower = person("follower@example.kg")
    Subscription.follow(follower, draft=draft)
    report = build_report(draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_report(report, by=editor)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.SUMMARISED
    recipients = {message.to[0] for message in mail.outbox}
    assert "follower@example.kg" in recipients
    assert {"a@example.kg", "b@example.kg", "x0@example.kg"} <= recipients
    assert len(recipients) == len(mail.outbox)  # nobody twice
    path = report.get_absolute_url().removeprefix("/en")  # each in the reader's language
    assert all(path in message.body for message in mail.outbox)


def test_the_draft_page_links_the_newest_published_report_only(discussion, client_for, editor):
    draft = discussion["draft"]
    first = build_report(draft)
    page = client_for(None).get(draft.get_absolute_url()).text
    assert "Read the public-opinion report" not in page  # built, not yet published
    publish_report(first, by=editor)
    second = build_report(draft)  # a newer snapshot, the body's own until published
    page = client_for(None).get(draft.get_absolute_url()).text
    assert f'href="{first.get_absolute_url()}">Read the public-opinion report' in page
    assert second.get_absolute_url() not in page


def test_a_published_report_never_changes(discussion, editor):
    report = publish_report(build_report(discussion["draft"]), by=editor)
    report.statistics = {"forged": True}
    with pytest.raises(ValidationError):
        report.save()
    with pytest.raises(ValidationError):
        publish_report(report, by=editor)


# --- Pages and who sees them ------------------------------------------------------------------


def test_unpublished_report_is_the_bodys_only(
    discussion, client_for, editor, responder, outsider_editor, citizen, analyst
):
    report = build_report(discussion["draft"])
    url = report.get_absolute_url()
    for user in (None, citizen, outsider_editor, analyst):
        assert client_for(user).get(url).status_code == 404, user
        assert (
            client_for(user)
            .get(reverse("reports:export", args=[report.draft.reference, 1, "csv"]))
            .status_code
            == 404
        )
    for user in (editor, responder):
        assert client_for(user).get(url).status_code == 200
    assert (
        client_for(None).get(reverse("reports:latest", args=[report.draft.reference])).status_code
        == 404
    )


def test_published_report_page_shows_the_numbers(discussion, client_for, editor):
    report = publish_report(build_report(discussion["draft"]), by=editor)
    page = client_for(None).get(
        reverse("reports:latest", args=[report.draft.reference]), follow=True
    )
    html = page.text
    assert page.status_code == 200
    assert "Comments by respondent category" in html
    assert "Campaign: 3 identical or near-identical comments" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "Купите" not in html  # a hidden comment's text never shows
    assert "&lt;" not in report.draft.title  # sanity: the title is plain


def test_only_the_body_builds_and_publishes(
    discussion, client_for, editor, outsider_editor, citizen
):
    reference = discussion["draft"].reference
    build = reverse("reports:staff-build", args=[reference])
    assert client_for(None).post(build).status_code == 302  # to sign-in
    for user in (citizen, outsider_editor):
        assert client_for(user).post(build).status_code == 403
        assert (
            client_for(user).get(reverse("reports:staff-reports", args=[reference])).status_code
            == 403
        )
    assert not Report.objects.exists()
    response = client_for(editor).post(build)
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    publish_url = reverse("reports:staff-publish", args=[reference, 1])
    assert client_for(outsider_editor).post(publish_url).status_code == 403
    client_for(editor).post(publish_url)
    report.refresh_from_db()
    assert report.is_published


def test_report_page_queries_do_not_grow_with_comments(
    body, editor, client_for, django_assert_max_num_queries
):
    def report_with(n):
        draft = publish(make_draft(body, by=editor), days=30, started_days_ago=31 + n, by=editor)
        author = person(f"many{n}@example.kg")
        for i in range(n):
            Comment.post(
                draft=draft,
                author=author,
                text=f"Мнение номер {i} " * 3,
                position="other",
                now=noon(30 + n),
            )
        draft.refresh_from_db()
        draft.close(by=editor)
        return publish_report(build_report(draft), by=editor)

    small, large = report_with(2), report_with(120)
    web = client_for(None)
    with django_assert_max_num_queries(12) as few:
        web.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(few.captured_queries)):
        web.get(large.get_absolute_url())


def test_late_comment_after_the_snapshot_is_not_in_it(discussion):
    draft = discussion["draft"]
    report = build_report(draft)
    assert report.last_comment_id == Comment.objects.order_by("-pk").first().pk
    # A comment stored after the build (one that was in flight when the discussion closed).
    late = Comment.objects.create(
        draft=draft,
        version=draft.current_version,
        author=person("late@example.kg"),
        position="proposal",
        text="Опоздавшее предложение",
        author_category="citizen",
        author_region="chuy",
    )
    assert report.entries.count() == 6
    assert not report.entries.filter(comment=late).exists()
    assert build_report(draft).entries.filter(comment=late).exists()


def test_a_later_answer_edit_does_not_change_a_built_report(discussion, responder, client_for):
    from comments.services import answer_comments

    report = build_report(discussion["draft"])
    c1 = discussion["comments"][0]
    answer_comments([c1], by=responder, decision="rejected", reasoning="Передумали")
    row = report.entries.get(comment=c1)
    assert (row.decision, row.reasoning) == ("accepted", "")
    # c3, the campaign and the alternative, as when built.
    assert report.entries.unanswered().count() == 3
    # A new snapshot shows the edit; the old one stays as it was.
    newer = build_report(discussion["draft"])
    assert newer.entries.get(comment=c1).decision == "rejected"
    assert report.entries.get(comment=c1).decision == "accepted"
