"""Requests no page of the portal can answer, refused before any view runs."""

import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNulBytesMiddleware:
    """400 for a NUL character in the address, its query string or a submitted form (field
    names and values; Django already drops it from uploaded files' names), before any view
    runs.

    PostgreSQL text cannot hold NUL, so a lookup by such a value (a reference, a body's short
    name, a filter) or a save of it would fail with a server error instead of "not found" or a
    form error. One check here covers every form and view, including those that read
    `request.POST` directly; no browser sends NUL from a page's own forms."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _holds_nul(request.GET):
            return _refused(
                _("The address contains a NUL character, which no page of the portal accepts.")
            )
        if request.method == "POST" and _holds_nul(request.POST):
            return _refused(
                _(
                    "The form contains a NUL character, which no page of the portal accepts. "
                    "Nothing was saved: go back, remove it and send the form again."
                )
            )
        return self.get_response(request)


def _holds_nul(query) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
    )


def _refused(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class ShedStaleRequestsMiddleware:
    """503 with Retry-After for a request that waited too long in the queue before a worker
    took it, answered before any work: when the portal is overloaded a comment is refused
    cleanly and the citizen retries, rather than being accepted late or timing out half-way.

    The wait is measured by the front proxy, which stamps each request when it arrives
    (nginx: `proxy_set_header X-Request-Start "t=${msec}";`); without the header, nothing is
    shed. SEP_MAX_QUEUE_SECONDS sets the patience (0 turns shedding off)."""

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.SEP_MAX_QUEUE_SECONDS
        arrived = _request_start(request.META.get("HTTP_X_REQUEST_START", ""))
        if limit and arrived is not None and time.time() - arrived > limit:
            response = HttpResponse(
                _("The portal is very busy right now. Nothing was saved; try again in a moment."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
            return response
        return self.get_response(request)


def _request_start(header: str) -> float | None:
    """Seconds since the epoch from `t=1700000000.123` (nginx's msec) or a bare number."""
    value = header.removeprefix("t=").strip()
    try:
        stamp = float(value)
    except ValueError:
        return None
    # Some proxies send milliseconds or microseconds.
    while stamp > 1e11:
        stamp /= 1000
    return stamp
