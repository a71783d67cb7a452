"""Harvesting: cursor pages walk a whole discussion without a cap; modified_since returns
only what changed."""

import datetime

import pytest
from django.utils import timezone

from comments.bulk import create_bulk_comments
from comments.models import Comment
from comments.services import answer_comments
from tests.factories import make_draft, publish

from .conftest import walk


@pytest.fixture
def big_discussion(body, editor):
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=1, by=editor)
    create_bulk_comments([draft.pk], 250)
    return draft


def test_a_whole_discussion_of_250_comments_is_fetched_page_by_page(client, big_discussion):
    rows = walk(client, f"/api/v1/comments/?draft={big_discussion.pk}&page_size=20")
    ids = [row["id"] for row in rows]
    assert len(ids) == 250 == len(set(ids))
    assert ids == sorted(ids)
    assert set(ids) == set(
        Comment.objects.filter(draft=big_discussion).values_list("pk", flat=True)
    )


def test_default_pages_also_reach_the_end(client, big_discussion, settings):
    settings.SEP_API_PAGE_SIZE = 7
    assert len(walk(client, "/api/v1/comments/")) == 250


def _since(moment):
    return {"modified_since": moment.isoformat()}


def test_modified_since_on_comments_catches_new_answers_and_moderation(
    client, big_discussion, responder, moderator
):
    first, second, third = Comment.objects.filter(draft=big_discussion).order_by("pk")[:3]
    Comment.objects.filter(draft=big_discussion).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    mark = timezone.now() - datetime.timedelta(seconds=1)
    assert client.get("/api/v1/comments/", _since(mark)).json()["results"] == []
    answer_comments([first], by=responder, decision="noted", reasoning="Учтено")
    from comments.services import moderate_comment

    moderate_comment(second, by=moderator, hide=True, reason="spam")
    rows = client.get("/api/v1/comments/", _since(mark)).json()["results"]
    assert {row["id"] for row in rows} == {first.pk, second.pk}


def test_modified_since_on_drafts_versions_plans_and_reports(client, world):
    # Subject areas are seeded by a migration, without history rows: they only match
    # modified_since once edited, so they are not in this list.
    later = timezone.now() + datetime.timedelta(minutes=1)
    for endpoint in [
        "drafts",
        "versions",
        "comments",
        "alternatives",
        "plans",
        "plan-items",
        "reports",
    ]:
        before = client.get(f"/api/v1/{endpoint}/", {"modified_since": "2000-01-01"}).json()
        assert before["results"], endpoint
        after = client.get(f"/api/v1/{endpoint}/", _since(later)).json()
        assert after["results"] == [], endpoint


def test_a_new_version_appears_in_modified_since(client, body, editor):
    draft = publish(make_draft(body, by=editor), by=editor)
    mark = timezone.now()
    version = draft.add_version(text_ru="Статья 1. Новое\nТекст.", change_note="Правка")
    rows = client.get("/api/v1/versions/", _since(mark)).json()["results"]
    assert [row["id"] for row in rows] == [version.pk]
    drafts = client.get("/api/v1/drafts/", _since(mark)).json()["results"]
    assert [row["id"] for row in drafts] == [draft.pk]
