from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in_language(context, code):
    """This page's address in another interface language."""
    request = context["request"]
    return translate_url(request.get_full_path(), code)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """A pagination link that keeps the current filters."""
    query = context.get("query_string", "")
    return f"?{query}&page={number}" if query else f"?page={number}"
