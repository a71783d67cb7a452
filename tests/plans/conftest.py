import pytest

from plans.models import LegislativePlan, PlanItem


def make_plan(body, *, year=2026, period=0, approved=True):
    plan = LegislativePlan.objects.create(organization=body, year=year, period=period)
    if approved:
        LegislativePlan.objects.filter(pk=plan.pk).update(
            status="approved", approval_reference="Приказ № 1", approved_on=f"{year - 1}-12-20"
        )
        plan.refresh_from_db()
    return plan


def make_item(plan, *, quarter=1, title_ru="О нотариате", **fields):
    fields.setdefault("act_type", "law")
    return PlanItem.objects.create(
        plan=plan, quarter=quarter, title_ru=title_ru, responsible=plan.organization, **fields
    )


@pytest.fixture
def plan(body):
    return make_plan(body)
