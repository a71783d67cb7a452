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


def test_comments_leave_the_cached_lists_alone_but_votes_refresh_them(
    client, body, editor, django_capture_on_commit_callbacks
):
    """Lists show vote totals, not comments: posting must not empty every list's cache."""
    from comments.models import Comment, Vote
    from drafts.caching import portal_stamp
    from tests.factories import participant

    draft = publish(make_draft(body, title_ru="Голосуемый", by=editor), by=editor)
    citizen = participant("stamp@example.kg")
    before = portal_stamp(None)
    with django_capture_on_commit_callbacks(execute=True):
        Comment.post(draft=draft, author=citizen, text="Замечание", position="other")
    assert portal_stamp(None) == before  # the lists' cache holds
    draft_stamp = Draft.objects.public_change_stamp(draft.reference)
    assert draft_stamp > Draft.objects.get(pk=draft.pk).listed_at  # the draft page's moved on
    assert "Support: 1" not in client.get("/en/drafts/").text
    Vote.cast(draft=draft, user=citizen, value="support")
    assert portal_stamp(None) != before
    assert "Support: 1" in client.get("/en/drafts/").text


def test_a_cached_draft_page_expires_when_its_own_discussion_ends(
    client, body, editor, monkeypatch
):
    """The draft page is kept until this draft's next clock event (no query for the portal's):
    a reader arriving a second after the discussion ended must not be offered to comment."""
    draft = publish(make_draft(body, by=editor), days=30, started_days_ago=3, by=editor)
    ends = timezone.now() + datetime.timedelta(seconds=10)
    Draft.objects.filter(pk=draft.pk).update(discussion_ends=ends)  # the page's stamp stays
    assert "Comment on the draft" in client.get(f"/en/drafts/{draft.reference}/").text
    later = ends + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = client.get(f"/en/drafts/{draft.reference}/").text
    assert "Comment on the draft" not in page
    assert "Days left" not in page
