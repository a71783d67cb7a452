"""Mass campaigns: identical and near-identical texts group; different opinions do not."""

from comments.models import Comment
from reports.campaigns import THRESHOLD, group_near_duplicates, jaccard
from reports.services import build_report
from tests.factories import make_draft, publish

from .conftest import noon, person

TEMPLATE = "я против этого закона потому что он вредит малому бизнесу в регионах"


def test_small_edits_of_one_template_are_one_campaign():
    texts = [
        (TEMPLATE, [1]),
        (TEMPLATE.replace("малому", "среднему"), [2]),  # one word changed
        (TEMPLATE + " страны", [3]),  # one word added at the end
        ("категорически " + TEMPLATE, [4]),  # one word added at the start
    ]
    assert group_near_duplicates(texts) == [[1, 2, 3, 4]]


def test_different_opinions_on_the_same_subject_stay_apart():
    texts = [
        (TEMPLATE, [1]),
        ("я против этого закона потому что он повышает налоги для всех граждан страны", [2]),
        ("поддерживаю этот закон он поможет малому бизнесу в регионах", [3]),
    ]
    assert group_near_duplicates(texts) == []


def test_short_texts_group_only_when_identical():
    # Identical normalised texts reach this function already collapsed into one id list.
    assert group_near_duplicates([("поддерживаю", [1, 2, 3]), ("поддерживаю полностью", [4])]) == [
        [1, 2, 3]
    ]


def test_the_threshold_is_where_the_documentation_says():
    words = [f"w{n}" for n in range(10)]
    one_changed = frozenset(words[:9] + ["other"])
    two_changed = frozenset(words[:8] + ["other", "another"])
    assert jaccard(frozenset(words), one_changed) >= THRESHOLD  # 9 / 11
    assert jaccard(frozenset(words), two_changed) < THRESHOLD  # 8 / 12


def test_campaigns_in_a_discussion_are_counted_apart_never_dropped(
    body, editor, django_capture_on_commit_callbacks
):
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=40, by=editor)
    texts = [
        "Я против этого закона, потому что он вредит малому бизнесу в регионах.",
        "Я ПРОТИВ этого закона потому что он вредит малому бизнесу в регионах!!!",
        "Я против этого закона, потому что он вредит малому бизнесу в наших регионах",
        "Прошу уточнить статью 3: кто утверждает план закупок?",
        "Поддерживаю.",
        "поддерживаю",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for n, text in enumerate(texts):
            Comment.post(
                draft=draft,
                author=person(f"p{n}@example.kg"),
                text=text,
                position="other",
                now=noon(35),
            )
    draft.refresh_from_db()
    draft.close(by=editor)
    report = build_report(draft)
    assert report.statistics["campaigns"] == {
        "campaigns": 2,
        "comments_in_campaigns": 5,
        "threshold": THRESHOLD,
        "min_words": 5,
    }
    sizes = sorted(entry.campaign_size for entry in report.entries.all())
    assert sizes == [1, 2, 3]
    assert sum(sizes) == len(texts)
