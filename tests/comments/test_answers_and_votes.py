import threading

import pytest
from django.db import connection
from django.urls import reverse

from comments.models import Answer, Comment, Vote
from drafts.models import Draft
from tests.factories import make_draft, participant, post_comment, publish


@pytest.fixture
def comment(open_draft, voter):
    section = open_draft.current_version.sections.get(kind="article", number="2")
    return post_comment(open_draft, voter, "Уточнить понятия", "proposal", section=section)


def test_responder_answers_from_the_queue_and_the_answer_is_public(
    client_for, responder, comment, client
):
    web = client_for(responder)
    queue = web.get(reverse("comments:queue"))
    assert comment in queue.context["page"]
    web.post(
        reverse("comments:answer", args=[comment.pk]),
        {"decision": "rejected", "reasoning": "Понятия уже определены"},
    )
    answer = Answer.objects.get(comment=comment)
    assert answer.organization == comment.draft.organization
    assert comment not in web.get(reverse("comments:queue")).context["page"]
    page = client_for(None).get(comment.draft.get_absolute_url()).text
    assert "Понятия уже определены" in page
    assert "Rejected" in page


def test_reasoning_is_required_unless_accepted(client_for, responder, comment):
    web = client_for(responder)
    response = web.post(
        reverse("comments:answer", args=[comment.pk]), {"decision": "rejected", "reasoning": ""}
    )
    assert response.status_code == 200
    assert not Answer.objects.exists()
    web.post(reverse("comments:answer", args=[comment.pk]), {"decision": "accepted"})
    assert Answer.objects.get().decision == "accepted"


def test_edited_answers_keep_history_and_say_edited(client_for, responder, comment):
    web = client_for(responder)
    web.post(
        reverse("comments:answer", args=[comment.pk]), {"decision": "noted", "reasoning": "Учтём"}
    )
    web.post(
        reverse("comments:answer", args=[comment.pk]),
        {"decision": "partly", "reasoning": "Учтём частично"},
    )
    answer = Answer.objects.get()
    assert answer.history.count() == 2
    assert answer.was_edited
    assert "edited" in client_for(None).get(comment.draft.get_absolute_url()).text


def test_one_answer_for_several_identical_proposals(
    client_for, responder, open_draft, voter, other_voter
):
    first = Comment.post(
        draft=open_draft, author=voter, text="Снизить пошлину", position="proposal"
    )[0]
    second = Comment.post(
        draft=open_draft, author=other_voter, text="Снизить пошлину", position="proposal"
    )[0]
    client_for(responder).post(
        reverse("comments:queue"),
        {"comments": [first.pk, second.pk], "decision": "partly", "reasoning": "Снижена на 20%"},
    )
    assert Answer.objects.filter(reasoning="Снижена на 20%").count() == 2


def test_accepted_answer_points_at_the_later_article(client_for, responder, comment, editor):
    draft = comment.draft
    draft.add_version(
        text_ru=draft.current_version.text_ru.replace("поставщика", "участника"),
        change_note="x",
        by=editor,
    )
    later = draft.current_version.sections.get(kind="article", number="2")
    client_for(responder).post(
        reverse("comments:answer", args=[comment.pk]),
        {"decision": "accepted", "carried_in": later.pk},
    )
    assert Answer.objects.get().carried_in == later


def test_answering_stays_possible_after_close(client_for, responder, comment, editor):
    comment.draft.close(by=editor)
    client_for(responder).post(
        reverse("comments:answer", args=[comment.pk]),
        {"decision": "noted", "reasoning": "Принято к сведению"},
    )
    assert Answer.objects.exists()


@pytest.mark.parametrize("who", ["outsider_editor", "editor", "citizen"])
def test_nobody_outside_the_responders_of_the_body_can_answer(request, client_for, comment, who):
    user = request.getfixturevalue(who)
    web = client_for(user)
    response = web.post(reverse("comments:answer", args=[comment.pk]), {"decision": "accepted"})
    assert response.status_code == 403
    assert (
        web.post(
            reverse("comments:queue"), {"comments": [comment.pk], "decision": "accepted"}
        ).status_code
        == 404
    )
    assert not Answer.objects.exists()


def test_responder_of_another_body_cannot_answer_through_the_bulk_form(
    client_for, other_body, comment
):
    from accounts.models import Membership
    from tests.factories import MembershipFactory

    stranger = MembershipFactory(organization=other_body, role=Membership.Role.RESPONDER).user
    client_for(stranger).post(
        reverse("comments:queue"), {"comments": [comment.pk], "decision": "accepted"}
    )
    assert not Answer.objects.exists()


def test_one_vote_per_user_changeable_while_open(client_for, voter, open_draft, editor):
    web = client_for(voter)
    web.post(reverse("comments:vote", args=[open_draft.reference]), {"value": "support"})
    web.post(reverse("comments:vote", args=[open_draft.reference]), {"value": "oppose"})
    assert list(Vote.objects.values_list("value", flat=True)) == ["oppose"]
    assert "Support: 0 · Oppose: 1" in client_for(None).get(open_draft.get_absolute_url()).text
    open_draft.close(by=editor)
    client_for(voter).post(
        reverse("comments:vote", args=[open_draft.reference]), {"value": "support"}
    )
    assert Vote.objects.get().value == "oppose"


