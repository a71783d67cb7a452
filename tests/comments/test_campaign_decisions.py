"""Analysts and moderators split a comment out of its campaign or merge two campaigns, with a
reason; the decision is kept (with the comments' history) and outlives a regrouping."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from comments.bulk import regroup
from comments.models import CampaignDecision, Comment
from comments.services import merge_campaigns, split_from_campaign
from reports.services import build_report
from tests.factories import make_draft, noon, publish
from tests.factories import participant as person

TEMPLATE = "Я против этого закона, потому что он вредит малому бизнесу в наших регионах."
OTHER = "Прошу продлить переходный период для фермеров на один год, иначе они не успеют."
TEXTS = [
    TEMPLATE,
    "Здравствуйте! " + TEMPLATE,
    TEMPLATE + " С уважением, Айгуль.",
    OTHER,
    OTHER + " Спасибо.",
]


@pytest.fixture
def campaign(body, editor, django_capture_on_commit_callbacks):
    """Two campaigns on an open draft: the first three comments, and the last two."""
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=10, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        posted = [
            Comment.post(
                draft=draft,
                author=person(f"c{n}@example.kg"),
                text=text,
                position="objection",
                now=noon(5),
            )[0]
            for n, text in enumerate(TEXTS)
        ]
    for comment in posted:
        comment.refresh_from_db()
    first, _, _, fourth, _ = posted
    assert [c.campaign_lead_id for c in posted] == [None, first.pk, first.pk, None, fourth.pk]
    return draft, posted


def leads(draft):
    return dict(Comment.objects.filter(draft=draft).values_list("pk", "campaign_lead"))


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("anonymous", False),
        ("citizen", False),
        ("editor", False),
        ("responder", False),
        ("moderator", True),
        ("analyst", True),
    ],
)
def test_who_may_split(role, allowed, campaign, client_for, request):
    draft, posted = campaign
    user = None if role == "anonymous" else request.getfixturevalue(role)
    url = reverse("comments:campaign-split", args=[posted[2].pk])
    response = client_for(user).post(url, {"reason": "Другая просьба."})
    if allowed:
        assert response.status_code == 302
        assert leads(draft)[posted[2].pk] is None
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert leads(draft)[posted[2].pk] == posted[0].pk
        assert not CampaignDecision.objects.exists()


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("anonymous", False),
        ("citizen", False),
        ("editor", False),
        ("responder", False),
        ("moderator", True),
        ("analyst", True),
    ],
)
def test_who_may_merge(
    role, allowed, campaign, client_for, request, django_capture_on_commit_callbacks
):
    draft, posted = campaign
    user = None if role == "anonymous" else request.getfixturevalue(role)
    url = reverse("comments:campaign-merge", args=[draft.reference, posted[0].pk])
    response = client_for(user).post(url, {"other": posted[4].receipt, "reason": "Одна кампания."})
    merged = leads(draft)[posted[3].pk] == posted[0].pk
    assert merged is allowed
    assert response.status_code == (302 if allowed or role == "anonymous" else 403)


def test_a_reason_is_required(campaign, analyst, client_for):
    draft, posted = campaign
    with pytest.raises(ValidationError):
        split_from_campaign(posted[1], by=analyst, reason="  ")
    with pytest.raises(ValidationError):
        merge_campaigns(posted[0], posted[3], by=analyst, reason="")
    response = client_for(analyst).post(
        reverse("comments:campaign-split", args=[posted[1].pk]), {"reason": ""}
    )
    assert response.status_code == 302
    assert leads(draft)[posted[1].pk] == posted[0].pk
    assert not CampaignDecision.objects.exists()


def test_the_service_refuses_others_too(campaign, responder):
    _draft, posted = campaign
    with pytest.raises(PermissionDenied):
        split_from_campaign(posted[1], by=responder, reason="x")


def test_decisions_are_kept_in_history(campaign, moderator, analyst):
    draft, posted = campaign
    split_from_campaign(posted[2], by=moderator, reason="Другая просьба.")
    merge_campaigns(posted[0], posted[4], by=analyst, reason="Одна и та же позиция.")
    decisions = list(CampaignDecision.objects.values_list("action", "decided_by", "reason"))
    assert decisions == [
        ("split", moderator.pk, "Другая просьба."),
        ("merge", analyst.pk, "Одна и та же позиция."),
    ]
    assert CampaignDecision.history.count() == 2
    row = posted[2].history.latest()
    assert (row.campaign_lead_id, row.history_user_id, row.history_change_reason) == (
        None,
        moderator.pk,
        "Другая просьба.",
    )
    assert posted[3].history.latest().campaign_lead_id == posted[0].pk
    assert posted[3].history.latest().history_user_id == analyst.pk


def test_splitting_the_first_comment_keeps_the_rest_together(campaign, analyst):
    draft, posted = campaign
    split_from_campaign(posted[0], by=analyst, reason="Не о том.")
    found = leads(draft)
    assert (found[posted[0].pk], found[posted[1].pk], found[posted[2].pk]) == (
        None,
        None,
        posted[1].pk,
    )


def test_a_comment_alone_cannot_be_split(campaign, analyst):
    _draft, posted = campaign
    split_from_campaign(posted[4], by=analyst, reason="Не о том.")
    with pytest.raises(ValidationError):
        split_from_campaign(posted[3], by=analyst, reason="Ещё раз.")


def test_regrouping_and_later_comments_keep_the_decisions(
    campaign, analyst, django_capture_on_commit_callbacks
):
    draft, posted = campaign
    split_from_campaign(posted[2], by=analyst, reason="Другая просьба.")
    merge_campaigns(posted[0], posted[3], by=analyst, reason="Одна позиция.")
    decided = leads(draft)
    regroup([draft.pk])
    assert leads(draft) == decided
    # A later copy of the split comment's text joins nobody through it.
    with django_capture_on_commit_callbacks(execute=True):
        later, _ = Comment.post(
            draft=draft,
            author=person("later@example.kg"),
            text=TEXTS[2],
            position="objection",
            now=noon(4),
        )
    later.refresh_from_db()
    # ... it joins the campaign of its likes that still are one (the first comments).
    assert later.campaign_lead_id == posted[0].pk
    assert leads(draft)[posted[2].pk] is None


def test_the_next_report_uses_the_decisions(campaign, analyst, editor):
    draft, posted = campaign
    split_from_campaign(posted[2], by=analyst, reason="Другая просьба.")
    merge_campaigns(posted[0], posted[3], by=analyst, reason="Одна позиция.")
    draft.refresh_from_db()
    draft.close(by=editor)
    stats = build_report(draft).statistics["campaigns"]
    assert (stats["campaigns"], stats["comments_in_campaigns"], stats["distinct_positions"]) == (
        1,
        4,
        2,
    )
    assert [row["size"] for row in stats["list"]] == [4]


def test_the_campaign_page_offers_the_forms_to_curators_only(
    campaign, client_for, analyst, citizen
):
    draft, posted = campaign
    url = reverse("comments:campaign", args=[draft.reference, posted[0].pk])
    split = reverse("comments:campaign-split", args=[posted[1].pk])
    assert split in client_for(analyst).get(url).content.decode()
    assert split not in client_for(citizen).get(url).content.decode()
