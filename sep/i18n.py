"""Content kept in both state languages (and sometimes English): show the interface language,
fall back to the other state language."""

from django.utils.translation import get_language

# English readers are more likely to read Russian than Kyrgyz, so English falls back to Russian.
FALLBACK_ORDER = {"ky": ("ky", "ru"), "ru": ("ru", "ky"), "en": ("en", "ru", "ky")}


class LocalizedText(str):
    """A string that knows its language, so templates can mark fallbacks with lang=""."""

    lang: str

    def __new__(cls, text: str, lang: str):
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj


def content_languages() -> tuple[str, ...]:
    language = (get_language() or "ky")[:2]
    return FALLBACK_ORDER.get(language, FALLBACK_ORDER["ky"])


def localized(obj, field: str) -> LocalizedText:
    """`obj.<field>_ky` / `_ru` (/ `_en`, where the model has it) in the order the interface
    language asks for."""
    for lang in content_languages():
        text = getattr(obj, f"{field}_{lang}", "")
        if text:
            return LocalizedText(text, lang)
    return LocalizedText("", content_languages()[0])
