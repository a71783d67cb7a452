"""The MoJ compliance dashboard, on a hand-built data set whose every number is known.

Body MJ ("Ministry of Justice"), 2025:
  D1  law, 30-day discussion, planned item Q1 → on time; comments:
      c1 answered after 2 days (accepted), c2 after 4 days (partly), c3 after 10 days
      (rejected), c4 unanswered, c5 hidden; plus an alternative version (never counted)
  D2  law, 10-day discussion (justified), planned item Q1 → late; comments:
      c6 answered after 1 day (noted), c7 unanswered
  D3  government resolution, 30 days, unplanned, no comments
  plan 2025 also has an item of Q2 with no draft (overdue) and a dropped one (not counted)
Body MF ("Ministry of Finance"), 2025:
  E1  law, 10-day discussion, unplanned; e1 answered after 3 days, e2 after 5 (both accepted)
  plan 2025: one item of Q1 with no draft (overdue); a 2024 plan's overdue item (out of range)
  E0  published in 2024 with an answered comment, E9 still being prepared: neither counts.
"""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Membership
from comments.models import Answer, Comment
from drafts.models import ActType
from reports import dashboard
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    make_draft,
    make_item,
    make_plan,
    participant,
)

BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")
YEAR_2025 = {"date_from": "2025-01-01", "date_to": "2025-12-31"}


def at(day: str, hour=10) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=BISHKEK)


def published(body, editor, moment, *, days=30, act_type=ActType.LAW, title="О нотариате"):
    draft = make_draft(body, by=editor, act_type=act_type, title_ru=title)
    start = moment.date()
    draft.publish(
        start=start,
        end=start + datetime.timedelta(days=days - 1),
        justification="" if days >= 30 else "Срочно: решение суда",
        now=moment,
    )
    return draft


class Commenting:
    """Comments at known moments and answers a known number of days later."""

    def author(self):
        return participant()

    def comment(self, draft, *, day_offset=1, kind=Comment.Kind.COMMENT):
        now = draft.discussion_starts + datetime.timedelta(days=day_offset)
        fields = {"text": "Предлагаю уточнить статью 2."}
        if kind == Comment.Kind.ALTERNATIVE:
            fields["explanation"] = "Так понятнее."
        comment, _ = Comment.post(
            draft=draft, author=self.author(), position="proposal", now=now, kind=kind, **fields
        )
        return comment

    def answered(self, draft, *, after_days, decision, responder):
        comment = self.comment(draft)
        Answer.objects.create(
            comment=comment,
            decision=decision,
            reasoning="" if decision == Answer.Decision.ACCEPTED else "Так решили.",
            organization=draft.organization,
            answered_by=responder,
            created_at=comment.created_at + datetime.timedelta(days=after_days),
        )
        return comment


