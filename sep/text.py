"""Rules for text people type, shared by every app."""

import re

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): a right-to-left override
# makes "gnp.exe" read as "exe.png" and a comment show something other than what it says. No
# text of the portal's languages needs them (Kyrgyz, Russian and English run left to right;
# a quoted Arabic or Hebrew word is laid out by the browser with `dir="auto"` / <bdi>). The
# plain marks U+200E / U+200F are harmless and stay.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_direction_controls(text: str) -> str:
    return DIRECTION_CONTROLS.sub("", text)
