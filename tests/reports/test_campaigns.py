"""Mass campaigns: identical and near-identical texts group; different opinions do not.

Comments join their campaign when posted (`Comment.post`); bulk loads and `regroup_campaigns`
group a whole discussion at once (`comments.campaigns.group`). Both follow one rule, tested
here; how well it finds campaigns is measured in tests/comments/test_campaign_detection.py."""

import pytest

from comments.bulk import regroup
from comments.campaigns import SHINGLE, THRESHOLD, Shape, fold, group, similarity
from comments.models import Comment
from comments.services import moderate_comment
from reports.services import build_report
from tests.factories import make_draft, noon, publish
from tests.factories import participant as person

TEMPLATE = "я против этого закона потому что он вредит малому бизнесу в регионах"


def campaigns_of(leads: dict[int, int]) -> list[list[int]]:
    """Campaigns (two or more comments) from {comment: first comment of its campaign}."""
    found = {}
    for pk, lead in leads.items():
        found.setdefault(lead, {lead}).add(pk)
    return sorted(sorted(members) for members in found.values())


def test_small_edits_of_one_template_are_one_campaign():
    texts = [
        (1, TEMPLATE),
        (2, TEMPLATE.replace("малому", "среднему")),  # one word changed
        (3, TEMPLATE + " страны"),  # one word added at the end
        (4, "категорически " + TEMPLATE),  # one word added at the start
        (5, TEMPLATE.upper() + "!!!"),  # identical once normalised
    ]
    assert campaigns_of(group(texts).leads) == [[1, 2, 3, 4, 5]]


def test_different_opinions_on_the_same_subject_stay_apart():
    texts = [
        (1, TEMPLATE),
        (2, "я против этого закона потому что он повышает налоги для всех граждан страны"),
        (3, "поддерживаю этот закон он поможет малому бизнесу в регионах"),
    ]
    assert campaigns_of(group(texts).leads) == []


def test_short_texts_group_only_when_identical():
    texts = [(1, "Поддерживаю"), (2, "поддерживаю!"), (3, "поддерживаю полностью")]
    assert campaigns_of(group(texts).leads) == [[1, 2]]


# FIRST and SECOND share their middle (half of their pieces): two campaigns. BRIDGE holds
# the whole of both, and is alike to each.
A = "Прошу продлить переходный период для фермеров на один год."
B = (
    "Налоговая нагрузка на малый бизнес в регионах растёт каждый год, "
    "а отчётность становится сложнее."
)
C = "Нужно опубликовать расчёты министерства по доходам бюджета."
FIRST, SECOND, BRIDGE = f"{A} {B}", f"{B} {C}", f"{A} {B} {C}"


def alike(a, b):
    return similarity(Shape.of(a).signature, Shape.of(b).signature)


def test_a_text_resembling_two_campaigns_joins_them():
    assert alike(FIRST, SECOND) < THRESHOLD <= min(alike(BRIDGE, FIRST), alike(BRIDGE, SECOND))
    assert campaigns_of(group([(1, FIRST), (2, SECOND)]).leads) == []
    assert campaigns_of(group([(1, FIRST), (2, SECOND), (3, BRIDGE)]).leads) == [[1, 2, 3]]


def test_signatures_estimate_the_overlap_of_pieces_the_threshold_is_about():
    def pieces(text):
        folded = fold(text)
        return {folded[i : i + SHINGLE] for i in range(len(folded) - SHINGLE + 1)}

    for a, b in [(FIRST, SECOND), (BRIDGE, FIRST), (TEMPLATE, TEMPLATE + " страны")]:
        exact = len(pieces(a) & pieces(b)) / len(pieces(a) | pieces(b))
        assert abs(alike(a, b) - exact) < 0.1


def test_fused_words_and_reordered_sentences_stay_alike():
    fused = TEMPLATE.replace("малому бизнесу", "маломубизнесу")
    assert fold(fused) == fold(TEMPLATE)
    reordered = f"{C} {A}"
    assert alike(f"{A} {C}", reordered) >= THRESHOLD


