"""Reads the demo drafts of `manage.py seed_demo` from drafts/demo/ (layout: its README.md).

The texts live in plain files rather than Python literals so that translators can edit and diff
them without escaping anything.
"""

import re
import tomllib
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent / "demo"
LANGUAGES = ("ru", "ky")
VERSION_FILE = re.compile(r"v(\d+)\.(ru|ky)\.txt")


def load_drafts(root=DEMO_DIR):
    """The demo drafts in their folders' order, as dicts: metadata plus a list of versions.

    The order matters: seed_demo derives each draft's dates and events from its position.
    """
    return [_load_draft(folder) for folder in sorted(p for p in root.iterdir() if p.is_dir())]


def _load_draft(folder):
    with (folder / "draft.toml").open("rb") as file:
        draft = tomllib.load(file)
    change_notes = draft.pop("change_notes", {})
    texts = {}
    for path in folder.glob("v*.txt"):
        match = VERSION_FILE.fullmatch(path.name)
        if not match:
            raise ValueError(f"{path}: not a version file (v<number>.<ru|ky>.txt)")
        # utf-8-sig: editors on Windows may save a byte-order mark; the final newline is the
        # file's, not the text's.
        text = path.read_text(encoding="utf-8-sig").rstrip("\n")
        texts[int(match[1]), match[2]] = text
    numbers = sorted({number for number, _ in texts})
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"{folder}: versions must be numbered v1, v2, … without gaps")
    if set(change_notes) != {f"v{number}" for number in numbers[1:]}:
        raise ValueError(f"{folder}: [change_notes] needs one entry per version after v1")
    draft["versions"] = [
        {
            "change_note": change_notes.get(f"v{number}", ""),
            # A missing file: the version has no text in that language.
            **{f"text_{language}": texts.get((number, language), "") for language in LANGUAGES},
        }
        for number in numbers
    ]
    return draft
