"""Plans as spreadsheets: the import template, reading an upload row by row, and exports.

Bodies keep their plans in Excel. An upload is checked completely before anything is saved:
every bad row is reported (row, column, reason) and a file with any bad row imports nothing.
A file that cannot be read at all, or breaks one of the limits below, is refused with one
ValidationError before any row is checked.
"""

import csv
import datetime
import io
import time
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Organization
from drafts.models import ActType, SubjectArea

COLUMNS = [
    "title_ky",
    "title_ru",
    "act_type",
    "subject_area",
    "quarter",
    "planned_adoption",
    "co_executors",
    "rationale",
]
REQUIRED_COLUMNS = {"act_type", "quarter"}
EXAMPLE_ROW = [
    "«Нотариат жөнүндө» Мыйзамга өзгөртүүлөр киргизүү жөнүндө",
    "О внесении изменений в Закон «О нотариате»",
    "law",
    "justice",
    "2",
    "2026-11-30",
    "SRS; MoF",
    "Переход на электронные нотариальные действия",
]
MAX_ROWS = 1_000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 2_000
# 1,000 rows with both titles at their full 500 characters (Cyrillic: two bytes each in UTF-8)
# come to about 2 MB; a real plan of a few hundred rows is a tenth of that.
MAX_FILE_BYTES = 2 * 1024 * 1024
# An .xlsx is a zip: what it unpacks to is what openpyxl parses, so that is bounded too (a few
# hundred kilobytes of XML per thousand rows; a zip bomb declares gigabytes).
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
# Reading and checking share one budget: within the limits above they take a tenth of it, so
# only a hostile file meets it, and a worker is never held for long (two such uploads would
# otherwise stop a two-worker site).
MAX_SECONDS = 1.0
MAX_ERRORS = 500


@dataclass
class ParsedPlan:
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def error(self, row: int, column: str, message: str):
        self.errors.append({"row": row, "column": column, "message": str(message)})


def _unreadable(detail: str = "") -> ValidationError:
    message = _("This file cannot be read as a plan spreadsheet.")
    return ValidationError(f"{message} {detail}".strip(), code="unreadable")


class _Budget:
    """The one clock of a parse: `check()` refuses the file once MAX_SECONDS have passed."""

    def __init__(self):
        self.deadline = time.monotonic() + MAX_SECONDS

    def check(self):
        if time.monotonic() > self.deadline:
            raise ValidationError(
                _("Reading this file took longer than %(seconds)s seconds, the limit.")
                % {"seconds": MAX_SECONDS},
                code="too_slow",
            )


