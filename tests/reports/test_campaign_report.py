"""The report says "N comments, M distinct positions" and shows each campaign: its canonical
text (the most central member), size, variants, share, days, regions and categories; the
members are listed on a page of their own."""

import pytest
from django.urls import reverse

from comments.models import Comment
from reports.services import _canonical, build_report
from tests.factories import make_draft, noon, publish
from tests.factories import participant as person

TEMPLATE = "Я против этого закона, потому что он вредит малому бизнесу в наших регионах."
MEMBERS = [
    # (text, region, category, days ago)
    (TEMPLATE, "chuy", "citizen", 36),
    ("Здравствуйте! " + TEMPLATE, "osh", "citizen", 35),
    (TEMPLATE + " С уважением, Айгуль.", "osh", "ngo", 34),
    (TEMPLATE.replace("малому", "малаому"), "naryn", "citizen", 33),
    (TEMPLATE.upper(), "chuy", "citizen", 32),  # the same variant as the first, once folded
]
OTHERS = [
    "Прошу уточнить статью 3: кто утверждает план закупок министерства?",
    "Поддерживаю проект, но сроки вступления в силу нужно продлить до года.",
]


@pytest.fixture
def closed_with_campaign(body, editor, django_capture_on_commit_callbacks):
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=40, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        members = [
            Comment.post(
                draft=draft,
                author=person(f"m{n}@example.kg", region=region, category=category),
                text=text,
                position="objection",
                now=noon(days),
            )[0]
            for n, (text, region, category, days) in enumerate(MEMBERS)
        ]
        for n, text in enumerate(OTHERS):
            Comment.post(
                draft=draft,
                author=person(f"o{n}@example.kg"),
                text=text,
                position="proposal",
                now=noon(30),
            )
    draft.refresh_from_db()
    draft.close(by=editor)
    return draft, members


def test_the_report_counts_comments_and_distinct_positions(closed_with_campaign):
    draft, members = closed_with_campaign
    stats = build_report(draft).statistics
    assert stats["participation"]["comments_published"] == 7
    # The campaign counts once: 7 comments, 3 distinct positions.
    assert stats["campaigns"]["distinct_positions"] == 3
    (campaign,) = stats["campaigns"]["list"]
    assert campaign["id"] == members[0].pk
    assert campaign["size"] == 5
    assert campaign["variants"] == 4  # the upper-case copy reads as the first once folded
    assert campaign["share"] == 71.4
    assert (campaign["first_day"], campaign["last_day"]) == (
        noon(36).date().isoformat(),
        noon(32).date().isoformat(),
    )
    assert campaign["regions"] == [["chuy", 2], ["osh", 2], ["naryn", 1]]
    assert campaign["categories"] == [["citizen", 4], ["ngo", 1]]
    # The plain template is the member most alike to all the edited ones.
    assert campaign["canonical_id"] == members[0].pk
    assert campaign["text"] == TEMPLATE


def test_the_canonical_member_is_the_most_alike_to_the_others():
    # Member 2 shares most values with both others; 1 and 3 share little with each other.
    signed = [(1, [1, 1, 1, 0]), (2, [1, 1, 2, 2]), (3, [0, 1, 2, 2])]
    assert _canonical(signed) == 2
    assert _canonical(None) is None


def test_the_report_page_shows_the_headline_and_links_the_members(closed_with_campaign, client):
    draft, members = closed_with_campaign
    report = build_report(draft)
    from reports.services import publish_report

    publish_report(report)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "7 comments, 3 distinct positions" in page
    members_url = reverse("comments:campaign", args=[draft.reference, members[0].pk])
    assert members_url in page
    assert "Jaccard similarity), are one row" not in page  # the old word-set rule is gone
    assert "60%" in page

    listed = client.get(members_url)
    assert listed.status_code == 200
    assert [c.pk for c in listed.context["page"]] == [m.pk for m in members]


def test_a_member_of_a_campaign_leads_to_its_campaign(closed_with_campaign, client):
    draft, members = closed_with_campaign
    response = client.get(reverse("comments:campaign", args=[draft.reference, members[2].pk]))
    assert response.url == reverse("comments:campaign", args=[draft.reference, members[0].pk])


def test_exports_carry_the_campaign_table(closed_with_campaign, client):
    draft, _members = closed_with_campaign
    report = build_report(draft)
    from reports.services import publish_report

    publish_report(report)
    for fmt in ("xlsx", "pdf"):
        url = reverse("reports:export", args=[draft.reference, report.number, fmt])
        assert client.get(url).status_code == 200
