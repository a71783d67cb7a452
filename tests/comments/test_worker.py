"""The real background worker: a queued e-mail is sent by `manage.py db_worker`."""

import pytest
from django.core import mail
from django.core.management import call_command

from comments.notifications import notify_closing_soon
from tests.factories import make_draft, publish

from .conftest import participant


@pytest.mark.django_db(transaction=True)
def test_database_worker_sends_queued_mail(settings, body, editor):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=27, by=editor)
    from comments.models import Subscription

    Subscription.follow(participant("worker@example.kg"), draft=draft)
    result = notify_closing_soon.enqueue(3)
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1
