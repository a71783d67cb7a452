"""Plans as spreadsheets: the import template, reading an upload row by row, and exports.

Bodies keep their plans in Excel. An upload is checked completely before anything is saved:
every bad row is reported (row, column, reason) and a file with any bad row imports nothing.
"""

import contextlib
import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

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
MAX_ROWS = 20_000


@dataclass
class ParsedPlan:
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def error(self, row: int, column: str, message: str):
        self.errors.append({"row": row, "column": column, "message": str(message)})


def _raw_rows(upload) -> tuple[list[str], list[list]]:
    name = (upload.name or "").lower()
    upload.seek(0)
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise ValueError(
                _("This file could not be read as an Excel (.xlsx) workbook.")
            ) from None
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    elif name.endswith(".csv"):
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(
                _("The file is not in UTF-8. In Excel choose “Save as → CSV UTF-8”.")
            ) from None
        dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        rows = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise ValueError(_("Upload the plan as an .xlsx or .csv file."))
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise ValueError(_("The file is empty."))
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

    `existing_titles`: the titles (Kyrgyz and Russian) of the plan's items; a row repeating
    one is refused, so uploading the same file twice does not plan every act twice.
    """
    result = ParsedPlan()
    try:
        header, rows = _raw_rows(upload)
    except ValueError as error:
        result.error(0, "", str(error))
        return result
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
    if len(rows) > MAX_ROWS:
        result.error(
            0, "", _("At most %(count)s rows can be imported at once.") % {"count": MAX_ROWS}
        )
        return result

    taken = {_title_key(title) for title in existing_titles if title}
    act_types = set(ActType.values)
    subjects = dict(SubjectArea.objects.values_list("slug", "pk"))
    bodies = {
        short.upper(): pk for short, pk in Organization.objects.values_list("short_name", "pk")
    }
    for offset, cells in enumerate(rows, start=2):
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
        except ValueError:
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
