"""The open-data API's shared base: cursor pagination, `modified_since`, API keys and rate
limits, absolute links and the state body's serializer. Each app's `api.py` builds its
serializers and read-only viewsets on it; sep.api_urls routes them."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, throttling
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.pagination import CursorPagination

from accounts.models import ApiKey


def absolute(request, url: str) -> str:
    """`url` as a full address when answering a request (API rows link to the portal)."""
    return request.build_absolute_uri(url) if request is not None else url


class OrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    short_name = serializers.CharField()
    name_ky = serializers.CharField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()


# --- Pagination -------------------------------------------------------------------------------


class StableCursorPagination(CursorPagination):
    """Cursor pages ordered by the primary key: a harvester follows `next` to the end, however
    many pages there are, and rows added meanwhile never shift or repeat what it has read."""

    ordering = "pk"
    page_size_query_param = "page_size"
    # DRF's own descriptions of the two parameters have no Kyrgyz: the API page shows ours.
    cursor_query_description = _("Where the page starts: copy it from the `next` address.")
    page_size_query_description = _("How many rows a page holds.")

    def __init__(self):
        # Read per request, so a deployment (or a test) can change them in settings.
        self.page_size = settings.SEP_API_PAGE_SIZE
        self.max_page_size = settings.SEP_API_MAX_PAGE_SIZE

    def decode_cursor(self, request):
        """DRF's cursor, refused with 400 (like a bad `modified_since`) unless it is one this
        API could have written: its position is a primary key, so anything but a whole number
        in PostgreSQL's bigint range would reach the database and fail there."""
        try:
            cursor = super().decode_cursor(request)
            position = cursor.position if cursor is not None else None
            if position is not None and not -(2**63) < int(position) < 2**63:
                raise ValueError(position)
        except (exceptions.NotFound, ValueError):
            raise exceptions.ValidationError({self.cursor_query_param: INVALID_CURSOR}) from None
        return cursor


INVALID_CURSOR = "Not a cursor this API gave: copy the `next` or `previous` address as it is."


# --- modified_since ---------------------------------------------------------------------------

MODIFIED_SINCE = OpenApiParameter(
    "modified_since",
    OpenApiTypes.DATETIME,
    description=_(
        "Only rows created or changed at or after this moment (ISO 8601, e.g. "
        "`2026-03-01T00:00:00+06:00`; a date alone means its midnight in Bishkek). Use the "
        "time of your previous harvest to fetch only what changed."
    ),
)


def record_id(description) -> OpenApiParameter:
    """The `{id}` of a detail address, described in the reader's language (DRF's own
    description names the model in English grammar)."""
    return OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=description)


INVALID_MOMENT = "Give an ISO 8601 date or date and time, e.g. 2026-03-01T00:00:00+06:00."


def parse_modified_since(request) -> datetime.datetime | None:
    """The `modified_since` parameter as an aware datetime; 400 if it is not ISO 8601."""
    value = request.query_params.get("modified_since", "").strip()
    if not value:
        return None
    moment = None
    try:
        moment = parse_datetime(value.replace(" ", "+"))
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise exceptions.ValidationError({"modified_since": INVALID_MOMENT})
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # In UTC: PostgreSQL refuses offsets Python accepts (up to ±23:59).
        return moment.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        raise exceptions.ValidationError({"modified_since": INVALID_MOMENT}) from None


class ModifiedSinceMixin:
    """For read-only viewsets: `modified_since` narrows the list with `filter_modified_since`,
    which each viewset defines for its own notion of "changed"."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            since = parse_modified_since(self.request)
            if since is not None:
                queryset = self.filter_modified_since(queryset, since)
        return queryset

    def filter_modified_since(self, queryset, since):
        raise NotImplementedError


# --- API keys and rate limits -----------------------------------------------------------------


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <key>`. A key only raises the rate limit: the API shows every
    caller the same public data."""

    keyword = "Api-Key"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send the header as `Api-Key <key>`.")
        api_key = ApiKey.lookup(parts[1].decode(errors="replace"))
        if api_key is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        return (api_key.user, api_key)

    def authenticate_header(self, request):
        return self.keyword


class AnonymousThrottle(throttling.SimpleRateThrottle):
    """Callers without a key, counted per address."""

    scope = "anonymous"

    def get_rate(self):
        return settings.SEP_API_RATE_ANON

    def get_cache_key(self, request, view):
        if request.auth is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ApiKeyThrottle(throttling.SimpleRateThrottle):
    """Callers with a key, counted per key."""

    scope = "api_key"

    def get_rate(self):
        return settings.SEP_API_RATE_KEY

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
