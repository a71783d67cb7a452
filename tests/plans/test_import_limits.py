"""Hostile and broken uploads: each is refused with the form's message naming the problem or
the limit, within two seconds, with nothing imported and nothing kept.

The inputs are those of the outside probe: a worker that parses one of them for 30 s is killed,
and two such uploads stop a two-worker site."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import PlanImport, PlanItem
from plans.spreadsheets import COLUMNS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS

from .test_import import GOOD_ROW, file_errors, post, xlsx_upload

HEADER = ",".join(COLUMNS) + "\n"
GOOD_LINE = ",".join(GOOD_ROW[column] for column in COLUMNS) + "\n"


def xlsx_with(part: str, data: bytes) -> bytes:
    """A real workbook with one of its parts replaced."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_upload([GOOD_ROW]).read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bad:
        for info in good.infolist():
            bad.writestr(info.filename, data if info.filename == part else good.read(info))
    return buffer.getvalue()


def refused(client_for, editor, plan, name, content) -> str:
    started = time.monotonic()
    response = post(client_for(editor), plan, SimpleUploadedFile(name, content))
    assert time.monotonic() - started < 2
    [message] = file_errors(response)
    assert not PlanItem.objects.exists()
    assert not PlanImport.objects.exists()
    return message


@pytest.mark.parametrize(
    "name, content, expected",
    [
        # The probe's file: one header row of two million cells (4 MB).
        ("plan.csv", b"a," * 2_000_000, "larger than 2 MB"),
        ("plan.csv", HEADER.encode() + b"x" * 4_000_000, "larger than 2 MB"),
        ("plan.csv", (HEADER + GOOD_LINE * 100_000).encode(), "larger than 2 MB"),
        ("plan.xlsx", b"PK" + b"\0" * 3_000_000, "larger than 2 MB"),
    ],
)
def test_a_file_over_the_size_limit_is_refused_unread(
    client_for, editor, plan, name, content, expected
):
    assert expected in refused(client_for, editor, plan, name, content)


def test_more_rows_than_a_plan_has_are_refused(client_for, editor, plan):
    short = "x,x,law,,1,,,\n"  # small enough that 100,000 rows fit in the size limit
    content = (HEADER + short * 100_000).encode()
    message = refused(client_for, editor, plan, "plan.csv", content)
    assert message == f"At most {MAX_ROWS} rows can be imported at once."


def test_a_wide_file_is_refused(client_for, editor, plan):
    content = (HEADER + "x," * 10_000 + "\n").encode()
    message = refused(client_for, editor, plan, "plan.csv", content)
    assert message == f"Row 2 has more than {MAX_COLUMNS} columns, the limit."


def test_a_long_cell_is_refused(client_for, editor, plan):
    content = (HEADER + "law," + "я" * (MAX_CELL_CHARS + 1) + "\n").encode()
    message = refused(client_for, editor, plan, "plan.csv", content)
    assert message == f"Row 2 has a cell longer than {MAX_CELL_CHARS} characters, the limit."


def test_a_cell_over_the_csv_modules_own_limit_is_unreadable(client_for, editor, plan):
    content = HEADER.encode() + b'"' + b"x" * 200_000 + b'"\n'
    assert "cannot be read" in refused(client_for, editor, plan, "plan.csv", content)


@pytest.mark.parametrize(
    "content",
    [
        # The probe's file: xl/workbook.xml is `<bad` (lxml's XMLSyntaxError in openpyxl).
        xlsx_with("xl/workbook.xml", b"<bad"),
        xlsx_with("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c"),
        xlsx_with("[Content_Types].xml", b"<Types/>"),
        b"PK\x03\x04" + b"\0" * 100,
        b"not a zip",
    ],
    ids=["bad-workbook-xml", "bad-sheet-xml", "no-worksheet", "bad-zip", "not-a-zip"],
)
def test_a_broken_workbook_is_unreadable(client_for, editor, plan, content):
    assert "cannot be read" in refused(client_for, editor, plan, "plan.xlsx", content)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client_for, editor, plan):
    sheet = b"<worksheet>" + b" " * 100_000_000 + b"</worksheet>"  # 100 MB in ~100 KB
    content = xlsx_with("xl/worksheets/sheet1.xml", sheet)
    assert len(content) < 1_000_000
    assert "unpacks to more than 20 MB" in refused(client_for, editor, plan, "plan.xlsx", content)


def test_a_workbook_of_blank_rows_is_stopped_by_the_clock(client_for, editor, plan):
    # A few bytes naming row 1,048,576: openpyxl yields a million blank rows before it.
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    content = xlsx_with("xl/worksheets/sheet1.xml", sheet)
    message = refused(client_for, editor, plan, "plan.xlsx", content)
    assert message == "Reading this file took longer than 1.0 seconds, the limit."
