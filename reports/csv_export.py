"""The summary table of a report as CSV, written by PostgreSQL itself.

A mass discussion has 100,000 rows; building them in Python costs a hundred times what
PostgreSQL needs to `COPY` them out. So the labels of the reader's language are handed to the
query as literals, PostgreSQL formats every row (`COPY … TO STDOUT WITH (FORMAT csv)`), and the
response streams its blocks as they come: constant memory, about the speed of COPY itself.
The columns are exactly `tables.summary_headers()` and `tables.summary_row()`; a test keeps the
two in step.
"""

import csv
import io

from django.db import connection
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import sql

from accounts.models import RespondentProfile
from comments.models import Answer, Comment
from drafts.models import Section, Version

from .models import Report, ReportEntry
from .tables import summary_headers

# Text starting with one of = + - @ tab CR is a formula to a spreadsheet (see sep.exports).
FORMULA_LIKE = "^[-=+@\t\r]"


def _labels(choices) -> sql.Composable:
    """`(VALUES (code, label), …)` of a TextChoices in the active language."""
    return sql.SQL("(VALUES {})").format(
        sql.SQL(", ").join(
            sql.SQL("({}, {})").format(sql.Literal(value), sql.Literal(str(label)))
            for value, label in choices.choices
        )
    )


def _inert(column: str) -> sql.Composable:
    return sql.SQL("CASE WHEN {c} ~ {p} THEN '''' || {c} ELSE {c} END").format(
        c=sql.SQL(column), p=sql.Literal(FORMULA_LIKE)
    )


def _section(kind: str, number: str) -> sql.Composable:
    """`drafts.models.section_label` in SQL."""
    return sql.SQL(
        "CASE {kind} WHEN '' THEN {whole} WHEN 'preamble' THEN {preamble} "
        "WHEN 'chapter' THEN replace({chapter}, '%(number)s', {number}) "
        "ELSE replace({article}, '%(number)s', {number}) END"
    ).format(
        kind=sql.SQL(kind),
        number=sql.SQL(number),
        whole=sql.Literal(_("The whole draft")),
        preamble=sql.Literal(_("Preamble")),
        chapter=sql.Literal(_("Chapter %(number)s")),
        article=sql.Literal(_("Article %(number)s")),
    )


def _summary_query(report) -> sql.Composed:
    carried = sql.SQL(
        "CASE WHEN cs.id IS NULL THEN '' ELSE "
        "replace(replace({template}, '%(article)s', {article}), '%(number)s', cv.number::text) "
        "END"
    ).format(
        template=sql.Literal(_("%(article)s of version %(number)s")),
        article=_section("cs.kind", "cs.number"),
    )
    local = sql.Literal(timezone.get_current_timezone_name())
    # What `ReportEntry` reads through the comment and `for_display()` through the answers'
    # history as of the build, joined here for every row at once.
    return sql.SQL(
        """COPY (
        SELECT e.position, {receipt}, kind.label, e.campaign_size, v.number,
               {article}, {author}, category.label, region.label, stance.label, {text},
               e.agreements, to_char(c.created_at AT TIME ZONE {tz}, 'YYYY-MM-DD HH24:MI'),
               coalesce(decision.label, {unanswered}), {reasoning},
               coalesce(to_char(an.created_at AT TIME ZONE {tz}, 'YYYY-MM-DD HH24:MI'), ''),
               {carried}
        FROM {entries} e
        -- Row by row by primary key: the planner cannot estimate how many rows the blocks
        -- unnest to, and joins that start from anything else go badly wrong.
        CROSS JOIN LATERAL (SELECT * FROM {comments} WHERE id = e.comment_id) c
        LEFT JOIN {versions} v ON v.id = c.version_id
        LEFT JOIN {sections} s ON s.id = c.section_id
        -- comments 0009 indexes exactly this: the answer's last history row up to the build.
        LEFT JOIN LATERAL (
            SELECT h.decision, h.reasoning, h.created_at, h.carried_in_id FROM {answers} h
            WHERE h.comment_id = c.id AND h.history_date <= {built_at}
            ORDER BY h.history_date DESC, h.history_id DESC LIMIT 1
        ) an ON true
        LEFT JOIN {sections} cs ON cs.id = an.carried_in_id
        LEFT JOIN {versions} cv ON cv.id = cs.version_id
        LEFT JOIN {kinds} kind(code, label) ON kind.code = c.kind
        LEFT JOIN {categories} category(code, label) ON category.code = c.author_category
        LEFT JOIN {regions} region(code, label) ON region.code = c.author_region
        LEFT JOIN {stances} stance(code, label) ON stance.code = c.position
        LEFT JOIN {decisions} decision(code, label) ON decision.code = an.decision
        WHERE e.report_id = {report}
        ORDER BY e.position
    ) TO STDOUT WITH (FORMAT csv)"""
    ).format(
        receipt=_inert("coalesce(c.receipt, '')"),
        article=_section("coalesce(s.kind, '')", "s.number"),
        author=sql.SQL(
            "CASE WHEN c.author_name <> '' THEN {name} "
            "ELSE category.label || ', ' || region.label END"
        ).format(name=_inert("c.author_name")),
        text=_inert(
            "CASE WHEN c.kind = 'alternative' AND c.explanation <> '' "
            "THEN c.explanation || E'\\n\\n' || c.text ELSE c.text END"
        ),
        reasoning=_inert("coalesce(an.reasoning, '')"),
        unanswered=sql.Literal(_("Not answered")),
        carried=carried,
        tz=local,
        entries=sql.Identifier(ReportEntry._meta.db_table),
        reports=sql.Identifier(Report._meta.db_table),
        comments=sql.Identifier(Comment._meta.db_table),
        versions=sql.Identifier(Version._meta.db_table),
        sections=sql.Identifier(Section._meta.db_table),
        answers=sql.Identifier(Answer.history.model._meta.db_table),
        kinds=_labels(Comment.Kind),
        categories=_labels(RespondentProfile.Category),
        regions=_labels(RespondentProfile.Region),
        stances=_labels(Comment.Position),
        decisions=_labels(Answer.Decision),
        report=sql.Literal(report.pk),
        built_at=sql.Literal(report.built_at),
    )


def summary_csv_response(report, filename: str) -> StreamingHttpResponse:
    header = io.StringIO()
    csv.writer(header).writerow(summary_headers())
    # Composed in the request's language now; the body streams after the view has returned.
    query = _summary_query(report)

    def blocks():
        # Excel recognises UTF-8 CSV only with a byte-order mark.
        yield ("\ufeff" + header.getvalue()).encode()
        with connection.cursor() as cursor:
            # 100,000 rows are sorted by position in memory rather than on disk.
            cursor.execute("SET work_mem = '64MB'")
            try:
                with cursor.copy(query) as copy:
                    for block in copy:
                        yield bytes(block)
            finally:
                cursor.execute("RESET work_mem")

    response = StreamingHttpResponse(blocks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
