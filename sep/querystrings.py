"""Query strings shared by every app: links that keep the reader's filters, and the `next`
address a form returns to."""

from django.utils.http import url_has_allowed_host_and_scheme


def query_string_without(request, *keys: str) -> str:
    """The request's query string, urlencoded, without `keys` — e.g. without "page" for
    pagination links, which add their own, or without "format" so that a page's links do not
    download an export."""
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


def safe_next(request, value: str, default: str) -> str:
    """`value` if it is an address on this site (a path: `redirect()` would try to reverse any
    other string as a view name), else `default`: where a form sends the user back to."""
    if (
        value.startswith("/")
        and not value.startswith("//")
        and url_has_allowed_host_and_scheme(value, {request.get_host()}, request.is_secure())
    ):
        return value
    return default
