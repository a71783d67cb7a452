"""Splitting the text of a draft act into chapters and articles, and following articles
from one version to the next.

Kyrgyz and Russian legal texts put each heading on its own line: "Глава 2. ...", "Статья 5. ...",
"2-глава. ...", "5-берене. ...", and English translations "Chapter 2", "Article 5".
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NUMBER = r"\d+(?:[.-]\d+)*"
# A heading is the marker, its number, then the end of the line, a full stop and a title, or a
# capitalised title: "Статья 5 настоящего Закона ..." inside a paragraph is not a heading.
TAIL = r"(?:\s*$|\.\s*(?P<{name}>.*)$|\s+(?P<{name}2>[A-ZА-ЯЁҮӨҢ].*)$)"
HEADING_PATTERNS = [
    ("chapter", rf"^\s*(?:Глава|Chapter|ГЛАВА|CHAPTER)\s+(?P<number>{NUMBER}|[IVXLC]+)"),
    ("chapter", rf"^\s*(?P<number>{NUMBER})-(?:глава|бап)(?=[\s.]|$)"),
    ("article", rf"^\s*(?:Статья|Article|СТАТЬЯ|ARTICLE)\s+(?P<number>{NUMBER})"),
    ("article", rf"^\s*(?P<number>{NUMBER})-берене(?=[\s.]|$)"),
]
HEADINGS = [
    (kind, re.compile(pattern + TAIL.format(name="title"), re.MULTILINE))
    for kind, pattern in HEADING_PATTERNS
]

# Articles whose texts are at least this similar are taken for the same article, renumbered
# or edited. Chosen on real amendments: a reworded article keeps well above 0.6 of its words.
SAME_PROVISION_SIMILARITY = 0.6


@dataclass
class ParsedSection:
    kind: str  # preamble | chapter | article
    number: str
    heading: str
    text: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.number)


@dataclass
class AlignedSection:
    kind: str
    number: str
    heading_ru: str = ""
    heading_ky: str = ""
    text_ru: str = ""
    text_ky: str = ""
    provision_id: int | None = None
    change: str = "new"
    position: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.number)

    @property
    def comparable_text(self) -> str:
        return normalise(f"{self.heading_ru} {self.text_ru} {self.heading_ky} {self.text_ky}")


def normalise(text: str) -> str:
    return " ".join(text.split())


def match_heading(line: str):
    for kind, pattern in HEADINGS:
        match = pattern.match(line)
        if match:
            title = match.group("title") or match.group("title2") or ""
            return kind, match.group("number"), title.strip()
    return None


def parse_sections(text: str) -> list[ParsedSection]:
    """Split a full act text into a preamble, chapters and articles, in order."""
    sections: list[ParsedSection] = []
    preamble: list[str] = []
    current: ParsedSection | None = None
    body: list[str] = []
    seen: set[tuple[str, str]] = set()

    def finish():
        if current is not None:
            current.text = "\n".join(body).strip()
            sections.append(current)

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = match_heading(line)
        if heading is None:
            (body if current is not None else preamble).append(line.rstrip())
            continue
        finish()
        kind, number, title = heading
        if (kind, number) in seen:
            label = _("Article") if kind == "article" else _("Chapter")
            raise ValidationError(
                _("%(label)s %(number)s appears twice in the text; number each one once.")
                % {"label": label, "number": number},
                code="duplicate_heading",
            )
        seen.add((kind, number))
        current = ParsedSection(kind=kind, number=number, heading=title, text="")
        body = []
    finish()
    preamble_text = "\n".join(preamble).strip()
    if preamble_text:
        sections.insert(
            0, ParsedSection(kind="preamble", number="", heading="", text=preamble_text)
        )
    return sections


def describe(key: tuple[str, str]) -> str:
    kind, number = key
    if kind == "preamble":
        return _("the preamble")
    if kind == "chapter":
        return _("Chapter %(number)s") % {"number": number}
    return _("Article %(number)s") % {"number": number}


def align_texts(text_ru: str, text_ky: str) -> list[AlignedSection]:
    """Parse both language texts and pair them heading by heading.

    Parallel texts must have the same structure; the first difference is reported so the clerk
    can fix it rather than publish a Kyrgyz text that silently lacks an article.
    """
    ru = parse_sections(text_ru) if text_ru.strip() else []
    ky = parse_sections(text_ky) if text_ky.strip() else []
    if not ru and not ky:
        raise ValidationError(_("Enter the text of the draft in Kyrgyz, Russian or both."))
    if ru and ky:
        ru_keys = [s.key for s in ru]
        ky_keys = [s.key for s in ky]
        if ru_keys != ky_keys:
            for position, (a, b) in enumerate(zip(ru_keys, ky_keys, strict=False)):
                if a != b:
                    raise ValidationError(
                        _(
                            "The Russian and Kyrgyz texts differ in structure: at position "
                            "%(position)s the Russian text has %(ru)s and the Kyrgyz text has "
                            "%(ky)s."
                        )
                        % {"position": position + 1, "ru": describe(a), "ky": describe(b)},
                        code="structure_mismatch",
                    )
            if len(ru_keys) > len(ky_keys):
                message = _("The Russian text has %(section)s that the Kyrgyz text lacks.")
                extra = ru_keys[len(ky_keys)]
            else:
                message = _("The Kyrgyz text has %(section)s that the Russian text lacks.")
                extra = ky_keys[len(ru_keys)]
            raise ValidationError(message % {"section": describe(extra)}, code="structure_mismatch")
    aligned = []
    for position in range(max(len(ru), len(ky))):
        source = ru[position] if ru else ky[position]
        section = AlignedSection(kind=source.kind, number=source.number, position=position)
        if ru:
            section.heading_ru, section.text_ru = ru[position].heading, ru[position].text
        if ky:
            section.heading_ky, section.text_ky = ky[position].heading, ky[position].text
        aligned.append(section)
    return aligned


def similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    if matcher.real_quick_ratio() < SAME_PROVISION_SIMILARITY:
        return matcher.real_quick_ratio()
    if matcher.quick_ratio() < SAME_PROVISION_SIMILARITY:
        return matcher.quick_ratio()
    return matcher.ratio()


def follow_provisions(previous: list, new: list[AlignedSection]) -> None:
    """Give each new section the provision (stable article identity) it continues, if any.

    `previous` are the sections of the preceding version (with `provision_id`, `kind`, `number`
    and `comparable_text`). Matching, in order of confidence:
      1. the same text, wherever it moved (a renumbered article);
      2. the same number with a similar text (an edited article);
      3. the most similar remaining text of the same kind (edited and renumbered);
      4. the same number, however rewritten.
    What is left over is new; previous provisions nobody continues were removed.
    """
    unmatched_old = {id(old): old for old in previous}
    pending = list(new)

    def take(section, old, change):
        section.provision_id = old.provision_id
        section.change = change
        section.extra["previous_number"] = old.number
        del unmatched_old[id(old)]
        pending.remove(section)

    for section in list(pending):
        for old in unmatched_old.values():
            if old.kind == section.kind and old.comparable_text == section.comparable_text:
                unchanged = old.number == section.number
                take(section, old, "unchanged" if unchanged else "changed")
                break
    for section in list(pending):
        for old in unmatched_old.values():
            if old.key == section.key and (
                similarity(old.comparable_text, section.comparable_text)
                >= SAME_PROVISION_SIMILARITY
            ):
                take(section, old, "changed")
                break
    for section in list(pending):
        candidates = [
            (similarity(old.comparable_text, section.comparable_text), old)
            for old in unmatched_old.values()
            if old.kind == section.kind
        ]
        if candidates:
            score, best = max(candidates, key=lambda pair: pair[0])
            if score >= SAME_PROVISION_SIMILARITY:
                take(section, best, "changed")
    for section in list(pending):
        for old in unmatched_old.values():
            if old.key == section.key:
                take(section, old, "changed")
                break


def text_from_docx(uploaded) -> str:
    """The paragraphs of a .docx file as plain text, one paragraph a line."""
    import zipfile

    from docx import Document

    try:
        document = Document(uploaded)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ValidationError(
            _("This file could not be read as a Word (.docx) document."), code="bad_docx"
        ) from error
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
