"""Dates in each interface language, as the pages, the PDF and the e-mails print them (issue 14,
item 6: Kyrgyz dates read "3 Январь 2027", Russian month names under Kyrgyz numbering)."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.factories import make_plan, publish

DAY = datetime.date(2027, 1, 3)
MOMENT = timezone.make_aware(datetime.datetime(2027, 5, 21, 14, 30))

EXPECTED = {
    "ky": ("3-январь 2027-ж.", "21-май 2027-ж., 14:30", "3-январь"),
    "ru": ("3 января 2027", "21 мая 2027, 14:30", "3 января"),
    "en": ("3 January 2027", "21 May 2027, 14:30", "3 January"),
}


@pytest.mark.parametrize("language", EXPECTED)
def test_named_formats_in_each_language(language):
    date, moment, month_day = EXPECTED[language]
    with translation.override(language):
        assert date_format(DAY, "DATE_FORMAT") == date
        assert date_format(timezone.localtime(MOMENT), "DATETIME_FORMAT") == moment
        assert date_format(DAY, "MONTH_DAY_FORMAT") == month_day


def test_every_kyrgyz_month_is_kyrgyz_and_lower_case():
    with translation.override("ky"):
        months = [date_format(DAY.replace(month=m), "DATE_FORMAT") for m in range(1, 13)]
    assert months[0] == "3-январь 2027-ж."
    assert all(re.fullmatch(r"3-[а-яөүң]+ 2027-ж\.", month) for month in months), months


def test_no_template_spells_out_a_month_format():
    # A literal "j E Y" prints the same pattern in every language: Kyrgyz needs its own.
    from pathlib import Path

    templates = Path(__file__).resolve().parent.parent / "templates"
    spelled = [
        f"{path.relative_to(templates)}: {match}"
        for path in templates.rglob("*.html")
        for match in re.findall(r'date:"([^"]*)"', path.read_text())
        if not re.fullmatch(r"[A-Z_]+", match) and re.search(r"[EFNMb]", match)
    ]
    assert spelled == []


def test_kyrgyz_pages_print_kyrgyz_dates(client, draft, editor):
    publish(draft, by=editor)
    draft.refresh_from_db()
    with translation.override("ky"):
        last_day = date_format(draft.discussion_last_day, "DATE_FORMAT")
    page = client.get(f"/ky/drafts/{draft.reference}/").text
    assert last_day in page and "-ж." in last_day
    assert not re.search(r"\d (Январь|Февраль|Март|Апрель|Май|Июнь|Июль|Август|Сентябрь)", page)


def test_kyrgyz_plan_page_prints_kyrgyz_dates(client, body):
    plan = make_plan(body, year=2027)
    page = client.get(f"/ky/plans/{body.short_name}/2027/").text
    with translation.override("ky"):
        assert date_format(plan.approved_on, "DATE_FORMAT") in page
