"""Whole-page caching of what anonymous readers see — most of the portal's traffic.

A cached page is keyed by a *stamp* of everything it shows (the draft's or the portal's last
visible change), so a change makes the old entry unreachable at once, on every machine. What a
page shows also depends on the clock (a discussion opens or closes, "closing in 3 days"), so
each entry is kept only until the next such moment. Nothing is ever served stale, so the
`pages` cache may be a memory of each process (settings.CACHES).
"""

import hashlib
import re
import secrets
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
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
                cache.set(key, (response.content, _expiry(response, now)), CACHE_SECONDS)
            return response

        return wrapper

    return decorator


def _expiry(response, now):
    """Until when a page may be served from the cache: the next clock event of what it shows.
    A view showing one draft says so with `response.next_clock_event` (`Draft.next_clock_event`,
    no query); any other page waits for the portal's."""
    return getattr(response, "next_clock_event", None) or _next_clock_event(now)


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


# --- Pages of signed-in readers ---------------------------------------------------------------


class ReaderPage:
    """A page rendered once for every signed-in reader, with a marker wherever one reader's
    page differs from another's: the CSRF token, the e-mail in the header, the vote form and,
    on each comment, the "I agree" button or the reader's own hidden text. What goes in each
    marker is rendered beside the page, in every variant a reader can get, so that filling it
    in (`fill`) is string work and one small query for the reader's vote.

    A marker carries a random nonce, so no text a citizen typed can pose as one."""

    def __init__(self):
        self.nonce = secrets.token_hex(8)
        self.vote_variants = None  # {vote value or "": HTML}, on a page with the vote form
        self.comments = {}  # pk -> (author id, own hidden text HTML or None, agree HTML or None)

    def marker(self, name: str) -> str:
        return mark_safe(f"<!--{self.nonce}:{name}-->")  # noqa: S308 - hex and a known name

    def vote_part(self, render_variant, values) -> str:
        """The vote form's marker; `render_variant(value)` renders it for a reader whose vote
        is `value`, for each of `values` ("" for none)."""
        self.vote_variants = {value: render_variant(value) for value in values}
        return self.marker("vote")

    def comment_part(self, comment, own_hidden: str | None, agree: str | None) -> str:
        self.comments[comment.pk] = (comment.author_id, own_hidden, agree)
        return self.marker(f"comment:{comment.pk}")

    def freeze(self, html: str) -> dict:
        """What the cache keeps: the page cut at its markers, and the variants."""
        return {
            "parts": re.split(rf"<!--{self.nonce}:([a-z]+(?::\d+)?)-->", html),
            "nonce": self.nonce,
            "votes": self.vote_variants,
            "comments": self.comments,
        }

    @staticmethod
    def fill(frozen: dict, request, *, vote_value: str) -> str:
        """The page as `request.user` sees it."""
        user = request.user
        parts = frozen["parts"]
        out = parts[:1]
        for index in range(1, len(parts), 2):
            name = parts[index]
            if name == "vote":
                out.append(frozen["votes"][vote_value])
            elif name.startswith("comment:"):
                author_id, own_hidden, agree = frozen["comments"][int(name[8:])]
                if author_id == user.pk:
                    out.append(own_hidden or "")
                else:
                    out.append(agree or "")
            else:
                out.append(f"<!--{frozen['nonce']}:{name}-->")  # the token and the e-mail, below
            out.append(parts[index + 1])
        nonce = frozen["nonce"]
        return (
            "".join(out)
            .replace(f"<!--{nonce}:csrf-->", get_token(request))
            .replace(f"<!--{nonce}:email-->", escape(user.email))
        )


def signed_in_page_cache(stamp, vote_of):
    """Render the view's page once per `stamp(request, **kwargs)`, language and address for every
    signed-in reader who acts for no state body and holds no permission (the public, signed in:
    nearly everyone who takes part), and fill in each one's own parts (`ReaderPage`).

    `vote_of(request, **kwargs)` is the reader's vote on the page's draft ("" for none). Staff,
    moderators and analysts see more of the page and get it rendered for them each time, as
    does anyone with a message waiting to be shown."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or not request.user.is_authenticated:
                return view(request, *args, **kwargs)
            request.reader_page = page = ReaderPage()
            try:
                return _shared_or_rendered(request, page, view, args, kwargs, stamp, vote_of)
            finally:
                # An error page rendered after the view (404, 500) is rendered for this
                # reader alone: no markers.
                del request.reader_page

        return wrapper

    return decorator


def _shared_or_rendered(request, page, view, args, kwargs, stamp, vote_of):
    shared = len(get_messages(request)) == 0 and not request.user.acts_for_the_state()
    key = None
    if shared:
        raw = f"{stamp(request, **kwargs)}|{get_language()}|{request.get_full_path()}"
        key = "reader-page:" + hashlib.sha256(raw.encode()).hexdigest()
        now = timezone.now()
        cached = caches["pages"].get(key)
        if cached is not None and cached[1] > now:
            return HttpResponse(_filled(cached[0], request, vote_of, kwargs))
    response = view(request, *args, **kwargs)
    if response.streaming:
        return response
    frozen = page.freeze(response.content.decode())
    if key is not None and response.status_code == 200:
        caches["pages"].set(key, (frozen, _expiry(response, now)), CACHE_SECONDS)
    response.content = _filled(frozen, request, vote_of, kwargs)
    return response


def _filled(frozen, request, vote_of, kwargs) -> str:
    vote_value = vote_of(request, **kwargs) if frozen["votes"] is not None else ""
    return ReaderPage.fill(frozen, request, vote_value=vote_value)
