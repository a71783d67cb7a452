"""A version's text to download and print, as DOCX (python-docx) or PDF (fpdf2 with DejaVu Sans,
which has the Kyrgyz letters ң ө ү): article by article, in Kyrgyz or Russian, with the draft's
reference, title and version on top — what regulations.gov and Have Your Say offer beside the
page. Built from the stored sections, so it is exactly the text people comment on."""

import io
from pathlib import Path

import matplotlib
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from fpdf import FPDF

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
LANGUAGES = ("ky", "ru")


def _heading(draft, version, language: str) -> tuple[str, str]:
    title = getattr(draft, f"title_{language}") or draft.title
    published = version.published_at
    day = f" · {timezone.localtime(published):%d.%m.%Y}" if published else ""
    return title, _("%(reference)s, version %(number)s") % {
        "reference": draft.reference,
        "number": version.number,
    } + day


def _blocks(version, language: str):
    """(heading, text) of each section in `language`, in order."""
    for section in version.sections.order_by("position"):
        heading = getattr(section, f"heading_{language}")
        text = getattr(section, f"text_{language}")
        label = section.label if section.kind != "preamble" else ""
        yield (f"{label}. {heading}" if label and heading else label or heading), text


def in_its_language(build):
    """Labels ("Статья 5", "5-берене", "version 2") in the document's language, not the page's."""

    def wrapper(draft, version, language):
        with translation.override(language):
            return build(draft, version, language)

    return wrapper


@in_its_language
def version_docx(draft, version, language: str) -> bytes:
    document = Document()
    title, subtitle = _heading(draft, version, language)
    document.add_heading(title, level=1)
    document.add_paragraph(subtitle)
    for heading, text in _blocks(version, language):
        if heading:
            document.add_heading(heading, level=2)
        for paragraph in text.split("\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@in_its_language
def version_pdf(draft, version, language: str) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    title, subtitle = _heading(draft, version, language)
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=9)
    pdf.multi_cell(0, 5, subtitle, new_x="LMARGIN", new_y="NEXT")
    for heading, text in _blocks(version, language):
        pdf.ln(2)
        if heading:
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(0, 5, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=10)
        if text.strip():
            pdf.multi_cell(0, 5, text.strip(), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