@pytest.mark.django_db(transaction=True)
def test_two_racing_votes_leave_one_row(body, editor):
    draft = publish(make_draft(body, by=editor), by=editor)
    user = participant("racer@example.kg")
    barrier = threading.Barrier(2)
    errors = []

    def vote(value):
        try:
            barrier.wait()
            Vote.cast(draft=Draft.objects.get(pk=draft.pk), user=user, value=value)
        except Exception as error:  # noqa: BLE001 — the race loser may see an IntegrityError
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(v,)) for v in ("support", "oppose")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Vote.objects.filter(draft=draft, user=user).count() == 1
    assert errors == []


def test_diff_shows_which_accepted_proposals_a_new_version_carries(
    client_for, responder, comment, editor
):
    draft = comment.draft
    draft.add_version(
        text_ru=draft.current_version.text_ru.replace("поставщика", "участника"),
        change_note="x",
        by=editor,
    )
    later = draft.current_version.sections.get(kind="article", number="2")
    client_for(responder).post(
        reverse("comments:answer", args=[comment.pk]),
        {"decision": "accepted", "carried_in": later.pk},
    )
    comment.refresh_from_db()
    page = client_for(None).get(reverse("drafts:version-diff", args=[draft.reference])).text
    assert "This wording carries the accepted proposals:" in page
    assert f"#comment-{comment.pk}" in page


def test_queue_filters_by_draft_and_article(client_for, responder, open_draft, voter):
    sections = list(open_draft.current_version.sections.filter(kind="article"))
    on_first = Comment.post(
        draft=open_draft, author=voter, text="a", position="other", section=sections[0]
    )[0]
    Comment.post(draft=open_draft, author=voter, text="b", position="other", section=sections[1])
    page = client_for(responder).get(
        reverse("comments:queue"),
        {"draft": open_draft.reference, "article": sections[0].provision_id},
    )
    assert list(page.context["page"]) == [on_first]
    assert len(page.context["articles"]) == 4


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit work (the receipt number) as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_duplicate_names_the_earlier_comment_by_its_receipt(
    client_for, responder, comment, other_voter, committed
):
    with committed():
        comment._issue_receipt()
        later = Comment.post(
            draft=comment.draft, author=other_voter, text="Уточнить понятия", position="proposal"
        )[0]
    web = client_for(responder)
    response = web.post(
        reverse("comments:answer", args=[later.pk]),
        {"decision": "duplicate", "reasoning": "Повторяет замечание", "duplicate_of": ""},
    )
    assert response.status_code == 200  # the receipt number is required for a duplicate
    assert not Answer.objects.exists()
    web.post(
        reverse("comments:answer", args=[later.pk]),
        {
            "decision": "duplicate",
            "reasoning": "Повторяет замечание",
            "duplicate_of": comment.receipt.lower(),
        },
    )
    assert Answer.objects.get(comment=later).duplicate_of == comment
    page = client_for(None).get(comment.draft.get_absolute_url()).text
    assert (
        f'Duplicate of <a href="{comment.draft.get_absolute_url()}#comment-{comment.pk}">' in page
    )
    assert f"{comment.receipt}</a>" in page
    edit = client_for(responder).get(reverse("comments:answer", args=[later.pk]))
    assert edit.context["form"].initial["duplicate_of"] == comment.receipt


def test_a_duplicate_of_another_draft_or_a_later_comment_is_refused(
    client_for, responder, comment, other_voter, body, editor, committed
):
    other_draft = publish(make_draft(body, by=editor), by=editor)
    with committed():
        comment._issue_receipt()
        elsewhere = Comment.post(
            draft=other_draft, author=other_voter, text="Уточнить понятия", position="proposal"
        )[0]
        later = Comment.post(
            draft=comment.draft, author=other_voter, text="Позже", position="proposal"
        )[0]
    web = client_for(responder)
    for receipt in (elsewhere.receipt, later.receipt, comment.receipt, "нет такого"):
        response = web.post(
            reverse("comments:answer", args=[comment.pk]),
            {"decision": "duplicate", "reasoning": "Повтор", "duplicate_of": receipt},
        )
        assert response.status_code == 200
        assert "Give the receipt number of an earlier comment on the same draft." in response.text
    assert not Answer.objects.exists()


def test_answer_queue_shows_the_due_date_after_the_close(
    settings, client_for, responder, comment, editor
):
    import datetime

    settings.SEP_ANSWER_DUE_DAYS = 10
    draft = comment.draft
    draft.close(by=editor)
    draft.refresh_from_db()
    from django.utils import timezone

    due = timezone.localtime(draft.discussion_ends + datetime.timedelta(days=10))
    page = client_for(responder).get(reverse("comments:queue")).text
    assert "Answer due" in page
    assert f"<td>{due:%-d %B %Y}</td>" in page


def test_draft_list_shows_vote_totals_in_constant_queries(
    client, body, editor, voter, other_voter, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    drafts = [
        publish(make_draft(body, title_ru=f"О проекте {n}", by=editor), by=editor) for n in range(2)
    ]
    Vote.cast(draft=drafts[0], user=voter, value="support")
    Vote.cast(draft=drafts[0], user=other_voter, value="oppose")
    Vote.cast(draft=drafts[1], user=voter, value="oppose")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("drafts:list")).text
    assert page.count("Support: 1 · Oppose: 1") == 1
    assert page.count("Support: 0 · Oppose: 1") == 1
    more = [publish(make_draft(body, by=editor), by=editor) for _ in range(6)]
    for draft in more:
        Vote.cast(draft=draft, user=voter, value="support")
    with django_assert_max_num_queries(len(queries)):
        page = client.get(reverse("drafts:list"), {"subject": ""}).text
    assert page.count("Support: 1 · Oppose: 0") == 6
