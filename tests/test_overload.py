"""Overloaded, the portal refuses cleanly (503 + Retry-After) instead of accepting late."""

import time

from django.urls import reverse

from comments.models import Comment
from tests.factories import make_draft, participant, publish


def stamp(seconds_ago: float) -> str:
    return f"t={time.time() - seconds_ago:.3f}"  # nginx's ${msec}


def test_a_request_that_queued_too_long_is_shed_before_any_work(client, body, editor, settings):
    settings.SEP_MAX_QUEUE_SECONDS = 10
    draft = publish(make_draft(body, by=editor), started_days_ago=1)
    client.force_login(participant("late@example.kg"))
    response = client.post(
        reverse("comments:new", args=[draft.reference]),
        {"text": "Поздно", "position": "support"},
        headers={"x-request-start": stamp(30)},
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Nothing was saved" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_request_that_did_not_wait_long_is_served(client, db, settings):
    settings.SEP_MAX_QUEUE_SECONDS = 10
    for header in (stamp(1), f"{time.time() * 1_000_000:.0f}", "garbage", ""):
        assert client.get(reverse("home"), headers={"x-request-start": header}).status_code == 200


def test_shedding_can_be_switched_off(client, db, settings):
    settings.SEP_MAX_QUEUE_SECONDS = 0
    assert client.get(reverse("home"), headers={"x-request-start": stamp(60)}).status_code == 200
