import datetime

from django.core.management import call_command
from django.utils import timezone

from drafts.models import Draft
from tests.factories import make_draft, publish


def test_finished_discussions_are_closed_at_their_end_time(body, editor):
    finished = publish(make_draft(body, by=editor), days=30, started_days_ago=31, by=editor)
    running = publish(make_draft(body, by=editor), days=30, started_days_ago=3, by=editor)
    ends = finished.discussion_ends
    call_command("close_finished_discussions")
    finished.refresh_from_db()
    running.refresh_from_db()
    assert finished.status == Draft.Status.CLOSED
    assert finished.discussion_ends == ends  # closing late does not move the recorded end
    assert running.status == Draft.Status.DISCUSSION
    assert finished.closed_at <= timezone.now() + datetime.timedelta(seconds=1)
