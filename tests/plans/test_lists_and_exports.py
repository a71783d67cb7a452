import csv
import datetime
import io
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from drafts.models import SubjectArea
from plans.models import PlanItem
from tests.factories import make_item, make_items, make_plan


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_list_filters_by_subject_area(client, plan):
    justice, other = SubjectArea.objects.all()[:2]
    make_item(plan, title_ru="Юстиция", subject_area=justice)
    make_item(plan, title_ru="Другое", subject_area=other)
    make_item(plan, title_ru="Без сферы")
    page = client.get(reverse("plans:items"), {"subject": justice.slug})
    assert [i.title_ru for i in page.context["page"]] == ["Юстиция"]


def test_the_body_year_page_exports_only_that_bodys_approved_items(client, body, other_body):
    make_item(make_plan(body, year=2026), title_ru="Наш пункт")
    make_item(make_plan(body, year=2027), title_ru="Следующий год")
    make_item(make_plan(other_body, year=2026), title_ru="Чужой пункт")
    url = reverse("plans:body-year", args=[body.short_name, 2026])
    response = client.get(url, {"format": "csv"})
    assert (
        response["Content-Disposition"] == f'attachment; filename="plan-{body.short_name}-2026.csv"'
    )
    rows = _csv(response)
    assert [row[4] for row in rows[1:]] == ["Наш пункт"]
    workbook = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).getvalue()))
    assert [c.value for c in workbook.active[2]][4] == "Наш пункт"


def test_exports_give_the_status_label_and_keep_formulas_inert(client, plan):
    make_item(plan, quarter=1, title_ru='=HYPERLINK("http://evil","x")')
    today = datetime.date(2026, 5, 1)
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        csv_rows = _csv(client.get(reverse("plans:items"), {"format": "csv"}))
        workbook = load_workbook(
            io.BytesIO(client.get(reverse("plans:items"), {"format": "xlsx"}).getvalue())
        )
    status = csv_rows[0].index("status")
    assert csv_rows[1][status] == "Overdue"
    assert csv_rows[1][4] == '\'=HYPERLINK("http://evil","x")'  # CSV has no types: a quote
    cell = workbook.active.cell(row=2, column=5)
    assert cell.value == '=HYPERLINK("http://evil","x")'  # no visible quote...
    assert cell.data_type == "s"  # ...because the cell is a string, not a formula
    assert workbook.active.cell(row=2, column=status + 1).value == "Overdue"


def test_the_status_label_follows_the_language(client, plan):
    make_item(plan, quarter=1)
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 5, 1)):
        rows = _csv(client.get("/ru/plans/", {"format": "csv"}))
    with translation.override("ru"):
        overdue = str(PlanItem.Status.OVERDUE.label)
    assert overdue != "Overdue"
    assert rows[1][rows[0].index("status")] == overdue


def test_default_clock_is_bishkeks_just_after_midnight_on_1_april(client, plan):
    item = make_item(plan, quarter=1, title_ru="Первый квартал")
    moment = datetime.datetime(2026, 3, 31, 19, 0, tzinfo=datetime.UTC)  # 1 April 01:00 Bishkek
    with mock.patch("django.utils.timezone.now", return_value=moment):
        assert PlanItem.objects.with_status().get(pk=item.pk).status == "overdue"
        page = client.get(reverse("plans:item", args=[item.pk]))
    assert page.context["item"].status == "overdue"
    assert "Overdue" in page.text
    earlier = datetime.datetime(2026, 3, 31, 17, 59, tzinfo=datetime.UTC)  # 23:59 in Bishkek
    with mock.patch("django.utils.timezone.now", return_value=earlier):
        assert PlanItem.objects.with_status().get(pk=item.pk).status == "due"


# --- Query budgets --------------------------------------------------------------------------


def _add_items(plan, count, co_executor):
    make_items(plan, count)
    for item in PlanItem.objects.filter(plan=plan).order_by("-pk")[:3]:
        item.co_executors.add(co_executor)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_item_and_staff_plan_pages_run_the_same_queries_with_10_and_1000_items(
    client_for, editor, body, other_body, django_assert_max_num_queries
):
    plan = make_plan(body)
    item = make_item(plan, title_ru="Наблюдаемый пункт")
    item.quarter = 2
    item.save()  # one quarter change in its history
    _add_items(plan, 9, other_body)
    web = client_for(editor)
    pages = [
        reverse("plans:item", args=[item.pk]),
        reverse("plans:staff-plan", args=[plan.pk]),
    ]
    budgets = [_queries(web, url) for url in pages]
    _add_items(plan, 990, other_body)
    for _ in range(5):
        item.quarter = 3 - item.quarter % 2
        item.save()
    for url, budget in zip(pages, budgets, strict=True):
        with django_assert_max_num_queries(budget):
            web.get(url)
    staff_page = web.get(pages[1])
    assert len(staff_page.context["items"]) == 100
    assert staff_page.context["page"].paginator.count == 1000
    assert "Page 1 of 10" in staff_page.text
