import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from plans.models import PlanImport, PlanItem
from plans.spreadsheets import COLUMNS, MAX_ROWS

GOOD_ROW = {
    "title_ky": "Нотариат жөнүндө",
    "title_ru": "О нотариате",
    "act_type": "law",
    "subject_area": "justice",
    "quarter": "2",
    "planned_adoption": "30.11.2026",
    "co_executors": "SRS; MoF",
    "rationale": "Электронные нотариальные действия",
}


def csv_upload(rows, *, columns=COLUMNS, encoding="utf-8", name="plan.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def xlsx_upload(rows, *, columns=COLUMNS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("plan.xlsx", buffer.getvalue())


def post(client, plan, upload):
    return client.post(reverse("plans:staff-import", args=[plan.pk]), {"file": upload})


def test_a_good_csv_imports_every_row(client_for, editor, plan):
    response = post(client_for(editor), plan, csv_upload([GOOD_ROW, {**GOOD_ROW, "quarter": "4"}]))
    assert response.status_code == 302
    items = PlanItem.objects.filter(plan=plan).order_by("quarter")
    assert [item.quarter for item in items] == [2, 4]
    first = items[0]
    assert first.title_ky == "Нотариат жөнүндө"
    assert first.subject_area.slug == "justice"
    assert str(first.planned_adoption) == "2026-11-30"
    assert sorted(o.short_name for o in first.co_executors.all()) == ["MoF", "SRS"]
    assert first.history.count() == 1


def test_a_good_xlsx_imports_with_typed_cells(client_for, editor, plan):
    import datetime

    row = {**GOOD_ROW, "quarter": 3, "planned_adoption": datetime.datetime(2026, 12, 1)}
    assert post(client_for(editor), plan, xlsx_upload([row])).status_code == 302
    assert PlanItem.objects.get(plan=plan).quarter == 3


def test_bad_rows_are_all_reported_and_nothing_is_imported(client_for, editor, plan):
    rows = [
        GOOD_ROW,
        {**GOOD_ROW, "act_type": "edict"},
        {**GOOD_ROW, "quarter": "5"},
        {**GOOD_ROW, "title_ky": "", "title_ru": ""},
        {**GOOD_ROW, "co_executors": "NOPE"},
        {**GOOD_ROW, "planned_adoption": "31/11/2026"},
    ]
    response = post(client_for(editor), plan, csv_upload(rows))
    assert response.status_code == 200
    errors = {(e["row"], e["column"]) for e in response.context["record"].errors}
    assert errors == {
        (3, "act_type"),
        (4, "quarter"),
        (5, "title_ru"),
        (6, "co_executors"),
        (7, "planned_adoption"),
    }
    assert "Unknown type of act “edict”" in response.text
    assert not PlanItem.objects.filter(plan=plan).exists()
    kept = PlanImport.objects.get(plan=plan)
    download = client_for(editor).get(reverse("plans:staff-import-file", args=[plan.pk, kept.pk]))
    assert b"edict" in b"".join(download.streaming_content)


def test_wrong_columns_are_named(client_for, editor, plan):
    columns = ["name", "act_type", "quarter"]
    response = post(client_for(editor), plan, csv_upload([{"act_type": "law"}], columns=columns))
    errors = response.context["record"].errors
    assert {
        "row": 1,
        "column": "name",
        "message": "Unknown column. Use the columns of the template.",
    } in errors
    assert any(e["column"] == "title_ru" and "missing" in e["message"] for e in errors)


def file_errors(response):
    """The form's own errors on the file: what a file that cannot be read is refused with."""
    assert response.status_code == 200
    assert response.context["record"] is None
    return response.context["form"].errors["file"]


def test_wrong_encoding_is_explained(client_for, editor, plan):
    russian_only = {**GOOD_ROW, "title_ky": ""}
    response = post(client_for(editor), plan, csv_upload([russian_only], encoding="cp1251"))
    [message] = file_errors(response)
    assert "cannot be read" in message and "UTF-8" in message
    assert not PlanItem.objects.exists() and not PlanImport.objects.exists()


def test_empty_file_is_explained(client_for, editor, plan):
    response = post(client_for(editor), plan, SimpleUploadedFile("plan.csv", b""))
    assert response.status_code == 200
    # Django refuses an empty upload before we see it; the form says so.
    assert response.context["form"].errors
    response = post(client_for(editor), plan, SimpleUploadedFile("plan.csv", b"\n\n"))
    assert file_errors(response) == ["The file is empty."]


def test_not_a_spreadsheet_is_refused(client_for, editor, plan):
    response = post(client_for(editor), plan, SimpleUploadedFile("plan.xlsx", b"not a zip"))
    assert "cannot be read" in file_errors(response)[0]
    assert not PlanImport.objects.exists()


def test_the_largest_plan_imports(client_for, editor, plan):
    rows = [
        {**GOOD_ROW, "title_ru": f"Проект {n}", "quarter": str(n % 4 + 1)} for n in range(MAX_ROWS)
    ]
    response = post(client_for(editor), plan, csv_upload(rows))
    assert response.status_code == 302
    assert PlanItem.objects.filter(plan=plan).count() == MAX_ROWS
    assert PlanItem.co_executors.through.objects.filter(planitem__plan=plan).count() == 2 * MAX_ROWS


def test_template_round_trips(client_for, editor, plan, client):
    template = client.get(reverse("plans:import-template", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(template.content))
    assert [cell.value for cell in workbook["plan"][1]] == COLUMNS
    upload = SimpleUploadedFile("template.xlsx", template.content)
    assert post(client_for(editor), plan, upload).status_code == 302
    assert PlanItem.objects.filter(plan=plan).count() == 1
    assert client.get(reverse("plans:import-template", args=["exe"])).status_code == 404


def test_importing_the_same_file_twice_reports_every_row_already_in_the_plan(
    client_for, editor, plan
):
    rows = [GOOD_ROW, {**GOOD_ROW, "title_ky": "", "title_ru": "О государственной службе"}]
    assert post(client_for(editor), plan, csv_upload(rows)).status_code == 302
    again = [*rows, {**GOOD_ROW, "title_ky": "", "title_ru": "Новый пункт"}]
    response = post(client_for(editor), plan, csv_upload(again))
    assert response.status_code == 200
    errors = {(e["row"], e["column"]) for e in response.context["record"].errors}
    assert errors == {(2, "title_ky"), (2, "title_ru"), (3, "title_ru")}
    assert "An item with this title is already in the plan." in response.text
    assert PlanItem.objects.filter(plan=plan).count() == 2


def test_a_title_differing_only_in_case_and_spaces_is_the_same_item(client_for, editor, plan):
    from tests.factories import make_item

    make_item(plan, title_ru="О нотариате")
    row = {**GOOD_ROW, "title_ky": "", "title_ru": "  о  НОТАРИАТЕ "}
    response = post(client_for(editor), plan, csv_upload([row]))
    assert [e["column"] for e in response.context["record"].errors] == ["title_ru"]


def test_the_same_title_in_another_plan_does_not_count(client_for, editor, plan, body):
    from tests.factories import make_item, make_plan

    make_item(make_plan(body, year=2025), title_ru="О нотариате", title_ky="Нотариат жөнүндө")
    assert post(client_for(editor), plan, csv_upload([GOOD_ROW])).status_code == 302
