import datetime
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from plans.models import PlanItem
from tests.factories import make_item, make_plan

ITEM = {"title_ru": "О нотариате", "act_type": "law"}


def test_a_dropped_item_cannot_be_edited(client_for, editor, plan):
    item = make_item(plan)
    item.drop(reason="Урегулировано другим актом", by=editor)
    web = client_for(editor)
    url = reverse("plans:staff-item-edit", args=[plan.pk, item.pk])
    page = web.get(url, follow=True)
    assert page.redirect_chain[-1][0] == reverse("plans:staff-plan", args=[plan.pk])
    assert "A dropped item cannot be edited." in page.text
    web.post(url, {**ITEM, "title_ru": "Переписано", "quarter": 2})
    item.refresh_from_db()
    assert (item.title_ru, item.quarter) == ("О нотариате", 1)


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_moving_an_approved_item_to_another_quarter_is_shown_publicly(client_for, editor, body):
    with at(datetime.datetime(2025, 12, 20, 8, tzinfo=datetime.UTC)):
        plan = make_plan(body, year=2026, approved=False)
        item = make_item(plan, quarter=1)
        plan.approve(reference="Приказ № 1", on=datetime.date(2025, 12, 20), by=editor)
    with at(datetime.datetime(2026, 3, 10, 20, 30, tzinfo=datetime.UTC)):  # 11 March, Bishkek
        response = client_for(editor).post(
            reverse("plans:staff-item-edit", args=[plan.pk, item.pk]), {**ITEM, "quarter": 3}
        )
    assert response.status_code == 302
    page = client_for(None).get(reverse("plans:item", args=[item.pk]))
    assert "Planned quarter changed from Q1 to Q3 on 11 March 2026." in page.text


def test_changes_before_approval_and_other_edits_leave_no_public_trace(client_for, editor, body):
    plan = make_plan(body, year=2026, approved=False)
    item = make_item(plan, quarter=1)
    web = client_for(editor)
    url = reverse("plans:staff-item-edit", args=[plan.pk, item.pk])
    web.post(url, {**ITEM, "quarter": 2})  # still a draft plan: the body's own business
    plan.approve(reference="Приказ № 2", on=timezone.localdate(), by=editor)
    web.post(url, {**ITEM, "title_ru": "О нотариате (новая редакция)", "quarter": 2})
    page = client_for(None).get(reverse("plans:item", args=[item.pk]))
    assert "Planned quarter changed" not in page.text
    assert PlanItem.objects.get(pk=item.pk).quarter == 2
