import pytest
from django.core import mail
from django.urls import reverse

from comments.models import Comment, CommentReport, ModerationEvent
from tests.factories import post_comment


@pytest.fixture
def comment(open_draft, voter):
    return post_comment(open_draft, voter, "Оскорбительный текст")


def test_i_agree_once_and_not_with_myself(client_for, comment, voter, other_voter):
    web = client_for(other_voter)
    web.post(reverse("comments:agree", args=[comment.pk]))
    web.post(reverse("comments:agree", args=[comment.pk]))
    client_for(voter).post(reverse("comments:agree", args=[comment.pk]))
    assert comment.agreements.count() == 1
    assert "1 person agrees" in client_for(None).get(comment.draft.get_absolute_url()).text


def test_agreeing_stops_when_the_discussion_closes(client_for, comment, other_voter, editor):
    comment.draft.close(by=editor)
    client_for(other_voter).post(reverse("comments:agree", args=[comment.pk]))
    assert not comment.agreements.exists()


def test_report_hide_log_and_author_told(
    client_for, comment, other_voter, moderator, django_capture_on_commit_callbacks
):
    client_for(other_voter).post(
        reverse("comments:report", args=[comment.pk]), {"reason": "insult", "note": "Грубость"}
    )
    assert CommentReport.objects.filter(comment=comment).count() == 1
    web = client_for(moderator)
    assert comment in web.get(reverse("comments:moderation")).context["page"]
    with django_capture_on_commit_callbacks(execute=True):
        web.post(
            reverse("comments:moderate", args=[comment.pk]), {"action": "hide", "reason": "insult"}
        )
    comment.refresh_from_db()
    assert comment.is_hidden and comment.text == "Оскорбительный текст"  # never deleted
    page = client_for(None).get(comment.draft.get_absolute_url()).text
    assert "Оскорбительный текст" not in page
    assert "This comment was hidden by a moderator. Reason: Insult." in page
    assert "1 comment" in page  # still counted
    log = client_for(None).get(reverse("comments:moderation-log")).text
    assert "Insult" in log
    assert mail.outbox[-1].to == [comment.author.email]
    assert comment.history.count() >= 2
    web = client_for(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        web.post(reverse("comments:moderate", args=[comment.pk]), {"action": "restore"})
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert list(ModerationEvent.objects.values_list("action", flat=True)) == ["restore", "hide"]


def test_other_reason_needs_a_note(client_for, comment, moderator):
    client_for(moderator).post(
        reverse("comments:moderate", args=[comment.pk]), {"action": "hide", "reason": "other"}
    )
    comment.refresh_from_db()
    assert not comment.is_hidden


@pytest.mark.parametrize("who", ["citizen", "editor", "responder", "analyst"])
def test_only_moderators_moderate(request, client_for, comment, who):
    web = client_for(request.getfixturevalue(who))
    assert web.get(reverse("comments:moderation")).status_code == 403
    response = web.post(
        reverse("comments:moderate", args=[comment.pk]), {"action": "hide", "reason": "spam"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_open_redirect_is_refused(client_for, comment, moderator):
    response = client_for(moderator).post(
        reverse("comments:moderate", args=[comment.pk]),
        {"action": "hide", "reason": "spam", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("comments:moderation")


def test_queue_shows_reasons_and_notes_with_disputes_first(
    client_for, comment, voter, other_voter, moderator
):
    from tests.factories import participant

    disputed = Comment.post(
        draft=comment.draft, author=voter, text="Написано от чужого имени", position="other"
    )[0]
    real_person = participant("real@example.kg")
    client_for(other_voter).post(
        reverse("comments:report", args=[comment.pk]), {"reason": "spam", "note": "Реклама"}
    )
    client_for(real_person).post(
        reverse("comments:report", args=[disputed.pk]),
        {"reason": "identity_misuse", "note": "Я этого не писал"},
    )
    response = client_for(moderator).get(reverse("comments:moderation"))
    assert list(response.context["page"]) == [disputed, comment]  # the dispute first
    page = response.text
    assert page.index("Я этого не писал") < page.index("Реклама")
    assert "Filed in someone else&#x27;s name" in page
    assert "disputed by real@example.kg" in page
    assert '<option value="identity_misuse" selected>' in page.split("Реклама")[0]
    assert '<option value="spam" selected>' in page.split("Реклама")[1]


def test_moderator_hides_and_restores_where_the_comment_is_shown(
    client_for, comment, moderator, voter, django_capture_on_commit_callbacks
):
    thread = reverse("comments:thread", args=[comment.draft.reference])
    assert "Hide this comment (moderator)" not in client_for(voter).get(thread).text
    web = client_for(moderator)
    assert "Hide this comment (moderator)" in web.get(comment.draft.get_absolute_url()).text
    assert "Hide this comment (moderator)" in web.get(thread).text
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(
            reverse("comments:moderate", args=[comment.pk]),
            {"action": "hide", "reason": "personal_data", "next": f"{thread}#comment-{comment.pk}"},
        )
    assert response["Location"] == f"{thread}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.is_hidden  # no report was needed
    page = web.get(thread).text
    assert "Restore the comment" in page
    with django_capture_on_commit_callbacks(execute=True):
        web.post(
            reverse("comments:moderate", args=[comment.pk]), {"action": "restore", "next": thread}
        )
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert [m.to for m in mail.outbox] == [[voter.email], [voter.email]]
    assert "was hidden" in mail.outbox[0].subject and "visible again" in mail.outbox[1].subject
    assert "Personal data of others" in mail.outbox[0].body


def test_restoring_a_visible_comment_is_refused(client_for, comment, moderator):
    client_for(moderator).post(
        reverse("comments:moderate", args=[comment.pk]), {"action": "restore"}
    )
    assert not ModerationEvent.objects.exists()


def test_draft_page_counts_hidden_comments_beside_the_total(
    client_for, comment, other_voter, moderator
):
    Comment.post(draft=comment.draft, author=other_voter, text="Второй", position="other")
    client_for(moderator).post(
        reverse("comments:moderate", args=[comment.pk]), {"action": "hide", "reason": "insult"}
    )
    page = client_for(None).get(comment.draft.get_absolute_url()).text
    assert "2 comments, 1 hidden by moderators" in page


def test_the_moderation_queue_costs_the_same_queries_for_many_reported_comments(
    client_for, open_draft, voter, other_voter, moderator, responder, django_assert_max_num_queries
):
    from comments.services import answer_comments

    web = client_for(moderator)

    def report_answered_comments(count):
        for n in range(count):
            comment = Comment.post(
                draft=open_draft, author=voter, text=f"Замечание {n}", position="other"
            )[0]
            answer_comments([comment], by=responder, decision="rejected", reasoning="Нет")
            CommentReport.objects.create(comment=comment, reporter=other_voter, reason="spam")

    report_answered_comments(1)
    with django_assert_max_num_queries(50) as few:
        assert web.get(reverse("comments:moderation")).status_code == 200
    report_answered_comments(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = web.get(reverse("comments:moderation"))
    assert len(page.context["page"]) == 11
