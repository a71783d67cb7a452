"""The report as a print-quality PDF (fpdf2): the same tables and charts as the page.

fpdf2 is pure Python and embeds TrueType fonts; DejaVu Sans, which ships with matplotlib (our
chart library), covers Cyrillic and the Kyrgyz letters ң ө ү. Charts go in as the same SVG the
page shows, so they stay vector graphics on paper.
"""

import io
import re
from pathlib import Path

import matplotlib
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from .tables import report_tables

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# The PDF is for reading and printing; the full table of a mass discussion is in the XLSX/CSV.
PDF_MAX_PROPOSALS = 500
PDF_MAX_TEXT = 1200
# What must fit below a heading for it to stay on its page: the heading itself and the first
# rows of its table (about five lines). Less, and the heading would stand alone at the foot.
HEADING_HEIGHT = 10
ROWS_KEPT_WITH_HEADING = 20
SVG_SIZE = re.compile(r'<svg[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"')


class ReportPDF(FPDF):
    def __init__(self, report):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_font("DejaVu", size=9)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(_("Public-opinion report on %(ref)s") % {"ref": report.draft.reference})
        self.set_creator("SEP")
        self.page_ends: list[float] = []

    def footer(self):
        # How far the page's content reached, before the footer moves the cursor: the tests
        # hold every page but the last to a fair share of its height.
        self.page_ends.append(self.y)
        self.set_y(-12)
        self.set_font("DejaVu", size=7)
        report = self.report
        # Translated at drawing time, in the language of the request that asked for the PDF;
        # "{nb}" is fpdf's placeholder for the page count, filled in when the file is closed.
        label = " · ".join(
            [
                report.draft.reference,
                _("report %(number)s") % {"number": report.number},
                _("Page %(number)s of %(total)s") % {"number": self.page_no(), "total": "{nb}"},
            ]
        )
        self.cell(0, 5, label, align="C")
        self.set_font("DejaVu", size=9)

    def keep_together(self, height: float) -> None:
        """Start a new page unless `height` millimetres still fit on this one (and this page
        is not already a fresh one: a block taller than a page has to break somewhere)."""
        if self.y > self.t_margin + 1 and self.will_page_break(height):
            self.add_page()

    def chart_height(self, svg: str) -> float:
        width, height = (float(x) for x in SVG_SIZE.search(svg).groups())
        return self.epw * 0.9 * height / width + 2

    def heading(self, text, size=12):
        self.ln(2)
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", size=9)
        self.ln(1)

    def paragraph(self, text, size=9):
        self.set_font("DejaVu", size=size)
        self.multi_cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")

    def data_table(self, headers, rows, widths=None):
        with self.table(
            col_widths=widths,
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 234, 240)),
            line_height=4.5,
            text_align="LEFT",
        ) as table:
            table.row([str(h) for h in headers])
            for row in rows:
                table.row(["—" if cell is None else str(cell) for cell in row])
        self.ln(2)

    def chart(self, svg: str):
        self.image(io.BytesIO(svg.encode()), w=self.epw * 0.9)
        self.ln(2)


def report_pdf(report, filename: str) -> HttpResponse:
    pdf = build_pdf(report)
    response = HttpResponse(bytes(pdf.output()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


def build_pdf(report) -> ReportPDF:
    draft = report.draft
    pdf = ReportPDF(report)
    pdf.add_page()
    pdf.heading(_("Public-opinion report on the draft"), size=15)
    pdf.heading(f"{draft.reference} {draft.title}", size=12)
    pdf.paragraph(f"{draft.organization.name} · {draft.get_act_type_display()}")
    # The dates as the page writes them, in the reader's language ("3-январь 2027-ж.").
    built = date_format(timezone.localtime(report.built_at), "DATETIME_FORMAT")
    status = (
        _("Published %(day)s")
        % {"day": date_format(timezone.localtime(report.published_at), "DATE_FORMAT")}
        if report.is_published
        else _("Not published")
    )
    pdf.paragraph(
        _("Snapshot %(number)s, built %(built)s (Bishkek time). %(status)s.")
        % {"number": report.number, "built": built, "status": status}
    )
    for table in report_tables(report):
        svg = table.chart_svg()
        pdf.keep_together(
            HEADING_HEIGHT + (pdf.chart_height(svg) if svg else 0) + ROWS_KEPT_WITH_HEADING
        )
        pdf.heading(table.title)
        if svg:
            pdf.chart(svg)
        if table.rows:
            pdf.data_table(table.headers, table.rows)
        else:
            pdf.paragraph(_("Nothing to show."))

    # The summary table follows on the same page: a page of its own left the tail of the
    # statistics alone on a nearly empty page.
    pdf.keep_together(HEADING_HEIGHT + ROWS_KEPT_WITH_HEADING)
    pdf.heading(_("Summary table of proposals"))
    entries = report.entries.all().between(1, PDF_MAX_PROPOSALS)
    rows = []
    for entry in entries:
        text = entry.text if len(entry.text) <= PDF_MAX_TEXT else entry.text[:PDF_MAX_TEXT] + "…"
        if entry.campaign_size > 1:
            text = _("Campaign of %(n)s comments:") % {"n": entry.campaign_size} + " " + text
        decision = f"{entry.decision_label}\n{entry.reasoning}\n{entry.carried_in}"
        rows.append([entry.position, f"{entry.article}\n{entry.public_author}", text, decision])
    pdf.data_table(
        [_("No."), _("Article, author"), _("Proposal"), _("Decision of the developer body")],
        rows,
        widths=(8, 30, 80, 55),
    )
    total = report.row_count
    if total > PDF_MAX_PROPOSALS:
        pdf.paragraph(
            _("The first %(shown)s of %(total)s rows; the XLSX and CSV exports hold all of them.")
            % {"shown": PDF_MAX_PROPOSALS, "total": total}
        )
    return pdf
