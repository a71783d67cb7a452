import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans.models import LegislativePlan
from tests.factories import make_item, make_plan


def edit(client, plan, data):
    return client.post(reverse("plans:staff-plan-edit", args=[plan.pk]), data)


def test_editor_moves_a_draft_plan_to_another_year_and_its_items_follow(client_for, editor, body):
    plan = make_plan(body, year=2027, approved=False)
    item = make_item(plan, quarter=2)
    response = edit(client_for(editor), plan, {"year": 2028, "period": 0})
    assert response.status_code == 302
    plan.refresh_from_db()
    item.refresh_from_db()
    assert plan.year == 2028
    assert (item.due_from, item.due_until) == (
        datetime.date(2028, 4, 1),
        datetime.date(2028, 6, 30),
    )
    assert plan.history.first().history_user == editor


def test_a_draft_plan_cannot_shrink_past_its_items(client_for, editor, body):
    plan = make_plan(body, year=2027, approved=False)
    make_item(plan, quarter=3)
    response = edit(client_for(editor), plan, {"year": 2027, "period": 1})
    assert response.status_code == 200
    assert "The plan has items in Q3, outside this period" in response.text
    plan.refresh_from_db()
    assert plan.period == 0


def test_approved_plan_keeps_its_period_but_its_approval_record_can_be_corrected(
    client_for, editor, body
):
    plan = make_plan(body, year=2027, approved=False)
    make_item(plan)
    plan.approve(reference="Приказ № 5", on=datetime.date(2026, 12, 1), by=editor)
    web = client_for(editor)
    page = web.get(reverse("plans:staff-plan-edit", args=[plan.pk]))
    assert set(page.context["form"].fields) == {"approval_reference", "approved_on"}
    # A tampered form naming another period changes nothing but the approval record.
    response = edit(
        web,
        plan,
        {"approval_reference": "Приказ № 5-п", "approved_on": "2026-12-02", "period": 1},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.period, plan.approval_reference) == (0, "Приказ № 5-п")
    assert plan.approved_on == datetime.date(2026, 12, 2)
    assert [h.approval_reference for h in plan.history.all()[:2]] == ["Приказ № 5-п", "Приказ № 5"]
    page = web.get(reverse("plans:staff-plan-edit", args=[plan.pk]))
    assert "Приказ № 5-п" in page.text and "Приказ № 5," in page.text  # the history table
    public = client_for(None).get(plan.get_absolute_url())
    assert "Приказ № 5-п" in public.text


def test_approval_record_cannot_be_emptied(client_for, editor, plan):
    response = edit(client_for(editor), plan, {"approval_reference": "", "approved_on": ""})
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.approval_reference == "Приказ № 1"


def test_the_model_refuses_a_changed_period_of_an_approved_plan(plan):
    from django.core.exceptions import ValidationError

    plan.period = 2
    with pytest.raises(ValidationError, match="cannot be changed"):
        plan.full_clean()


@pytest.mark.parametrize(
    ("method", "data"),
    [("get", {}), ("post", {"year": 2040, "period": 0, "approval_reference": "x"})],
)
@pytest.mark.parametrize("approved", [False, True])
def test_only_the_bodys_editor_may_edit_a_plan(
    client_for, outsider_editor, citizen, responder, body, method, data, approved
):
    plan = make_plan(body, year=2027, approved=approved)
    url = reverse("plans:staff-plan-edit", args=[plan.pk])
    for user, expected in [
        (outsider_editor, 403 if approved else 404),
        (citizen, 403 if approved else 404),
        (responder, 403),
    ]:
        assert getattr(client_for(user), method)(url, data).status_code == expected, user
    anonymous = getattr(client_for(None), method)(url, data)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    plan.refresh_from_db()
    assert plan.year == 2027 and plan.approval_reference in ("", "Приказ № 1")


# --- Overlapping plans ---------------------------------------------------------------------


def test_a_half_year_plan_is_refused_where_a_whole_year_plan_exists(client_for, editor, body):
    make_plan(body, year=2027, period=0, approved=False)
    response = client_for(editor).post(
        reverse("plans:staff-plans"), {"organization": body.pk, "year": 2027, "period": 2}
    )
    assert response.status_code == 200
    assert "already has a plan for this year that covers this period" in response.text
    assert body.plans.filter(year=2027).count() == 1


def test_both_half_year_plans_may_exist_and_other_years_do_not_clash(client_for, editor, body):
    make_plan(body, year=2027, period=1, approved=False)
    web = client_for(editor)
    for year, period in [(2027, 2), (2028, 0)]:
        response = web.post(
            reverse("plans:staff-plans"), {"organization": body.pk, "year": year, "period": period}
        )
        assert response.status_code == 302
    assert body.plans.count() == 3


def test_editing_a_plan_into_an_overlap_is_refused(client_for, editor, body):
    make_plan(body, year=2028, period=1, approved=False)
    plan = make_plan(body, year=2027, period=2, approved=False)
    response = edit(client_for(editor), plan, {"year": 2028, "period": 0})
    assert response.status_code == 200
    assert "already has a plan for this year" in response.text
    plan.refresh_from_db()
    assert (plan.year, plan.period) == (2027, 2)


def test_the_database_refuses_overlapping_plans(body, other_body):
    LegislativePlan.objects.create(organization=body, year=2027, period=0)
    LegislativePlan.objects.create(organization=other_body, year=2027, period=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        LegislativePlan.objects.create(organization=body, year=2027, period=1)
