import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from plans.models import PlanItem
from tests.factories import make_draft, make_item, make_items, make_plan, publish

STAFF_PAGES = [
    ("get", "plans:staff-plan", False),
    ("get", "plans:staff-item-new", False),
    ("post", "plans:staff-item-new", False),
    ("get", "plans:staff-item-edit", True),
    ("post", "plans:staff-item-edit", True),
    ("get", "plans:staff-item-drop", True),
    ("post", "plans:staff-item-drop", True),
    ("post", "plans:staff-approve", False),
    ("get", "plans:staff-import", False),
    ("post", "plans:staff-import", False),
]


@pytest.fixture(params=["draft", "approved"])
def target(request, body):
    plan = make_plan(body, approved=request.param == "approved")
    return plan, make_item(plan)


def _call(client, method, name, needs_item, target):
    plan, item = target
    args = [plan.pk, item.pk] if needs_item else [plan.pk]
    data = {
        "title_ru": "Подмена",
        "act_type": "law",
        "quarter": 1,
        "reason": "x",
        "reference": "x",
        "on": "2026-01-01",
    }
    return getattr(client, method)(reverse(name, args=args), data)


@pytest.mark.parametrize(("method", "name", "needs_item"), STAFF_PAGES)
def test_other_body_citizen_and_responder_cannot_touch_a_plan(
    client_for, outsider_editor, citizen, responder, target, method, name, needs_item
):
    plan, item = target
    public = plan.is_public
    for user, expected in [
        (outsider_editor, 403 if public else 404),
        (citizen, 403 if public else 404),
        (responder, 403),
    ]:
        response = _call(client_for(user), method, name, needs_item, target)
        assert response.status_code == expected, (user, response.status_code)
    anonymous = _call(client_for(None), method, name, needs_item, target)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    item.refresh_from_db()
    assert item.title_ru != "Подмена" and item.dropped_at is None
    assert PlanItem.objects.filter(plan=plan).count() == 1


@pytest.mark.parametrize(("method", "name", "needs_item"), STAFF_PAGES)
def test_editor_of_the_body_gets_through(client_for, editor, target, method, name, needs_item):
    assert _call(client_for(editor), method, name, needs_item, target).status_code in (200, 302)


def test_editor_builds_approves_and_publishes_a_plan(client_for, editor, body, client):
    web = client_for(editor)
    web.post(reverse("plans:staff-plans"), {"organization": body.pk, "year": 2027, "period": 1})
    plan = body.plans.get(year=2027)
    response = web.post(
        reverse("plans:staff-item-new", args=[plan.pk]),
        {"title_ru": "О закупках", "act_type": "law", "quarter": 3},
    )
    assert response.status_code == 200  # Q3 is outside a first-half plan
    web.post(
        reverse("plans:staff-item-new", args=[plan.pk]),
        {"title_ru": "О закупках", "act_type": "law", "quarter": 2},
    )
    assert (
        client_for(None)
        .get(reverse("plans:body-year", args=[body.short_name, 2027]))
        .context["items"]
        .count()
        == 0
    )
    web = client_for(editor)
    web.post(
        reverse("plans:staff-approve", args=[plan.pk]),
        {"reference": "Приказ № 12", "on": "2026-12-25"},
    )
    plan.refresh_from_db()
    assert plan.is_public
    page = client_for(None).get(reverse("plans:body-year", args=[body.short_name, 2027]))
    assert "О закупках" in page.text and "Приказ № 12" in page.text


def test_draft_plans_are_not_public(client, body):
    hidden = make_item(make_plan(body, year=2030, approved=False), title_ru="Секретный план")
    assert client.get(reverse("plans:item", args=[hidden.pk])).status_code == 404
    assert "Секретный план" not in client.get(reverse("plans:items")).text


def test_item_page_shows_the_draft_and_its_discussion(client, plan, body, editor):
    item = make_item(plan, title_ru="Об электронной подписи")
    draft = publish(
        make_draft(body, title_ru="Проект об электронной подписи", by=editor), by=editor
    )
    item.link(draft, by=editor)
    page = client.get(reverse("plans:item", args=[item.pk])).text
    assert draft.reference in page
    assert "Open for comments until" in page or "Closing in" in page


