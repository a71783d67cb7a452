"""What changed between two versions, article by article and word by word."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sep.i18n import content_languages

TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    """HTML of `new` with deleted words in <del> and inserted words in <ins>."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


@dataclass
class DiffRow:
    status: str  # unchanged | renumbered | changed | new | removed
    old: object | None
    new: object | None
    html: SafeString

    @property
    def section(self):
        return self.new or self.old


def _text(section, lang) -> str:
    if section is None:
        return ""
    heading = getattr(section, f"heading_{lang}")
    return f"{heading}\n{getattr(section, f'text_{lang}')}".strip()


def _language(old_sections, new_sections) -> str:
    """The interface's content language if both versions have it, else the other."""
    state_languages = [lang for lang in content_languages() if lang in ("ky", "ru")]
    for lang in state_languages:
        if any(getattr(s, f"text_{lang}") for s in [*old_sections, *new_sections]):
            return lang
    return state_languages[0]


def compare_versions(old_sections: list, new_sections: list) -> list[DiffRow]:
    """Rows in the order of the new version, removed provisions where they used to stand."""
    lang = _language(old_sections, new_sections)
    old_by_provision = {s.provision_id: s for s in old_sections}
    new_provisions = {s.provision_id for s in new_sections}
    rows: list[DiffRow] = []
    removed_after: dict = {}
    previous_kept = None
    for old in old_sections:
        if old.provision_id not in new_provisions:
            removed_after.setdefault(previous_kept, []).append(old)
        else:
            previous_kept = old.provision_id

    def add_removed(after):
        for old in removed_after.get(after, []):
            rows.append(DiffRow("removed", old, None, word_diff(_text(old, lang), "")))

    add_removed(None)
    for new in new_sections:
        old = old_by_provision.get(new.provision_id)
        old_text, new_text = _text(old, lang), _text(new, lang)
        if old is None:
            status = "new"
        elif old_text == new_text:
            status = "unchanged" if old.number == new.number else "renumbered"
        else:
            status = "changed"
        rows.append(DiffRow(status, old, new, word_diff(old_text, new_text)))
        if old is not None:
            add_removed(old.provision_id)
    return rows
