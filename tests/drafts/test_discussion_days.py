"""The length of a discussion is computed in Python (`Draft.discussion_days`, on the draft page)
and in SQL (`Draft.discussion_days_expression`, on the dashboard): both must give the same
number of days for every kind of period."""

import datetime
import zoneinfo

from drafts.models import Draft
from tests.factories import make_draft

BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")


def at(day: str, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=BISHKEK)


def day(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso)


def published(body, editor, *, now, start, end, justification="Срочно: решение суда"):
    draft = make_draft(body, by=editor)
    draft.publish(start=day(start), end=day(end), justification=justification, now=now, by=editor)
    return draft


def test_sql_and_python_discussion_lengths_agree(body, editor):
    drafts = {
        # opens at midnight of a later day: 30 whole days
        "from_midnight": published(
            body, editor, now=at("2025-03-01", 10), start="2025-03-05", end="2025-04-03"
        ),
        # opens at publication, 03:00 in Bishkek — still the previous day in UTC
        "short_from_early_morning": published(
            body, editor, now=at("2025-03-01", 3), start="2025-03-01", end="2025-03-10"
        ),
        # opens at publication late in the evening: that day counts
        "one_day_from_late_evening": published(
            body, editor, now=at("2025-03-01", 23, 30), start="2025-03-01", end="2025-03-01"
        ),
        "extended": published(
            body, editor, now=at("2025-03-01", 10), start="2025-03-01", end="2025-03-30"
        ),
        "closed_early": published(
            body, editor, now=at("2025-03-01", 10), start="2025-03-01", end="2025-03-30"
        ),
        "closed_at_once": published(
            body, editor, now=at("2025-03-01", 10), start="2025-03-01", end="2025-03-30"
        ),
        "being_prepared": make_draft(body, by=editor),
    }
    drafts["extended"].extend(until=day("2025-04-09"), reason="Много замечаний", by=editor)
    drafts["closed_early"].close(now=at("2025-03-03", 15), by=editor)
    drafts["closed_at_once"].close(now=at("2025-03-01", 10), by=editor)

    in_sql = dict(
        Draft.objects.annotate(days=Draft.discussion_days_expression()).values_list("pk", "days")
    )
    in_python = {draft.pk: draft.discussion_days for draft in Draft.objects.all()}

    assert in_sql == in_python
    assert {name: in_sql[draft.pk] for name, draft in drafts.items()} == {
        "from_midnight": 30,
        "short_from_early_morning": 10,
        "one_day_from_late_evening": 1,
        "extended": 40,
        "closed_early": 3,
        "closed_at_once": 1,
        "being_prepared": None,
    }


def test_sql_length_follows_a_relation(body, editor):
    draft = published(body, editor, now=at("2025-03-01", 10), start="2025-03-01", end="2025-03-30")
    draft.extend(until=day("2025-04-04"), reason="Много замечаний", by=editor)
    extension = draft.extensions.annotate(days=Draft.discussion_days_expression("draft__")).get()
    assert extension.days == draft.discussion_days == 35
