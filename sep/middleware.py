"""Requests no page of the portal can answer, refused before any view runs."""

from django.http import HttpResponseBadRequest
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