def test_list_filters_and_exports(client, plan, body, other_body):
    make_item(plan, quarter=1, title_ru='=HYPERLINK("http://evil")')
    make_item(plan, quarter=3, title_ru="Третий квартал", act_type="ministerial_order")
    make_item(make_plan(other_body), quarter=1, title_ru="Чужой орган")
    page = client.get(reverse("plans:items"), {"quarter": 3})
    assert [i.title_ru for i in page.context["page"]] == ["Третий квартал"]
    page = client.get(reverse("plans:items"), {"body": other_body.short_name})
    assert [i.title_ru for i in page.context["page"]] == ["Чужой орган"]
    page = client.get(
        reverse("plans:items"), {"act_type": "ministerial_order", "status": "overdue", "year": 2026}
    )
    assert [i.title_ru for i in page.context["page"]] == ["Третий квартал"]

    exported = client.get(reverse("plans:items"), {"body": body.short_name, "format": "csv"})
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["body", "year", "quarter"]
    assert len(rows) == 3
    assert rows[1][4].startswith("'=")  # formula neutralised
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("plans:items"), {"format": "xlsx"}).getvalue())
    )
    sheet = workbook.active
    assert sheet.max_row == 4
    assert isinstance(sheet.cell(row=2, column=2).value, int)  # typed cells


def test_draft_staff_page_suggests_similar_plan_items_and_links(client_for, plan, body, editor):
    item = make_item(plan, title_ru="О внесении изменений в Закон «О нотариате»")
    draft = make_draft(
        body,
        title_ru="О внесении изменений в Закон «О нотариате» (электронные действия)",
        by=editor,
    )
    web = client_for(editor)
    page = web.get(reverse("drafts:staff-detail", args=[draft.reference]))
    assert list(page.context["plan_suggestions"]) == [item]
    web.post(reverse("plans:staff-item-link", args=[plan.pk, item.pk]), {"draft": draft.reference})
    item.refresh_from_db()
    assert item.draft == draft


def test_outsider_cannot_link_another_bodys_draft(
    client_for, plan, other_body, outsider_editor, editor
):
    item = make_item(plan)
    foreign = make_draft(other_body, by=outsider_editor)
    response = client_for(editor).post(
        reverse("plans:staff-item-link", args=[plan.pk, item.pk]), {"draft": foreign.reference}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.draft is None


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_plan_pages_run_the_same_queries_with_10_and_1000_items(
    client, body, other_body, django_assert_max_num_queries
):
    plan = make_plan(body)

    def add(n):
        make_items(plan, n)
        for item in PlanItem.objects.filter(plan=plan)[:3]:
            item.co_executors.add(other_body)

    add(10)
    pages = [
        (reverse("plans:items"), None),
        (reverse("plans:items"), {"status": "overdue"}),
        (reverse("plans:body-year", args=[body.short_name, 2026]), None),
    ]
    budgets = [_queries(client, url, params) for url, params in pages]
    add(990)
    for (url, params), budget in zip(pages, budgets, strict=True):
        with django_assert_max_num_queries(budget):
            client.get(url, params or {})


def test_draft_page_shows_planned_or_unplanned_and_linking_refreshes_the_cached_page(
    client, client_for, plan, body, editor
):
    item = make_item(plan, title_ru="Пункт про нотариат")
    draft = publish(make_draft(body, by=editor), by=editor)
    assert "Not in the body's legislative plan" in client.get(draft.get_absolute_url()).text
    assert draft.reference in client.get("/en/drafts/", {"planned": "false"}).text
    client_for(editor).post(
        reverse("plans:link-draft"), {"item": item.pk, "draft": draft.reference}
    )
    page = client_for(None).get(draft.get_absolute_url()).text
    assert "Planned in the body's legislative plan" in page
    assert draft.reference in client.get("/en/drafts/", {"planned": "true"}).text
    assert draft.reference not in client.get("/en/drafts/", {"planned": "false"}).text


def test_staff_plan_page_exports_a_draft_plan(client_for, editor, body):
    hidden = make_plan(body, year=2031, approved=False)
    make_item(hidden, title_ru="Черновой пункт")
    response = client_for(editor).get(
        reverse("plans:staff-plan", args=[hidden.pk]), {"format": "csv"}
    )
    assert "Черновой пункт" in b"".join(response.streaming_content).decode("utf-8-sig")