@pytest.fixture
def data(db):
    mj = OrganizationFactory(short_name="TJUS", name_en="Ministry of Justice")
    mf = OrganizationFactory(short_name="TFIN", name_en="Ministry of Finance")
    OrganizationFactory(short_name="TIDLE", name_en="Idle agency")
    people = {}
    for body in (mj, mf):
        people[body.short_name] = {
            role: MembershipFactory(organization=body, role=role).user
            for role in (Membership.Role.EDITOR, Membership.Role.RESPONDER)
        }
    mj_editor, mj_responder = people["TJUS"].values()
    mf_editor, mf_responder = people["TFIN"].values()
    c = Commenting()
    accepted, partly = Answer.Decision.ACCEPTED, Answer.Decision.PARTLY
    rejected, noted = Answer.Decision.REJECTED, Answer.Decision.NOTED

    d1 = published(mj, mj_editor, at("2025-02-10"), title="Д1")
    c.answered(d1, after_days=2, decision=accepted, responder=mj_responder)
    c.answered(d1, after_days=4, decision=partly, responder=mj_responder)
    c.answered(d1, after_days=10, decision=rejected, responder=mj_responder)
    c.comment(d1)
    hidden = c.comment(d1)
    Comment.objects.filter(pk=hidden.pk).update(status="hidden", hidden_reason="spam")
    c.comment(d1, kind=Comment.Kind.ALTERNATIVE)
    d2 = published(mj, mj_editor, at("2025-05-05"), days=10, title="Д2")
    c.answered(d2, after_days=1, decision=noted, responder=mj_responder)
    c.comment(d2)
    d3 = published(
        mj, mj_editor, at("2025-08-01"), act_type=ActType.GOVERNMENT_RESOLUTION, title="Д3"
    )
    mj_plan = make_plan(mj, year=2025)
    make_item(mj_plan, quarter=1, title_ru="Вовремя").link(d1)
    make_item(mj_plan, quarter=1, title_ru="С опозданием").link(d2)
    make_item(mj_plan, quarter=2, title_ru="Не опубликован")
    make_item(mj_plan, quarter=3, title_ru="Отменён").drop(reason="Не нужен")

    e1 = published(mf, mf_editor, at("2025-03-03"), days=10, title="Е1")
    c.answered(e1, after_days=3, decision=accepted, responder=mf_responder)
    c.answered(e1, after_days=5, decision=accepted, responder=mf_responder)
    make_item(make_plan(mf, year=2025), quarter=1, title_ru="Не опубликован")
    make_item(make_plan(mf, year=2024), quarter=1, title_ru="Прошлый год")
    e0 = published(mf, mf_editor, at("2024-12-31", hour=23), title="Е0")
    c.answered(e0, after_days=1, decision=accepted, responder=mf_responder)
    make_draft(mf, by=mf_editor, title_ru="Е9")
    return {"mj": mj, "mf": mf, "drafts": {"D1": d1, "D2": d2, "D3": d3, "E1": e1}}


def workbook_of(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def rows_of(response):
    return {body.short_name: body for body in response.context["bodies"]}


def get_dashboard(client, **params):
    return client.get(reverse("reports:dashboard"), {**YEAR_2025, **params})


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["dashboard", "body"])
def test_anonymous_visitor_is_sent_to_sign_in(client_for, body, page):
    url = (
        reverse("reports:dashboard")
        if page == "dashboard"
        else reverse("reports:dashboard-body", args=[body.short_name])
    )

    response = client_for(None).get(url)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", ["citizen", "editor", "responder", "moderator"])
@pytest.mark.parametrize("page", ["dashboard", "body"])
def test_only_moj_analysts_see_the_dashboard(client_for, request, body, who, page):
    url = (
        reverse("reports:dashboard")
        if page == "dashboard"
        else reverse("reports:dashboard-body", args=[body.short_name])
    )

    assert client_for(request.getfixturevalue(who)).get(url).status_code == 403
    assert client_for(request.getfixturevalue("analyst")).get(url).status_code == 200


def test_superuser_sees_the_dashboard(client_for, db):
    admin = UserFactory(email="root@minjust.kg", is_superuser=True, is_staff=True)

    assert client_for(admin).get(reverse("reports:dashboard")).status_code == 200


def test_unknown_body_is_404(client_for, analyst):
    url = reverse("reports:dashboard-body", args=["NOPE"])

    assert client_for(analyst).get(url).status_code == 404


# --- The table by body ------------------------------------------------------------------------


def test_table_by_body_gives_the_exact_numbers(client_for, analyst, data):
    response = get_dashboard(client_for(analyst))

    rows = rows_of(response)
    assert set(rows) == {"TJUS", "TFIN"}  # the idle body had nothing to count
    mj, mf = rows["TJUS"], rows["TFIN"]
    assert (mj.drafts_published, mj.meeting_minimum, str(mj.minimum_share)) == (3, 2, "66.7")
    assert (mj.comments_received, mj.to_answer, mj.answered) == (7, 6, 4)
    assert str(mj.answered_share) == "66.7"
    assert str(mj.median_days) == "3.0"  # median of 2, 4, 10 and 1 days
    assert str(mj.accepted_share) == "50.0"  # accepted + partly, of the answered
    assert (mj.on_time, mj.late, mj.overdue, mj.unplanned) == (1, 1, 1, 1)
    assert (mf.drafts_published, str(mf.minimum_share), mf.comments_received) == (1, "0.0", 2)
    assert (str(mf.answered_share), str(mf.median_days), str(mf.accepted_share)) == (
        "100.0",
        "4.0",
        "100.0",
    )
    assert (mf.on_time, mf.late, mf.overdue, mf.unplanned) == (0, 0, 1, 1)


