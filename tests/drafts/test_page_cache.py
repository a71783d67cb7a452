import datetime

from django.utils import timezone

from drafts.models import Draft
from tests.factories import make_draft, publish


def test_a_newly_published_draft_appears_at_once_in_the_cached_list(client, body, editor):
    first = publish(make_draft(body, title_ru="Первый проект", by=editor), by=editor)
    assert "Первый проект" in client.get("/ru/drafts/").text
    second = make_draft(body, title_ru="Второй проект", by=editor)
    assert "Второй проект" not in client.get("/ru/drafts/").text
    publish(second, by=editor)
    assert "Второй проект" in client.get("/ru/drafts/").text
    first.close(by=editor)
    assert "Discussion closed" in client.get("/en/drafts/?status=closed").text


def test_cached_pages_expire_when_the_clock_changes_them(body, editor):
    now = timezone.now()
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=29, by=editor)
    # The next clock event is the end of this discussion (tonight, Bishkek midnight), or the
    # next midnight, whichever is first.
    assert Draft.objects.next_clock_event(now) == min(
        draft.discussion_ends,
        timezone.make_aware(
            datetime.datetime.combine(
                timezone.localdate(now) + datetime.timedelta(days=1), datetime.time.min
            )
        ),
    )


def test_signed_in_users_and_sessions_are_never_served_the_shared_page(client_for, body, editor):
    prepared = make_draft(body, title_ru="Готовится в органе", by=editor)
    publish(make_draft(body, title_ru="Публичный", by=editor), by=editor)
    anonymous = client_for(None).get("/ru/drafts/").text
    assert "Готовится в органе" not in anonymous
    assert "Готовится в органе" in client_for(editor).get("/ru/drafts/").text
    assert prepared.status == Draft.Status.PREPARING
