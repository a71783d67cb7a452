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
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
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
                cache.set(key, (response.content, _next_clock_event(now)), CACHE_SECONDS)
            return response

        return wrapper

    return decorator


def _next_clock_event(now):
    """`Draft.objects.next_clock_event`, remembered while no period changes: it scans every
    draft under discussion, which cost a cold page more than its own queries. Periods change
    only with the portal stamp (`touch(listed=True)`), and a remembered moment still ahead
    is still the next one; one that has passed is looked up again."""
    cache = caches["pages"]
    stamp = Draft.objects.last_change()
    key = f"clock:{stamp.timestamp() if stamp else 0}"
    moment = cache.get(key)
    if moment is None or moment <= now:
        moment = Draft.objects.next_clock_event(now)
        cache.set(key, moment, CACHE_SECONDS)
    return moment


def portal_stamp(request, **kwargs) -> str:
    """The last visible change of any draft: for lists, search and the home page."""
    return str(Draft.objects.last_change())


# --- Comment fragments ------------------------------------------------------------------------

# Where a comment's public fragment leaves room for what only this reader sees.
VIEWER_SLOT = mark_safe("<!--viewer-->")  # noqa: S308 - a constant, no user input


def _comment_state(comment) -> tuple:
    """Everything comments/_comment_public.html shows of `comment`: its cache key, so a hidden,
    restored, answered or agreed-with comment is rendered anew, never served stale."""
    answer = getattr(comment, "answer", None)
    return (
        comment.pk,
        comment.status,
        comment.hidden_reason,
        comment.hidden_note,
        comment.receipt,
        comment.position,
        comment.kind,
        comment.version_id,
        comment.text,
        comment.explanation,
        comment.attachment_name if comment.attachment else None,
        comment.author_label,
        comment.created_at,
        getattr(comment, "agreement_count", None),
        getattr(comment, "carried", None),
        answer
        and (
            answer.pk,
            answer.updated_at,
            answer.decision,
            answer.reasoning,
            answer.organization_id and answer.organization.name,
            answer.carried_in_id,
            answer.duplicate_of_id,
            answer.duplicate_of_id and answer.duplicate_of.receipt,
        ),
    )


def comment_fragments(comments, draft) -> None:
    """Give each comment `public_parts`: its public HTML around the reader's slot, from the
    `pages` cache in one look-up, rendering only the ones missing. What a comment shows every
    reader costs the template most of a long discussion (dates, translations, links), and
    changes far less often than it is read; what differs per reader is left to the slot."""
    language = get_language()
    keys = {}
    for comment in comments:
        state = repr((language, draft.reference, _comment_state(comment)))
        keys[comment] = "comment:" + hashlib.sha256(state.encode()).hexdigest()
    cache = caches["pages"]
    found = cache.get_many(list(keys.values()))
    rendered = {}
    for comment, key in keys.items():
        parts = found.get(key)
        if parts is None:
            html = render_to_string(
                "comments/_comment_public.html",
                {"comment": comment, "draft": draft, "viewer_slot": VIEWER_SLOT},
            )
            head, tail = html.split(VIEWER_SLOT)
            # A dict: the template's `parts.head` is then its first, cheapest look-up.
            parts = rendered[key] = {"head": mark_safe(head), "tail": mark_safe(tail)}  # noqa: S308
        comment.public_parts = parts
    if rendered:
        cache.set_many(rendered, CACHE_SECONDS)
