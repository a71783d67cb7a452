"""The report's PDF as a reader gets it: the footer in the reader's language, no heading left
alone at a page's foot, no nearly empty page (issue 14, item 4)."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from reports.pdf import build_pdf
from reports.services import build_report, publish_report
from reports.tables import report_tables

FOOTERS = {
    "ru": "TST-2026-0001 · отчёт № 1 · Страница 1 из",
    "ky": "TST-2026-0001 · 1-отчет ·",
    "en": "TST-2026-0001 · report 1 · Page 1 of",
}


@pytest.fixture
def report(discussion, editor):
    return publish_report(build_report(discussion["draft"]), by=editor)


def pdf_pages(client, report, language) -> list[str]:
    url = reverse("reports:export", args=[report.draft.reference, report.number, "pdf"])
    response = client.get(url.replace("/en/", f"/{language}/", 1))
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


@pytest.mark.parametrize("language", ["ru", "ky", "en"])
def test_footer_is_in_the_readers_language_and_counts_the_pages(client, report, language):
    pages = pdf_pages(client, report, language)
    footers = [text.strip().splitlines()[-1] for text in pages]
    assert footers[0].startswith(FOOTERS[language]), footers[0]
    if language != "en":
        assert not any("report" in footer for footer in footers)
    assert all(str(len(pages)) in footer for footer in footers)


@pytest.mark.parametrize("language", ["ru", "ky"])
def test_no_heading_stays_alone_at_the_foot_of_a_page(client, report, language):
    with translation.override(language):
        headings = {table.title for table in report_tables(report)}
    pages = pdf_pages(client, report, language)
    for number, text in enumerate(pages[:-1], start=1):
        last_line = text.strip().splitlines()[-2]  # the line above the footer
        assert last_line not in headings, f"page {number} ends with the heading {last_line!r}"


def test_every_page_but_the_last_is_well_filled(report):
    with translation.override("ru"):
        pdf = build_pdf(report)
        pdf.output()
    usable = pdf.h - pdf.b_margin
    assert len(pdf.page_ends) == pdf.pages_count
    for number, end in enumerate(pdf.page_ends[:-1], start=1):
        assert end > usable * 0.6, f"page {number} is filled only to {end:.0f} of {usable:.0f} mm"


def test_kyrgyz_pdf_prints_kyrgyz_dates(client, report):
    first_page = pdf_pages(client, report, "ky")[0]
    with translation.override("ky"):
        published = date_format(timezone.localtime(report.published_at), "DATE_FORMAT")
    assert published in first_page and "-ж." in published