def _csv_rows(upload):
    raw = upload.read(MAX_FILE_BYTES + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _unreadable(_("It is not in UTF-8: in Excel choose “Save as → CSV UTF-8”.")) from None
    # Excel writes "," or, in Russian and Kyrgyz locales, ";". csv.Sniffer is not used: its
    # guesses are regular expressions over the sample, slow on long lines and sometimes wrong;
    # the header line names the delimiter well enough.
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max(",;\t", key=first_line.count)
    try:
        # newline="": rows end at \r\n, \n or a bare \r (old Mac Excel), as csv expects.
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error:
        # A cell over csv's own limit (131,072 characters), the error csv raises on a file
        # that is not a spreadsheet at all.
        raise _unreadable() from None


def _xlsx_rows(upload):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(upload) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > MAX_UNZIPPED_BYTES:
            raise _unreadable(
                _("It unpacks to more than %(megabytes)s MB, the limit.")
                % {"megabytes": MAX_UNZIPPED_BYTES // (1024 * 1024)}
            )
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
        # One column past the limit is enough to see that a row is too wide; openpyxl pads
        # every row to the width it is asked for.
        yield from workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
        workbook.close()
    except ValidationError:
        raise
    except Exception:
        # openpyxl meets a hostile or broken file with whatever its parsers raise (BadZipFile,
        # KeyError, lxml's XMLSyntaxError, IndexError, TypeError, …): to the clerk it is all
        # one thing, a file that is not a workbook we can read.
        raise _unreadable(_("Save it again from Excel as an .xlsx workbook.")) from None


def _raw_rows(upload, budget: _Budget) -> tuple[list[str], list[list]]:
    """The header and the non-blank rows, or ValidationError naming the limit the file broke.

    Every limit is checked as the rows arrive, so a huge file costs no more than a small one.
    """
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than %(megabytes)s MB, the limit.")
            % {"megabytes": MAX_FILE_BYTES // (1024 * 1024)},
            code="too_large",
        )
    name = (upload.name or "").lower()
    upload.seek(0)
    if name.endswith(".xlsx"):
        source = _xlsx_rows(upload)
    elif name.endswith(".csv"):
        source = _csv_rows(upload)
    else:
        raise ValidationError(_("Upload the plan as an .xlsx or .csv file."), code="type")
    rows = []
    for number, row in enumerate(source, start=1):
        budget.check()
        cells = list(row)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise ValidationError(
                _("Row %(row)s has more than %(count)s columns, the limit.")
                % {"row": number, "count": MAX_COLUMNS},
                code="too_wide",
            )
        if any(isinstance(cell, str) and len(cell) > MAX_CELL_CHARS for cell in cells):
            raise ValidationError(
                _("Row %(row)s has a cell longer than %(count)s characters, the limit.")
                % {"row": number, "count": MAX_CELL_CHARS},
                code="cell_too_long",
            )
        if len(rows) > MAX_ROWS:  # the header and MAX_ROWS rows are already in
            raise ValidationError(
                _("At most %(count)s rows can be imported at once.") % {"count": MAX_ROWS},
                code="too_many_rows",
            )
        rows.append(cells)
    if not rows:
        raise ValidationError(_("The file is empty."), code="empty")
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    return header, rows[1:]


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def parse_plan(upload, *, quarters, existing_titles=()) -> ParsedPlan:
    """Read and check every row; `rows` hold clean values only when `errors` is empty.

    Raises ValidationError for a file that cannot be read or is over a limit (size, rows,
    columns, cell length, time): nothing of it is worth keeping.

    `existing_titles`: the titles (Kyrgyz and Russian) of the plan's items; a row repeating
    one is refused, so uploading the same file twice does not plan every act twice.
    """
    budget = _Budget()
    header, rows = _raw_rows(upload, budget)
    result = ParsedPlan()
    unknown = [column for column in header if column and column not in COLUMNS]
    for column in unknown:
        result.error(1, column, _("Unknown column. Use the columns of the template."))
    missing = REQUIRED_COLUMNS - set(header)
    if not ({"title_ky", "title_ru"} & set(header)):
        missing.add("title_ru")
    for column in sorted(missing):
        result.error(1, column, _("This column is missing. Use the columns of the template."))
    if result.errors:
        return result

    taken = {_title_key(title) for title in existing_titles if title}
    act_types = set(ActType.values)
    subjects = dict(SubjectArea.objects.values_list("slug", "pk"))
    bodies = {
        short.upper(): pk for short, pk in Organization.objects.values_list("short_name", "pk")
    }
    for offset, cells in enumerate(rows, start=2):
        budget.check()
        if len(result.errors) >= MAX_ERRORS:
            # A file this wrong is corrected from the first problems; checking on would only
            # make the list (stored with the upload) longer.
            result.error(
                offset,
                "",
                _("Checking stopped after %(count)s problems.") % {"count": MAX_ERRORS},
            )
            break
        values = {
            column: ("" if cell is None else cell)
            for column, cell in zip(header, list(cells) + [None] * len(header), strict=False)
        }
        text = {k: str(v).strip() for k, v in values.items()}
        clean = {
            "title_ky": text.get("title_ky", ""),
            "title_ru": text.get("title_ru", ""),
            "rationale": text.get("rationale", ""),
        }
        if not (clean["title_ky"] or clean["title_ru"]):
            result.error(offset, "title_ru", _("A title in Kyrgyz or Russian is required."))
        for column in ("title_ky", "title_ru"):
            if len(clean[column]) > 500:
                result.error(offset, column, _("The title is longer than 500 characters."))
            elif clean[column] and _title_key(clean[column]) in taken:
                result.error(offset, column, _("An item with this title is already in the plan."))
        if text["act_type"] not in act_types:
            result.error(
                offset,
                "act_type",
                _("Unknown type of act “%(value)s”. Use one of: %(allowed)s.")
                % {"value": text["act_type"], "allowed": ", ".join(sorted(act_types))},
            )
        clean["act_type"] = text["act_type"]
        try:
            quarter = int(float(text["quarter"]))
            if quarter not in quarters:
                raise ValueError
            clean["quarter"] = quarter
        except (ValueError, OverflowError):  # "abc", or "inf": int() of an infinite float
            result.error(
                offset,
                "quarter",
                _("Bad quarter “%(value)s”: this plan covers quarters %(allowed)s.")
                % {"value": text["quarter"], "allowed": ", ".join(map(str, quarters))},
            )
        subject = text.get("subject_area", "")
        if subject and subject not in subjects:
            result.error(
                offset, "subject_area", _("Unknown subject area “%(value)s”.") % {"value": subject}
            )
        clean["subject_area_id"] = subjects.get(subject)
        try:
            clean["planned_adoption"] = _date(values.get("planned_adoption"))
        except ValueError:
            result.error(
                offset,
                "planned_adoption",
                _("Bad date “%(value)s”: use YYYY-MM-DD or DD.MM.YYYY.")
                % {"value": text.get("planned_adoption")},
            )
        co_executors = []
        for short in filter(
            None, (s.strip().upper() for s in text.get("co_executors", "").split(";"))
        ):
            if short in bodies:
                co_executors.append(bodies[short])
            else:
                result.error(
                    offset, "co_executors", _("Unknown state body “%(value)s”.") % {"value": short}
                )
        clean["co_executor_ids"] = co_executors
        result.rows.append(clean)
    return result


def template_workbook() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "plan"
    sheet.append(COLUMNS)
    sheet.append(EXAMPLE_ROW)
    codes = workbook.create_sheet("codes")
    codes.append(["act_type", "", "subject_area", "", "co_executors"])
    types = list(ActType.choices)
    subjects = list(SubjectArea.objects.values_list("slug", "name_ru"))
    bodies = list(Organization.objects.values_list("short_name", "name_ru"))
    for index in range(max(len(types), len(subjects), len(bodies))):
        row = []
        for pairs in (types, subjects, bodies):
            row += [str(x) for x in pairs[index]] if index < len(pairs) else ["", ""]
        codes.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerow(EXAMPLE_ROW)
    return "\ufeff" + buffer.getvalue()


EXPORT_COLUMNS = [
    ("body", lambda item: item.plan.organization.short_name),
    ("year", lambda item: item.plan.year),
    ("quarter", lambda item: item.quarter),
    ("title_ky", lambda item: item.title_ky),
    ("title_ru", lambda item: item.title_ru),
    ("act_type", lambda item: item.act_type),
    ("subject_area", lambda item: item.subject_area.slug if item.subject_area else ""),
    ("responsible", lambda item: item.responsible.short_name),
    ("co_executors", lambda item: "; ".join(o.short_name for o in item.co_executors.all())),
    ("planned_adoption", lambda item: item.planned_adoption),
    ("status", lambda item: str(item.status_label)),
    ("draft", lambda item: item.draft.reference if item.draft else ""),
    ("published_on", lambda item: item.published_on),
    ("dropped_reason", lambda item: item.dropped_reason),
]


def export_rows(items):
    """Header, then one row per item, with typed values (sep.exports keeps formulas inert)."""
    yield [name for name, _ in EXPORT_COLUMNS]
    for item in items:
        yield [get(item) for _, get in EXPORT_COLUMNS]
