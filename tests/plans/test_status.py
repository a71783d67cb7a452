import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from plans.models import PlanItem, quarter_bounds
from tests.factories import make_draft, make_item

BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")


def status_of(item, today):
    return PlanItem.objects.with_status(today).get(pk=item.pk).status


def publish_at(draft, moment):
    day = moment.astimezone(BISHKEK).date()
    draft.publish(start=day, end=day + datetime.timedelta(days=29), now=moment)


def test_quarter_bounds():
    assert quarter_bounds(2026, 1) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert quarter_bounds(2026, 4) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))


def test_status_before_during_and_after_the_quarter(plan):
    item = make_item(plan, quarter=2)
    assert status_of(item, datetime.date(2026, 3, 31)) == "planned"
    assert status_of(item, datetime.date(2026, 4, 1)) == "due"
    assert status_of(item, datetime.date(2026, 6, 30)) == "due"
    assert status_of(item, datetime.date(2026, 7, 1)) == "overdue"


def test_published_late_evening_on_the_last_day_is_on_time_by_bishkek_clock(plan, body, editor):
    on_time = make_item(plan, quarter=1, title_ru="Вовремя")
    late = make_item(plan, quarter=1, title_ru="С опозданием")
    # 23:30 in Bishkek on 31 March is 17:30 UTC on 31 March; 00:30 on 1 April is 18:30 UTC.
    first = make_draft(body, by=editor)
    second = make_draft(body, by=editor)
    publish_at(first, datetime.datetime(2026, 3, 31, 23, 30, tzinfo=BISHKEK))
    publish_at(second, datetime.datetime(2026, 4, 1, 0, 30, tzinfo=BISHKEK))
    on_time.link(first)
    late.link(second)
    today = datetime.date(2026, 5, 1)
    assert status_of(on_time, today) == "on_time"
    assert status_of(late, today) == "late"


def test_a_linked_draft_still_being_prepared_does_not_count_as_published(plan, body, editor):
    item = make_item(plan, quarter=1)
    item.link(make_draft(body, by=editor))
    assert status_of(item, datetime.date(2026, 4, 2)) == "overdue"


def test_dropping_needs_a_reason_and_wins_over_dates(plan):
    item = make_item(plan, quarter=1)
    with pytest.raises(ValidationError):
        item.drop(reason="  ")
    item.drop(reason="Вопрос урегулирован другим актом")
    assert status_of(item, datetime.date(2026, 12, 1)) == "dropped"


def test_only_the_bodys_own_draft_fulfils_its_plan(plan, other_body, outsider_editor):
    item = make_item(plan)
    with pytest.raises(ValidationError):
        item.link(make_draft(other_body, by=outsider_editor))


def test_a_draft_fulfils_one_item_only(plan, body, editor):
    draft = make_draft(body, by=editor)
    make_item(plan).link(draft)
    with pytest.raises(ValidationError):
        make_item(plan, title_ru="Другой").link(draft)


def test_unplanned_drafts_are_those_without_an_item(plan, body, editor):
    from drafts.models import Draft

    planned = make_draft(body, by=editor)
    unplanned = make_draft(body, by=editor)
    make_item(plan).link(planned)
    assert list(Draft.objects.filter(plan_item__isnull=True, organization=body)) == [unplanned]


def test_quarter_outside_a_half_year_plan_is_refused(body):
    from tests.factories import make_plan

    second_half = make_plan(body, period=2)
    item = PlanItem(plan=second_half, quarter=1, title_ru="x", act_type="law", responsible=body)
    with pytest.raises(ValidationError):
        item.full_clean()


def test_similar_open_items_are_suggested_for_a_new_draft(plan, body, editor):
    notary = make_item(plan, title_ru="О внесении изменений в Закон «О нотариате»")
    make_item(plan, title_ru="Об утверждении Положения о лесном хозяйстве")
    draft = make_draft(
        body, title_ru="О внесении изменений в Закон Кыргызской Республики «О нотариате»", by=editor
    )
    assert list(PlanItem.objects.similar_to(draft)) == [notary]
