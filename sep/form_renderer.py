"""Django's form renderer (settings.FORM_RENDERER), with the commonest widgets written in Python.

Django renders every widget through templates, and every <option> of a <select> through two
more (select_option.html, attrs.html). The draft list's filters (20 state bodies, 13 subject
areas, three other lists, five inputs) cost a search nobody ran before 24 ms of its ~64 in
rendering (bench/page_costs.py); a comment form's article list grows with the act. Here
<input>, <select>, labels, field groups and an empty list of errors are put together from the
same context, character for character as Django's templates write them
(tests/test_form_renderer.py compares the two on a form of every widget kind and on the
portal's own forms); every other template (errors shown, the rarer widgets, a widget with
templates of its own) is Django's.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

INPUT_TEMPLATE = "django/forms/widgets/input.html"
# Django's input widgets whose template is nothing but {% include "…/input.html" %}.
INPUT_WIDGETS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
}


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}` under autoescape: escaped unless already safe."""
    return conditional_escape(value if isinstance(value, SafeData) else str(value))


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html: `True` is a bare name, `False` leaves it out."""
    parts = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{_text(value)}"')
    return "".join(parts)


def _input(context) -> str:
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _select(context) -> str:
    widget = context["widget"]
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                raise _NotPlain
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                # The newline select_option.html ends with, which {% include %} keeps.
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context) -> str:
    """django/forms/label.html (`label_tag`, `legend_tag`)."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


def _no_errors(context) -> str:
    """django/forms/errors/list/ul.html for a field without errors (the rest is Django's)."""
    if context["errors"]:
        raise _NotPlain
    return ""


def _field(context) -> str:
    """django/forms/field.html (`as_field_group`): label or legend, help text, errors, widget,
    with the template's line breaks."""
    field = context["field"]
    if field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        legend = field.legend_tag() if field.label else ""
        head = f"\n  <fieldset{described}>\n  {legend}\n"
    else:
        head = f"\n  {field.label_tag() if field.label else ''}\n"
    help_text = ""
    if field.help_text:
        help_id = f' id="{conditional_escape(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{help_id}>{field.help_text}</div>'
    end = "</fieldset>" if field.use_fieldset else ""
    return f"{head}\n{help_text}\n{field.errors}\n{field}{end}\n"


class _NotPlain(Exception):
    """Not the plain case written here (a widget's own option template, a list of errors):
    Django's templates render it."""


IN_PYTHON = {
    INPUT_TEMPLATE: _input,
    **dict.fromkeys(INPUT_WIDGETS, _input),
    "django/forms/widgets/select.html": _select,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _no_errors,
    "django/forms/errors/list/ul.html": _no_errors,
    "django/forms/field.html": _field,
}


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        build = IN_PYTHON.get(template_name)
        if build is not None:
            try:
                # As BaseRenderer.render, stripped.
                return build(context).strip()
            except _NotPlain:
                pass
        return super().render(template_name, context, request=request)
