"""Query strings of list pages, shared by every app: links that keep the reader's filters."""


def query_string_without(request, *keys: str) -> str:
    """The request's query string, urlencoded, without `keys` — e.g. without "page" for
    pagination links, which add their own, or without "format" so that a page's links do not
    download an export."""
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()
