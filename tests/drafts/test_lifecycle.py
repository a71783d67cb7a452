import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from drafts.models import Draft, InvalidTransition
from tests.factories import TEXT_RU, make_draft, publish

BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")


def test_reference_numbers_run_per_body_and_year(body, other_body, editor):
    first = make_draft(body, by=editor)
    second = make_draft(body, by=editor)
    elsewhere = make_draft(other_body, by=editor)
    year = timezone.localdate().year
    assert first.reference == f"TST-{year}-0001"
    assert second.reference == f"TST-{year}-0002"
    assert elsewhere.reference == f"OTH-{year}-0001"


def test_reference_numbers_count_past_9999(body, editor):
    year = timezone.localdate().year
    Draft.objects.filter(pk=make_draft(body, by=editor).pk).update(reference=f"TST-{year}-9999")
    assert make_draft(body, by=editor).reference == f"TST-{year}-10000"
    assert make_draft(body, by=editor).reference == f"TST-{year}-10001"


def test_bulk_references_do_not_break_the_numbering(body, editor):
    year = timezone.localdate().year
    first = make_draft(body, by=editor)
    Draft.objects.filter(pk=first.pk).update(reference=f"TST-{year}-B1000001")
    assert make_draft(body, by=editor).reference == f"TST-{year}-0001"


def test_a_draft_without_text_cannot_be_published(body, editor):
    draft = make_draft(body, text_ru="", by=editor)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        draft.publish(start=today, end=today + datetime.timedelta(days=40), by=editor)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.PREPARING


def test_publishing_opens_the_discussion_for_the_calendar_days_given(draft, editor):
    today = timezone.localdate()
    draft.publish(start=today, end=today + datetime.timedelta(days=29), by=editor)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DISCUSSION
    assert draft.discussion_days == 30
    assert draft.meets_minimum_period
    assert draft.is_open_for_comments()
    assert draft.versions.get().published_at is not None
    # The discussion closes at midnight after the last day, Bishkek time.
    ends_local = draft.discussion_ends.astimezone(BISHKEK)
    assert (ends_local.date(), ends_local.hour, ends_local.minute) == (
        today + datetime.timedelta(days=30),
        0,
        0,
    )


def test_a_period_shorter_than_the_minimum_needs_a_public_justification(draft, editor):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        draft.publish(start=today, end=today + datetime.timedelta(days=13), by=editor)
    assert "justification" in error.value.error_dict
    draft.publish(
        start=today,
        end=today + datetime.timedelta(days=13),
        justification="Срочное исполнение решения Конституционного суда",
        by=editor,
    )
    assert draft.discussion_days == 14
    assert not draft.meets_minimum_period


def test_minimum_period_follows_the_setting(settings, draft, editor):
    settings.SEP_MIN_DISCUSSION_DAYS = 10
    today = timezone.localdate()
    draft.publish(start=today, end=today + datetime.timedelta(days=9), by=editor)
    assert draft.meets_minimum_period


def test_end_before_start_and_start_in_the_past_are_refused(draft):
    today = timezone.localdate()
    errors = Draft.check_period(today, today - datetime.timedelta(days=1), "")
    assert "ends" in errors
    errors = Draft.check_period(
        today - datetime.timedelta(days=3), today + datetime.timedelta(days=40), ""
    )
    assert "starts" in errors


def test_database_refuses_a_discussion_ending_before_it_starts(draft):
    now = timezone.now()
    with pytest.raises(IntegrityError):
        Draft.objects.filter(pk=draft.pk).update(
            status="discussion",
            discussion_starts=now,
            discussion_ends=now - datetime.timedelta(days=1),
        )


def test_comments_open_and_close_by_the_bishkek_clock(draft, editor):
    publish(draft, days=30, started_days_ago=0, by=editor)
    last_day = draft.discussion_last_day
    late_evening = datetime.datetime.combine(last_day, datetime.time(23, 59), tzinfo=BISHKEK)
    after_midnight = late_evening + datetime.timedelta(minutes=1)
    assert draft.is_open_for_comments(late_evening)
    assert not draft.is_open_for_comments(after_midnight)
    assert Draft.objects.open_for_comments(late_evening).filter(pk=draft.pk).exists()
    assert not Draft.objects.open_for_comments(after_midnight).filter(pk=draft.pk).exists()
    assert Draft.objects.due_for_closing(after_midnight).filter(pk=draft.pk).exists()


def test_extension_is_recorded_with_its_reason(draft, editor):
    publish(draft, days=30, by=editor)
    old_last_day = draft.discussion_last_day
    draft.extend(until=old_last_day + datetime.timedelta(days=7), reason="Просьба НКО", by=editor)
    draft.refresh_from_db()
    assert draft.discussion_last_day == old_last_day + datetime.timedelta(days=7)
    extension = draft.extensions.get()
    assert extension.reason == "Просьба НКО"
    with pytest.raises(ValidationError):
        draft.extend(until=old_last_day, reason="earlier", by=editor)
    with pytest.raises(ValidationError):
        draft.extend(until=old_last_day + datetime.timedelta(days=30), reason=" ", by=editor)


def test_lifecycle_follows_the_allowed_transitions(draft, editor):
    with pytest.raises(InvalidTransition):
        draft.close(by=editor)
    with pytest.raises(InvalidTransition):
        draft.record_outcome(Draft.Status.ADOPTED, by=editor)
    publish(draft, by=editor)
    with pytest.raises(InvalidTransition):
        draft.record_outcome(Draft.Status.ADOPTED, by=editor)
    draft.close(by=editor)
    assert not draft.is_open_for_comments()
    with pytest.raises(InvalidTransition):
        draft.add_version(text_ru=TEXT_RU, by=editor)
    draft.record_outcome(Draft.Status.SUMMARISED, by=editor)
    draft.record_outcome(Draft.Status.ADOPTED, note="Принят Жогорку Кенешем", by=editor)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.ADOPTED
    with pytest.raises(InvalidTransition):
        draft.record_outcome(Draft.Status.WITHDRAWN, by=editor)


def test_closing_early_records_when_comments_really_stopped(draft, editor):
    publish(draft, days=30, started_days_ago=2, by=editor)
    draft.close(by=editor)
    assert draft.discussion_ends <= timezone.now()
    assert draft.closed_at is not None


def test_timeline_shows_publication_versions_extensions_and_closing(draft, editor):
    publish(draft, by=editor)
    draft.add_version(text_ru=TEXT_RU.replace("десяти", "тридцати"), change_note="Срок", by=editor)
    draft.extend(
        until=draft.discussion_last_day + datetime.timedelta(days=5), reason="Просьба", by=editor
    )
    draft.close(by=editor)
    labels = [str(event["label"]) for event in draft.timeline()]
    assert labels == [
        "Public discussion",
        "Version 2 published",
        "Discussion extended",
        "Discussion closed",
    ]


def test_history_keeps_every_change(draft, editor):
    publish(draft, by=editor)
    draft.close(by=editor)
    statuses = list(draft.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[-2:] == ["discussion", "closed"]


def test_publishing_records_the_versions_publication_in_their_history(draft, editor):
    version = draft.versions.get()
    publish(draft, by=editor)
    latest = version.history.latest("history_date")
    assert latest.published_at == draft.published_at
    assert latest.history_user == editor
    assert version.history.count() == 2