def test_totals_row_is_computed_over_all_comments(client_for, analyst, data):
    totals = get_dashboard(client_for(analyst)).context["totals"]

    assert totals["drafts_published"] == 4
    assert str(totals["minimum_share"]) == "50.0"
    assert (totals["comments_received"], totals["to_answer"], totals["answered"]) == (9, 8, 6)
    assert str(totals["answered_share"]) == "75.0"
    assert str(totals["median_days"]) == "3.5"  # of 1, 2, 3, 4, 5, 10 — not a median of medians
    assert str(totals["accepted_share"]) == "66.7"
    assert (totals["on_time"], totals["late"], totals["overdue"], totals["unplanned"]) == (
        1,
        1,
        2,
        2,
    )


def test_page_shows_the_numbers_and_links_to_the_body(client_for, analyst, data):
    response = get_dashboard(client_for(analyst))

    html = response.content.decode()
    assert "Ministry of Justice" in html and "66.7" in html and "<tfoot>" in html
    drill_down = reverse("reports:dashboard-body", args=["TJUS"])
    assert f'href="{drill_down}?date_from=2025-01-01&amp;date_to=2025-12-31"' in html


def test_filter_by_act_type_counts_only_that_type(client_for, analyst, data):
    response = get_dashboard(client_for(analyst), act_type=ActType.GOVERNMENT_RESOLUTION)

    rows = rows_of(response)
    assert rows["TJUS"].drafts_published == 1
    assert rows["TJUS"].comments_received == 0
    assert "TFIN" not in rows  # no resolution drafted, no resolution planned


def test_date_range_is_by_bishkek_calendar_day(client_for, analyst, data):
    # E0 was published at 23:00 on 31 December 2024 in Bishkek (17:00 UTC).
    response = get_dashboard(client_for(analyst), date_from="2024-12-31", date_to="2024-12-31")

    assert rows_of(response)["TFIN"].drafts_published == 1
    assert rows_of(response)["TFIN"].answered == 1


def test_default_period_is_the_current_bishkek_year(client_for, analyst, data):
    from django.utils import timezone

    response = client_for(analyst).get(reverse("reports:dashboard"))

    year = timezone.localdate().year
    assert response.context["scope"].date_from == datetime.date(year, 1, 1)
    assert response.context["scope"].date_to == datetime.date(year, 12, 31)
    assert "TJUS" not in rows_of(response)  # the data set is of 2025


def test_reversed_period_is_refused_with_a_message(client_for, analyst, data):
    response = get_dashboard(client_for(analyst), date_from="2025-12-31", date_to="2025-01-01")

    assert "The end of the period must not be before its start." in response.content.decode()
    assert response.context["scope"].date_from == datetime.date(2025, 12, 31)  # kept: valid


def test_page_in_kyrgyz_draws_kyrgyz_body_names(client_for, analyst, data):
    data["mj"].name_ky = "Юстиция министрлиги: ң ө ү"
    data["mj"].save()

    response = client_for(analyst).get("/ky/dashboard/", YEAR_2025)

    assert response.status_code == 200
    answered, _drafts = response.context["charts"]
    assert ("Юстиция министрлиги: ң ө ү", 3) in response.context["charts"][1].rows
    assert answered.uri.startswith("data:image/svg+xml;base64,")


# --- Sorting ----------------------------------------------------------------------------------


def test_sorting_by_any_column_both_ways(client_for, analyst, data):
    client = client_for(analyst)

    by_name = get_dashboard(client)
    most_answered = get_dashboard(client, sort="-answered_share")
    least_answered = get_dashboard(client, sort="answered_share")
    most_drafts = get_dashboard(client, sort="-drafts_published")

    assert list(rows_of(by_name)) == ["TFIN", "TJUS"]  # Finance before Justice
    assert list(rows_of(most_answered)) == ["TFIN", "TJUS"]
    assert list(rows_of(least_answered)) == ["TJUS", "TFIN"]
    assert list(rows_of(most_drafts)) == ["TJUS", "TFIN"]


