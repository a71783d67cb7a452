"""Campaigns are found through the edits real campaigns carry, distinct opinions stay apart,
and the groups do not depend on the order comments came in (comments.campaigns, measured on
comments.campaign_eval)."""

import random

import pytest

from comments.bulk import create_bulk_comments, regroup
from comments.campaign_eval import evaluation_set, score
from comments.campaigns import group
from comments.models import Comment
from tests.factories import make_draft, participant, publish

SEED = 16


def groups_by_text(samples, leads: dict[int, int]) -> list[list[str]]:
    """The campaigns as sets of texts, whatever ids the comments got."""
    found: dict[int, set[str]] = {}
    for pk, sample in enumerate(samples):
        found.setdefault(leads.get(pk, pk), set()).add(sample.text)
    return sorted(sorted(texts) for texts in found.values() if len(texts) > 1)


@pytest.fixture
def open_draft(body, editor):
    return publish(make_draft(body, by=editor), days=30, started_days_ago=5, by=editor)


def post_all(draft, texts):
    authors = [participant(f"sender{n}@example.kg") for n in range(10)]
    return [
        Comment.post(draft=draft, author=authors[n % 10], text=text, position="other")[0]
        for n, text in enumerate(texts)
    ]


def test_posted_campaigns_are_found_and_distinct_opinions_stay_apart(open_draft):
    samples = evaluation_set(SEED)
    posted = post_all(open_draft, [sample.text for sample in samples])
    leads = dict(Comment.objects.filter(draft=open_draft).values_list("pk", "campaign_lead"))
    result = score(samples, [leads[c.pk] or c.pk for c in posted])
    assert result.precision >= 0.95
    assert result.recall >= 0.90
    assert result.organic_wrong <= 0.03 * result.organic


def test_the_same_comments_in_any_order_give_the_same_campaigns():
    samples = evaluation_set(SEED)
    expected = groups_by_text(samples, group(enumerate(s.text for s in samples)).leads)
    rng = random.Random(1)
    for _ in range(3):
        shuffled = rng.sample(samples, len(samples))
        leads = group(enumerate(s.text for s in shuffled)).leads
        assert groups_by_text(shuffled, leads) == expected


def test_posting_one_by_one_and_regrouping_in_bulk_give_the_same_campaigns(open_draft):
    # Another order than the set's own, posted through Comment.post, then rebuilt from scratch.
    samples = random.Random(2).sample(evaluation_set(SEED), 200)
    posted = post_all(open_draft, [sample.text for sample in samples])
    fields = ("pk", "campaign_lead", "new_wording")
    as_posted = {
        pk: rest for pk, *rest in Comment.objects.filter(draft=open_draft).values_list(*fields)
    }
    in_memory = group((c.pk, c.text) for c in posted)
    assert {pk: lead for pk, (lead, _new) in as_posted.items() if lead} == in_memory.leads
    # The report counts a campaign's variants by the new wordings: the same both ways.
    assert {pk for pk, (_lead, new) in as_posted.items() if new} == in_memory.new_wordings
    assert 0 < len(in_memory.new_wordings) < len(posted)
    Comment.objects.filter(draft=open_draft).update(campaign_lead=None, new_wording=False)
    regroup([open_draft.pk])
    rebuilt = {
        pk: rest for pk, *rest in Comment.objects.filter(draft=open_draft).values_list(*fields)
    }
    assert rebuilt == as_posted


def test_the_benchmarks_bulk_comments_are_one_campaign_and_distinct_opinions(body, editor):
    # The benchmarks' comments once were "Предложение N: …" copies that all joined one
    # campaign, so the posting and report figures measured a draft with two positions.
    draft = publish(make_draft(body, by=editor), by=editor)
    create_bulk_comments([draft.pk], 300)
    comments = Comment.objects.filter(draft=draft)
    campaign_third = comments.filter(text__startswith="Против проекта")
    assert campaign_third.count() == 100
    assert campaign_third.values("campaign_lead").distinct().count() == 2  # the lead, its members
    organic = comments.exclude(text__startswith="Против проекта")
    assert organic.filter(campaign_lead__isnull=False).count() <= 3
    assert comments.distinct_positions() >= 198
