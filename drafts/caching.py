"""Whole-page caching of what anonymous readers see — most of the portal's traffic.

A cached page is keyed by a *stamp* of everything it shows (the draft's or the portal's last
visible change), so a change makes the old entry unreachable at once, on every machine. What a
page shows also depends on the clock (a discussion opens or closes, "closing in 3 days"), so
each entry is kept only until the next such moment. Nothing is ever served stale, so the
`pages` cache may be a memory of each process (settings.CACHES).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .models import Draft

CACHE_SECONDS = 3600


def _cacheable(request) -> bool:
    # Signed-in users see their own bodies' drafts; a session or pending message makes the
    # page personal. Only the plain anonymous GET is shared.
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def anonymous_page_cache(stamp):
    """Cache the view's page for anonymous readers under `stamp(request, **kwargs)`.

    `stamp` may raise Http404; it should cost one small query at most.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            raw = f"{stamp(request, **kwargs)}|{get_language()}|{request.get_full_path()}"
            key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
            now = timezone.now()
            cache = caches["pages"]
            cached = cache.get(key)
            if cached is not None and cached[1] > now:
                return HttpResponse(cached[0])
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                valid_until = Draft.objects.next_clock_event(now)
                cache.set(key, (response.content, valid_until), CACHE_SECONDS)
            return response

        return wrapper

    return decorator


def portal_stamp(request, **kwargs) -> str:
    """The last visible change of any draft: for lists, search and the home page."""
    return str(Draft.objects.last_change())