@pytest.fixture
def open_draft(body, editor):
    return publish(make_draft(body, by=editor), days=30, started_days_ago=40, by=editor)


def post_all(draft, texts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return [
            Comment.post(
                draft=draft,
                author=person(f"p{n}@example.kg"),
                text=text,
                position="other",
                now=noon(35),
            )[0]
            for n, text in enumerate(texts)
        ]


CAMPAIGN_TEXTS = [
    "Я против этого закона, потому что он вредит малому бизнесу в регионах.",
    "Я ПРОТИВ этого закона потому что он вредит малому бизнесу в регионах!!!",
    "Я против этого закона, потому что он вредит малому бизнесу в наших регионах",
    "Прошу уточнить статью 3: кто утверждает план закупок?",
    "Поддерживаю.",
    "поддерживаю",
]


def test_comments_join_their_campaign_when_posted(open_draft, django_capture_on_commit_callbacks):
    posted = post_all(open_draft, CAMPAIGN_TEXTS, django_capture_on_commit_callbacks)
    leads = {c.pk: c.campaign_lead_id for c in posted if c.campaign_lead_id}
    first, *_ = posted
    assert leads == {posted[1].pk: first.pk, posted[2].pk: first.pk, posted[5].pk: posted[4].pk}


def test_grouping_a_whole_discussion_gives_what_posting_gave(
    open_draft, django_capture_on_commit_callbacks
):
    posted = post_all(open_draft, CAMPAIGN_TEXTS, django_capture_on_commit_callbacks)
    as_posted = dict(Comment.objects.filter(draft=open_draft).values_list("pk", "campaign_lead"))
    Comment.objects.filter(draft=open_draft).update(campaign_lead=None)
    regroup([open_draft.pk])
    assert dict(Comment.objects.filter(draft=open_draft).values_list("pk", "campaign_lead")) == (
        as_posted
    )
    assert as_posted[posted[1].pk] == posted[0].pk


def test_a_posted_text_resembling_two_campaigns_joins_them(
    open_draft, django_capture_on_commit_callbacks
):
    first, second, bridge = post_all(
        open_draft, [FIRST, SECOND, BRIDGE], django_capture_on_commit_callbacks
    )
    second.refresh_from_db()
    assert (second.campaign_lead_id, bridge.campaign_lead_id) == (first.pk, first.pk)


def test_campaigns_in_a_discussion_are_counted_apart_never_dropped(
    open_draft, editor, django_capture_on_commit_callbacks
):
    post_all(open_draft, CAMPAIGN_TEXTS, django_capture_on_commit_callbacks)
    open_draft.refresh_from_db()
    open_draft.close(by=editor)
    report = build_report(open_draft)
    found = report.statistics["campaigns"]
    assert found["list"] and len(found["list"]) == 2
    assert {key: value for key, value in found.items() if key != "list"} == {
        "campaigns": 2,
        "comments_in_campaigns": 5,
        # 6 comments: a campaign of 3, one of 2 and one alone.
        "distinct_positions": 3,
        "threshold": THRESHOLD,
        "shingle": SHINGLE,
        "min_words": 5,
    }
    sizes = sorted(entry.campaign_size for entry in report.entries.all())
    assert sizes == [1, 2, 3]
    assert sum(sizes) == len(CAMPAIGN_TEXTS)


def test_a_campaign_whose_first_comment_is_hidden_stands_as_its_next_one(
    open_draft, editor, moderator, django_capture_on_commit_callbacks
):
    posted = post_all(open_draft, CAMPAIGN_TEXTS[:3], django_capture_on_commit_callbacks)
    moderate_comment(posted[0], by=moderator, hide=True, reason="spam")
    open_draft.refresh_from_db()
    open_draft.close(by=editor)
    report = build_report(open_draft)
    rows = list(report.entries.all())
    assert [(row.comment_id, row.campaign_size) for row in rows] == [(posted[1].pk, 2)]
    assert report.statistics["campaigns"]["comments_in_campaigns"] == 2
    assert report.statistics["participation"]["comments_hidden"] == 1
