"""Requests no page of the portal can answer, refused before any view runs."""

import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNulBytesMiddleware:
    """400 for a NUL character in the address or its query string.

    PostgreSQL text cannot hold NUL, so a lookup by such a value (a reference, a body's short
    name, a filter) would fail with a server error instead of "not found". Forms refuse NUL in
    what they receive with a field error of their own, so POST bodies are left to them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                _("The address contains a NUL character, which no page of the portal accepts."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


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
