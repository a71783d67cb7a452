"""The text of an act, article by article.

Every reader of a version sees the same text, and a draft page shows all of it; through
template tags a 20-article act cost the page more than all its SQL (each article's heading,
label and languages looked up a dozen times). Here each article is put together once, in
Python, from the same pieces the templates use (`linebreaks`, the localized heading)."""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _heading(section, parallel: bool) -> SafeString:
    heading = section.heading
    shown = (
        format_html('. <span lang="{}">{}</span>', heading.lang, heading)
        if heading and not parallel
        else ""
    )
    if section.kind == "article":
        tag, extra = "h4", ""
    else:
        tag, extra = "h3", ("" if section.kind == "chapter" else ' class="visually-hidden"')
    return format_html(
        '<{} id="{}-h"{}>{}{}</{}>',
        tag,
        section.anchor,
        mark_safe(extra),  # noqa: S308 - one of two constants
        section.label,
        shown,
        tag,
    )


def _column(lang: str, label: str, heading: str, text: str) -> SafeString:
    return format_html(
        '<div lang="{}"><p class="col-label">{}</p>{}{}</div>',
        lang,
        label,
        format_html('<p class="section-heading">{}</p>', heading) if heading else "",
        linebreaks_filter(text),
    )


@register.simple_tag
def section_text(section, parallel: bool) -> SafeString:
    """The article's heading, a renumbering note and its text: in the reader's language (the
    other state language where it is missing), or with `parallel` Kyrgyz and Russian side by
    side."""
    parts = [_heading(section, parallel)]
    if section.was_renumbered:
        parts.append(
            format_html(
                '<p class="change-note">{}</p>',
                gettext("Previously numbered %(number)s") % {"number": section.previous_number},
            )
        )
    if parallel:
        parts.append(
            format_html(
                '<div class="columns">{}{}</div>',
                _column("ky", "Кыргызча", section.heading_ky, section.text_ky),
                _column("ru", "Русский", section.heading_ru, section.text_ru),
            )
        )
    else:
        text = section.text
        parts.append(format_html('<div lang="{}">{}</div>', text.lang, linebreaks_filter(text)))
    return mark_safe("".join(parts))  # noqa: S308 - each part built by format_html