def test_active_column_has_aria_sort_and_its_link_reverses_the_order(client_for, analyst, data):
    response = get_dashboard(client_for(analyst), sort="-answered_share")

    html = response.content.decode()
    assert html.count("aria-sort=") == 1
    assert 'aria-sort="descending"><a href="?date_from=2025-01-01' in html
    assert "sort=answered_share" in html  # the active header's link sorts the other way
    assert "sort=-median_days" in html  # other numeric columns sort biggest first


def test_unknown_sort_falls_back_to_the_body_name(client_for, analyst, data):
    response = get_dashboard(client_for(analyst), sort="password")

    assert list(rows_of(response)) == ["TFIN", "TJUS"]


# --- Charts -----------------------------------------------------------------------------------


def test_charts_are_images_with_alt_text_and_their_numbers_as_tables(client_for, analyst, data):
    response = get_dashboard(client_for(analyst))

    html = response.content.decode()
    assert html.count('<img src="data:image/svg+xml;base64,') == 2
    assert "<svg" not in html  # our CSP forbids inline SVG styles
    answered, drafts = response.context["charts"]
    assert [(label, str(value)) for label, value in answered.rows] == [
        ("Ministry of Finance", "100.0"),
        ("Ministry of Justice", "66.7"),
    ]
    assert drafts.rows == [("Ministry of Justice", 3), ("Ministry of Finance", 1)]
    assert 'alt="Bar chart of the share of comments answered' in html


# --- Drill-down -------------------------------------------------------------------------------


def test_body_page_gives_the_numbers_per_draft(client_for, analyst, data):
    url = reverse("reports:dashboard-body", args=["TJUS"])

    response = client_for(analyst).get(url, {**YEAR_2025, "sort": "published_on"})

    rows = list(response.context["page"])
    assert [draft.title_ru for draft in rows] == ["Д1", "Д2", "Д3"]
    d1, d2, d3 = rows
    assert (d1.discussion_length, d1.comments_received, str(d1.answered_share)) == (30, 5, "75.0")
    assert (str(d1.median_days), str(d1.accepted_share), d1.plan_status) == (
        "4.0",
        "66.7",
        "on_time",
    )
    assert (d2.discussion_length, d2.meeting_minimum, d2.plan_status) == (10, 0, "late")
    assert (d3.comments_received, d3.answered_share, d3.plan_status) == (0, None, "unplanned")
    html = response.content.decode()
    assert f'href="{data["drafts"]["D1"].get_absolute_url()}"' in html
    assert "below the legal minimum" in html
    assert response.context["summary"].answered == 4


def test_body_page_is_paginated(client_for, analyst, data, monkeypatch):
    monkeypatch.setattr(dashboard, "DRAFTS_PER_PAGE", 2)
    url = reverse("reports:dashboard-body", args=["TJUS"])

    response = client_for(analyst).get(url, {**YEAR_2025, "sort": "published_on", "page": 2})

    assert [draft.title_ru for draft in response.context["page"]] == ["Д3"]
    assert "Page 2 of 2" in response.content.decode()


# --- Exports ----------------------------------------------------------------------------------


