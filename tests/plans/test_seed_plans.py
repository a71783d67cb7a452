import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command

from plans.models import PlanItem


@pytest.mark.django_db
def test_demo_plans_have_items_in_every_status_in_mid_february():
    # In the first quarter nothing of this year's plan can be overdue or late yet:
    # last year's plan must supply those.
    moment = datetime.datetime(2026, 2, 15, 6, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("seed_demo", stdout=io.StringIO())
        statuses = set(PlanItem.objects.with_status().values_list("status", flat=True))
    assert statuses == set(PlanItem.Status.values)
