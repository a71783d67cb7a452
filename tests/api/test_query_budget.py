"""Every list runs the same number of SQL queries with 10 and with 1,000 rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.bulk import create_bulk_comments
from comments.models import Comment
from drafts.bulk import create_bulk_drafts
from plans.models import LegislativePlan, PlanItem
from reports.models import Report

ENDPOINTS = ["drafts", "versions", "comments", "alternatives", "plans", "plan-items", "reports"]


def grow(count: int, body):
    """`count` rows for every list: drafts with versions, comments, alternatives, plans, plan
    items and published reports."""
    draft_ids = create_bulk_drafts(count, 3, seed=count)
    create_bulk_comments(draft_ids[:1], count)
    create_bulk_comments(draft_ids[1:2], count)
    Comment.objects.filter(draft_id=draft_ids[1]).update(kind=Comment.Kind.ALTERNATIVE)
    start = LegislativePlan.objects.order_by("-year").values_list("year", flat=True).first() or 2100
    plans = LegislativePlan.objects.bulk_create(
        LegislativePlan(
            organization=body,
            year=start + 1 + n,
            status="approved",
            approval_reference="Приказ",
            approved_on=datetime.date(2025, 1, 1),
        )
        for n in range(count)
    )
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plans[0],
            title_ru=f"Акт {n}",
            act_type="law",
            responsible=body,
            quarter=1 + n % 4,
            due_from=datetime.date(plans[0].year, 1, 1),
            due_until=datetime.date(plans[0].year, 3, 31),
            draft_id=draft_ids[n],
        )
        for n in range(count)
    )
    now = timezone.now()
    Report.objects.bulk_create(
        Report(draft_id=draft_id, number=1, built_at=now, statistics={"n": 1}, published_at=now)
        for draft_id in draft_ids
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_queries_do_not_grow_with_rows(
    client, body, endpoint, settings, django_assert_max_num_queries
):
    settings.SEP_API_RATE_ANON = "10000/minute"
    url = f"/api/v1/{endpoint}/?page_size=500"
    grow(10, body)
    budget, small = count_queries(client, url)
    assert small >= 10
    grow(1000, body)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert len(response.json()["results"]) == 500
    assert budget <= 8


@pytest.mark.parametrize("path", ["/api/v1/comments/", "/api/v1/versions/", "/api/v1/drafts/"])
def test_rows_do_not_carry_the_whole_act_for_search(client, body, path):
    """A row that names its draft must not fetch the search columns: `body_text` is the whole
    text of the act, and a page of 500 comments would carry it 500 times."""
    grow(3, body)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    selects = [q["sql"].split(" FROM ")[0] for q in queries.captured_queries]
    assert not [s for s in selects if "body_text" in s or "search_vector" in s]