def test_csv_export_of_the_body_table(client_for, analyst, data):
    response = get_dashboard(client_for(analyst), format="csv", sort="-drafts_published")

    assert response["Content-Disposition"] == (
        'attachment; filename="moj-dashboard-2025-01-01-2025-12-31.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, mj, mf, total = list(csv.reader(io.StringIO(text)))
    assert header == dashboard.BODY_EXPORT
    assert mj == [
        "TJUS",
        "Ministry of Justice",
        "3",
        "2",
        "66.7",
        "7",
        "6",
        "4",
        "66.7",
        "3.0",
        "2",
        "50.0",
        "1",
        "1",
        "1",
        "1",
    ]
    assert mf[0] == "TFIN"
    assert total[:3] == ["", "All bodies", "4"]
    assert total[9] == "3.5"


def test_xlsx_export_has_typed_cells(client_for, analyst, data):
    response = get_dashboard(client_for(analyst), format="xlsx", sort="-drafts_published")

    assert response["Content-Disposition"] == (
        'attachment; filename="moj-dashboard-2025-01-01-2025-12-31.xlsx"'
    )
    sheet = workbook_of(response).active
    header, mj, _mf, total = list(sheet.iter_rows(values_only=True))
    assert list(header) == dashboard.BODY_EXPORT
    assert mj[:5] == ("TJUS", "Ministry of Justice", 3, 2, 66.7)
    assert mj[9] == 3 and isinstance(mj[9], int | float)
    assert total[2] == 4


def test_exports_neutralise_formulas(client_for, analyst, data):
    data["mf"].name_en = '=HYPERLINK("http://evil")'
    data["mf"].save()

    csv_text = b"".join(get_dashboard(client_for(analyst), format="csv").streaming_content).decode(
        "utf-8-sig"
    )
    workbook = workbook_of(get_dashboard(client_for(analyst), format="xlsx"))

    names = [row[1] for row in csv.reader(io.StringIO(csv_text))]
    assert '\'=HYPERLINK("http://evil")' in names
    # In the workbook the name is a text cell (type "s"), shown as typed; never a formula.
    cells = [row[1] for row in workbook.active.iter_rows()]
    name_cell = next(cell for cell in cells if cell.value == '=HYPERLINK("http://evil")')
    assert name_cell.data_type == "s"


def test_export_of_the_body_page_lists_every_draft(client_for, analyst, data, monkeypatch):
    monkeypatch.setattr(dashboard, "DRAFTS_PER_PAGE", 1)  # exports are not paginated
    url = reverse("reports:dashboard-body", args=["TJUS"])

    response = client_for(analyst).get(url, {**YEAR_2025, "sort": "published_on", "format": "csv"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header == dashboard.DRAFT_EXPORT
    assert [row[1] for row in rows] == ["Д1", "Д2", "Д3"]
    d1 = dict(zip(header, rows[0], strict=True))
    assert d1["published_on"] == "2025-02-10"
    assert (d1["discussion_length"], d1["meets_minimum"], d1["comments_received"]) == (
        "30",
        "True",
        "5",
    )
    assert (d1["answered_share"], d1["median_days"], d1["plan_status"]) == (
        "75.0",
        "4.0",
        "on_time",
    )
    workbook = workbook_of(client_for(analyst).get(url, {**YEAR_2025, "format": "xlsx"}))
    assert len(list(workbook.active.iter_rows(values_only=True))) == 4


# --- Query budget -----------------------------------------------------------------------------


def _add_volume(data, *, drafts: int, comments_each: int):
    body = data["mj"]
    editor = Membership.objects.filter(organization=body, role="editor").first().user
    responder = Membership.objects.filter(organization=body, role="responder").first().user
    plan = body.plans.get(year=2025)
    c = Commenting()
    for n in range(drafts):
        draft = published(body, editor, at("2025-09-01") + datetime.timedelta(days=n))
        if n < 2:  # published in Q3 for items of Q3: on time
            make_item(plan, quarter=3, title_ru=f"Пункт {n}").link(draft)
        for _ in range(comments_each):
            c.answered(draft, after_days=2, decision=Answer.Decision.ACCEPTED, responder=responder)


@pytest.mark.parametrize("volume", [0, 1])
def test_dashboard_runs_a_constant_number_of_queries(
    client_for, analyst, data, django_assert_max_num_queries, volume
):
    if volume:
        _add_volume(data, drafts=12, comments_each=4)
        extra = OrganizationFactory(short_name="TEXTRA")
        make_item(make_plan(extra, year=2025), quarter=1)
    client = client_for(analyst)
    body_url = reverse("reports:dashboard-body", args=["TJUS"])

    # Session, user, two permission look-ups, the menu's membership check: 5; the dashboard's
    # statistics: 3 (bodies, totals of drafts and comments, totals of plan items); the body
    # page: the body, its summary row, the count and the page of drafts.
    with django_assert_max_num_queries(8):
        response = get_dashboard(client)
    with django_assert_max_num_queries(9):
        body_page = client.get(body_url, YEAR_2025)

    assert len(response.context["bodies"]) == 2 + volume
    assert rows_of(response)["TJUS"].on_time == 1 + 2 * volume
    assert len(body_page.context["page"]) == 3 + 12 * volume


def test_analyst_permission_comes_from_the_fixture(analyst):
    # Guards the access tests above: the permission exists under the name the views check.
    assert Permission.objects.filter(codename="moj_analyst").exists()
    assert analyst.is_moj_analyst
