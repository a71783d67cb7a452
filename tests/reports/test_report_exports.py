"""The report in every format: the same numbers, Kyrgyz letters intact, formulas inert."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.services import build_report, publish_report
from reports.tables import report_tables
from sep.exports import csv_value, sheet_names


@pytest.fixture
def report(discussion, editor):
    return publish_report(build_report(discussion["draft"]), by=editor)


def export(client, report, fmt, language="en"):
    url = reverse("reports:export", args=[report.draft.reference, report.number, fmt])
    response = client.get(url.replace("/en/", f"/{language}/", 1))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_holds_every_row_and_keeps_formulas_inert(client, report):
    rows = list(csv.reader(io.StringIO(export(client, report, "csv").decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "No." and "Decision" in header
    assert len(body) == report.entries.count() == 6
    texts = [row[header.index("Text")] for row in body]
    assert '\'=HYPERLINK("http://evil.example")' in texts
    campaign = next(row for row in body if row[header.index("Comments in the row")] == "3")
    assert campaign[header.index("Position")] == "Objects"


def test_xlsx_has_a_sheet_per_table_with_typed_cells(client, report):
    workbook = load_workbook(io.BytesIO(export(client, report, "xlsx")))
    assert {"Overview", "By region", "By article", "Proposals"} <= set(workbook.sheetnames)
    regions = list(workbook["By region"].iter_rows(values_only=True))
    assert regions[0] == ("Region", "Comments", "Share, %")
    assert regions[1] == ("Naryn oblast", 3, pytest.approx(42.9))
    proposals = workbook["Proposals"]
    header = [cell.value for cell in proposals[1]]
    text_column = header.index("Text")
    cells = [row[text_column] for row in proposals.iter_rows(min_row=2)]
    formula_like = next(cell for cell in cells if str(cell.value).startswith("="))
    # Stored as text: it shows as typed and Excel never evaluates it.
    assert formula_like.data_type == "s"
    assert formula_like.value == '=HYPERLINK("http://evil.example")'
    assert proposals.max_row == 1 + 6


def test_pdf_text_has_the_title_and_kyrgyz_letters(client, report):
    reader = PdfReader(io.BytesIO(export(client, report, "pdf", language="ky")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert report.draft.reference in text
    assert "Жаңы мыйзам" in text
    assert all(letter in text for letter in "ңөү")


def test_json_holds_everything(client, report):
    data = json.loads(export(client, report, "json"))
    assert data["draft"] == report.draft.reference
    assert data["statistics"]["participation"]["comments_hidden"] == 1
    assert len(data["proposals"]) == 6
    assert [p["comments_in_row"] for p in data["proposals"]].count(3) == 1
    # Names only with consent; e-mails never.
    assert "@example.kg" not in json.dumps(data, ensure_ascii=False)


def test_unknown_format_is_404(client, report):
    url = reverse("reports:export", args=[report.draft.reference, report.number, "exe"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("language", ["en", "ky"])
def test_csv_rows_are_the_summary_rows_of_the_page(client, report, language):
    """PostgreSQL writes the CSV; it must say exactly what the Python rows say."""
    from django.utils import timezone, translation

    from reports.tables import summary_row

    body = export(client, report, "csv", language=language).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))[1:]
    with translation.override(language):
        expected = []
        for entry in report.entries.order_by("position"):
            row = summary_row(entry)
            row[12] = f"{timezone.localtime(row[12]):%Y-%m-%d %H:%M}"
            row[15] = f"{timezone.localtime(row[15]):%Y-%m-%d %H:%M}" if row[15] else ""
            expected.append([str(csv_value(cell)) for cell in row])
    assert rows == expected


def test_each_chart_is_on_the_page_once(client, report):
    # "Comments per day" used to be drawn twice: once by the loop over tables, once more below
    # its table.
    response = client.get(report.get_absolute_url())
    slugs = [chart["slug"] for chart in response.context["charts"]]
    assert len(slugs) == len(set(slugs))
    assert "timeline" in slugs
    assert response.text.count('<img class="chart"') == len(slugs)


def test_the_pdf_has_the_same_charts_as_the_page(client, report, monkeypatch):
    from reports import charts

    drawn = []
    for name in ("bar_chart", "timeline_chart"):
        draw = getattr(charts, name)
        monkeypatch.setattr(
            charts,
            name,
            lambda *a, _draw=draw, _name=name, **k: drawn.append(_name) or _draw(*a, **k),
        )
    export(client, report, "pdf")
    page = client.get(report.get_absolute_url())
    assert len(drawn) == 2 * len(page.context["charts"])
    assert drawn.count("timeline_chart") == 2


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_xlsx_sheet_names_are_whole_words_and_unique(client, report, language):
    # Before, titles were cut at Excel's 31 characters: "Принято полностью или частично, д".
    workbook = load_workbook(io.BytesIO(export(client, report, "xlsx", language=language)))
    names = workbook.sheetnames
    with translation.override(language):
        expected = [table.sheet for table in report_tables(report)]
        expected.append(pgettext("sheet name", "Proposals"))
    assert names == expected
    assert all(0 < len(name) <= 31 for name in names)
    assert len({name.casefold() for name in names}) == len(names)


def test_sheet_names_shorten_at_a_word_and_stay_unique():
    long = "Принято полностью или частично, доля от замечаний с ответом"
    names = sheet_names([long, long, "a/b:c", "Обзор", "обзор"])
    assert names[0] == "Принято полностью или частично"
    assert names[1] == "Принято полностью или (2)"
    assert names[2] == "a b c"
    assert names[4] == "обзор (2)"
