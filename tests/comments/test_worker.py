"""The real background worker: a queued e-mail is sent by `manage.py db_worker`."""

import pytest
from django.core import mail
from django.core.management import call_command

from comments.notifications import notify_closing_soon
from tests.factories import make_draft, participant, publish


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


@pytest.mark.django_db(transaction=True)
def test_receipt_and_moderation_mails_wait_for_the_worker(settings, client, body, editor):
    import uuid

    from django.contrib.auth.models import Permission
    from django.urls import reverse

    from comments.models import Comment
    from tests.factories import UserFactory

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    draft = publish(make_draft(body, by=editor), by=editor)
    author = participant("author@example.kg")
    client.force_login(author)
    client.post(
        reverse("comments:new", args=[draft.reference]),
        {"position": "other", "text": "Замечание", "key": str(uuid.uuid4())},
    )
    comment = Comment.objects.get()
    moderator = UserFactory(email="mod@example.kg")
    moderator.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    client.force_login(moderator)
    client.post(
        reverse("comments:moderate", args=[comment.pk]), {"action": "hide", "reason": "spam"}
    )
    assert mail.outbox == []  # queued, not sent by the request
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.to for m in mail.outbox] == [[author.email], [author.email]]
    assert Comment.objects.get().receipt in mail.outbox[0].subject
    assert "was hidden" in mail.outbox[1].subject
