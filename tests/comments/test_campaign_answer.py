"""A responder of the draft's body answers a whole campaign once: every member gets the answer
(its author is notified and reads it under the comment), and a comment joining the campaign
later gets it too."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Membership
from comments.models import Answer, CampaignAnswer, Notification
from comments.services import (
    answer_campaign,
    merge_campaigns,
    post_comment,
    split_from_campaign,
)
from tests.factories import MembershipFactory, make_draft, noon, publish
from tests.factories import participant as person

TEMPLATE = "Я против этого закона, потому что он вредит малому бизнесу в наших регионах."
TEXTS = [TEMPLATE, "Здравствуйте! " + TEMPLATE, TEMPLATE + " С уважением, Айгуль.", TEMPLATE]
ALONE = "Прошу продлить переходный период для фермеров на один год, иначе они не успеют."


@pytest.fixture
def outsider_responder(other_body):
    return MembershipFactory(organization=other_body, role=Membership.Role.RESPONDER).user


@pytest.fixture
def campaign(body, editor, django_capture_on_commit_callbacks):
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=10, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        posted = [
            post_comment(
                draft=draft,
                author=person(f"c{n}@example.kg"),
                text=text,
                position="objection",
                now=noon(5),
            )[0]
            for n, text in enumerate([*TEXTS, ALONE])
        ]
    for comment in posted:
        comment.refresh_from_db()
    assert {c.campaign_lead_id for c in posted[1:4]} == {posted[0].pk}
    mail.outbox.clear()
    return draft, posted


def test_the_answer_fans_out_to_every_member(
    campaign, responder, client_for, django_capture_on_commit_callbacks
):
    draft, posted = campaign
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(responder).post(
            reverse("comments:campaign-answer", args=[posted[2].pk]),
            {"decision": "rejected", "reasoning": "Нагрузка на бизнес не растёт: см. расчёт."},
        )
    assert response.status_code == 302
    given = CampaignAnswer.objects.get()
    members = posted[:4]
    answers = Answer.objects.filter(comment__in=members)
    assert answers.count() == 4
    assert set(answers.values_list("campaign_answer", "decision", "answered_by")) == {
        (given.pk, "rejected", responder.pk)
    }
    # Each answer has its history row (the report reads answers as they stood from it).
    assert Answer.history.filter(comment__in=members).count() == 4
    assert not Answer.objects.filter(comment=posted[4]).exists()
    # Four authors, four notifications, once each.
    assert sorted(m.to[0] for m in mail.outbox) == [f"c{n}@example.kg" for n in range(4)]
    assert Notification.objects.filter(key__startswith="answer:").count() == 4
    # Each author reads it under their own comment.
    page = client_for(members[3].author).get(draft.get_absolute_url()).content.decode()
    assert "Нагрузка на бизнес не растёт" in page
    # ...and learns it was given to the whole campaign, with the way to its other comments.
    campaign_page = reverse("comments:campaign", args=[draft.reference, posted[0].pk])
    assert page.count("Given once to the whole campaign") == 4
    assert f'href="{campaign_page}"' in page
    # The alone comment keeps waiting, with no such line.
    assert client_for(responder).get(campaign_page).status_code == 200


def test_the_draft_page_counts_a_campaign_as_one_position(campaign, client):
    draft, _posted = campaign
    page = client.get(draft.get_absolute_url()).content.decode()
    # Five comments: four of one campaign and one alone.
    assert "5 comments" in page and "2 distinct positions" in page


def test_a_campaign_is_answered_once(campaign, responder):
    _draft, posted = campaign
    answer_campaign(posted[0], by=responder, decision="noted", reasoning="Учтено.")
    with pytest.raises(ValidationError):
        answer_campaign(posted[1], by=responder, decision="accepted")


def test_a_member_answered_already_keeps_its_answer(campaign, responder):
    from comments.services import answer_comments

    _draft, posted = campaign
    answer_comments([posted[1]], by=responder, decision="partly", reasoning="Частично.")
    given = answer_campaign(posted[0], by=responder, decision="noted", reasoning="Учтено.")
    assert given.answered == 3
    assert Answer.objects.get(comment=posted[1]).decision == "partly"


def test_a_responder_of_another_body_is_refused(campaign, outsider_responder, client_for):
    _draft, posted = campaign
    with pytest.raises(PermissionDenied):
        answer_campaign(posted[0], by=outsider_responder, decision="noted", reasoning="x")
    response = client_for(outsider_responder).post(
        reverse("comments:campaign-answer", args=[posted[0].pk]),
        {"decision": "noted", "reasoning": "x"},
    )
    assert response.status_code == 403
    assert not Answer.objects.exists() and not CampaignAnswer.objects.exists()


@pytest.mark.parametrize("role", ["citizen", "editor", "moderator", "analyst"])
def test_only_responders_answer_campaigns(role, campaign, client_for, request):
    _draft, posted = campaign
    response = client_for(request.getfixturevalue(role)).post(
        reverse("comments:campaign-answer", args=[posted[0].pk]),
        {"decision": "noted", "reasoning": "x"},
    )
    assert response.status_code == 403
    assert not CampaignAnswer.objects.exists()


def test_reasons_are_required_unless_accepted(campaign, responder):
    _draft, posted = campaign
    with pytest.raises(ValidationError):
        answer_campaign(posted[0], by=responder, decision="rejected", reasoning=" ")
    assert answer_campaign(posted[0], by=responder, decision="accepted").answered == 4


def test_a_comment_alone_is_no_campaign(campaign, responder):
    _draft, posted = campaign
    with pytest.raises(ValidationError):
        answer_campaign(posted[4], by=responder, decision="accepted")


def test_a_later_member_is_covered_by_the_answer(
    campaign, responder, django_capture_on_commit_callbacks
):
    draft, posted = campaign
    with django_capture_on_commit_callbacks(execute=True):
        given = answer_campaign(posted[0], by=responder, decision="noted", reasoning="Учтено.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        later, _ = post_comment(
            draft=draft,
            author=person("later@example.kg"),
            text="Добрый день. " + TEMPLATE,
            position="objection",
            now=noon(3),
        )
        alone, _ = post_comment(
            draft=draft,
            author=person("alone@example.kg"),
            text="Совсем другое мнение: закон нужно принять как можно скорее, без поправок.",
            position="support",
            now=noon(3),
        )
    later.refresh_from_db()
    assert later.campaign_lead_id == posted[0].pk
    assert later.answer.campaign_answer == given
    assert (later.answer.decision, later.answer.reasoning) == ("noted", "Учтено.")
    assert not Answer.objects.filter(comment=alone).exists()
    answers = [m for m in mail.outbox if m.to == ["later@example.kg"] and "Учтено." in m.body]
    assert len(answers) == 1


def test_the_answer_outlives_a_split_of_the_first_comment(
    campaign, responder, analyst, django_capture_on_commit_callbacks
):
    draft, posted = campaign
    answer_campaign(posted[0], by=responder, decision="noted", reasoning="Учтено.")
    split_from_campaign(posted[0], by=analyst, reason="Не о том.")
    with django_capture_on_commit_callbacks(execute=True):
        later, _ = post_comment(
            draft=draft,
            author=person("later@example.kg"),
            text=TEMPLATE + " Спасибо.",
            position="objection",
            now=noon(3),
        )
    later.refresh_from_db()
    assert later.campaign_lead_id == posted[1].pk
    assert Answer.objects.get(comment=later).campaign_answer.campaign_id == posted[0].pk


def test_an_answered_campaign_merged_into_another_still_answers_newcomers(
    campaign, responder, analyst, django_capture_on_commit_callbacks
):
    draft, posted = campaign
    other = "Требуем вернуть льготы пенсионерам на проезд в городском транспорте по всей стране."
    second = [
        post_comment(
            draft=draft,
            author=person(f"o{n}@example.kg"),
            text=text,
            position="objection",
            now=noon(4),
        )[0]
        for n, text in enumerate([other, "Добрый день! " + other])
    ]
    second[1].refresh_from_db()
    assert second[1].campaign_lead_id == second[0].pk
    given = answer_campaign(second[0], by=responder, decision="noted", reasoning="Учтено.")
    # The answered campaign is merged into the earlier, unanswered one: it is named by
    # posted[0] now, and its answer is still what a newcomer with its wording gets.
    merge_campaigns(posted[0], second[0], by=analyst, reason="Одна позиция.")
    with django_capture_on_commit_callbacks(execute=True):
        later, _ = post_comment(
            draft=draft,
            author=person("late@example.kg"),
            text=other + " Спасибо.",
            position="objection",
        )
    later.refresh_from_db()
    assert later.campaign_lead_id == posted[0].pk
    assert Answer.objects.get(comment=later).campaign_answer == given


def test_the_campaign_page_offers_the_answer_to_the_body_s_responders(
    campaign, responder, outsider_responder, client_for
):
    draft, posted = campaign
    url = reverse("comments:campaign", args=[draft.reference, posted[0].pk])
    action = reverse("comments:campaign-answer", args=[posted[0].pk])
    assert action in client_for(responder).get(url).content.decode()
    assert action not in client_for(outsider_responder).get(url).content.decode()
