"""Spreadsheet exports shared by every app: streamed CSV, XLSX written row by row to disk and
streamed from there, both in constant memory, both safe against formula injection."""

import csv
import datetime
import re
import tempfile
from collections.abc import Iterable

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

# A text cell starting with one of these is a formula to Excel and LibreOffice: a comment
# "=HYPERLINK(…)" must reach the analyst as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_value(value):
    """CSV has no cell types: a leading apostrophe keeps formula-like text inert."""
    if is_formula_like(value):
        return "'" + value
    if value is None:
        return ""
    return value


class _Echo:
    def write(self, value):
        return value


def csv_response(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        # Excel recognises UTF-8 CSV only with a byte-order mark.
        yield "\ufeff"
        for row in rows:
            yield writer.writerow([csv_value(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


# Excel refuses a sheet name longer than 31 characters or holding any of these.
SHEET_NAME_LENGTH = 31
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_names(titles: Iterable[str]) -> list[str]:
    """Excel-safe, unique sheet names for `titles`, shortened at a word boundary, never inside a
    word (callers give short names to begin with; this is the guard for the ones that aren't).
    """
    names: list[str] = []
    for title in titles:
        base = SHEET_NAME_FORBIDDEN.sub(" ", str(title)).strip(" '") or "—"
        name, number = _shorten(base, SHEET_NAME_LENGTH), 2
        while name.casefold() in {taken.casefold() for taken in names}:  # Excel ignores case
            suffix = f" ({number})"
            name = _shorten(base, SHEET_NAME_LENGTH - len(suffix)) + suffix
            number += 1
        names.append(name)
    return names


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    # One character more than fits: if it is a space, the last word fits whole.
    head = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    return head[:limit].rstrip(" ,.;-—")


def xlsx_response(sheets: Iterable[tuple[str, Iterable[Iterable]]], filename: str):
    """A workbook with one sheet per `(title, rows)`; the first row of each is its header.

    Numbers and dates stay typed cells; formula-like text is stored as a plain string cell, so
    it shows as typed, without a visible apostrophe, and never runs.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    sheets = list(sheets)
    workbook = Workbook(write_only=True)
    for name, (_title, rows) in zip(sheet_names(t for t, _r in sheets), sheets, strict=True):
        sheet = workbook.create_sheet(name)
        bold = Font(bold=True)
        for index, row in enumerate(rows):
            cells = []
            for value in row:
                if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                    # Excel has no time zones: the analyst reads Bishkek time.
                    value = timezone.localtime(value).replace(tzinfo=None)
                cell = WriteOnlyCell(sheet, value=value)
                if is_formula_like(value):
                    cell.data_type = "s"
                if index == 0:
                    cell.font = bold
                cells.append(cell)
            sheet.append(cells)
    # Written to a temporary file and streamed from it: memory stays flat for any size.
    handle = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it when sent
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
