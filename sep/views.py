from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils import timezone, translation

from drafts.caching import anonymous_page_cache, portal_stamp
from drafts.models import Draft

from .querystrings import safe_next

# The help pages that replace a training seminar: slug → template under templates/help/.
HELP_PAGES = {
    "taking-part": "help/taking_part.html",
    "for-staff": "help/for_staff.html",
    "legal-basis": "help/legal_basis.html",
    "faq": "help/faq.html",
}


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


# The home page is a doorway, not a list: three short sections, each draft in one of them only
# (the most urgent first), and a link to the full list after each.
HOME_CLOSING_SOON = 3
HOME_OPEN = 4
HOME_RECENT = 4


@anonymous_page_cache(portal_stamp)
def home(request):
    now = timezone.now()
    public = Draft.objects.public().for_listing()
    closing_soon = list(
        public.closing_soon(now=now).order_by("discussion_ends")[:HOME_CLOSING_SOON]
    )
    shown = [draft.pk for draft in closing_soon]
    open_drafts = list(
        public.open_for_comments(now).exclude(pk__in=shown).order_by("discussion_ends")[:HOME_OPEN]
    )
    shown += [draft.pk for draft in open_drafts]
    recent = public.exclude(pk__in=shown).order_by("-published_at")[:HOME_RECENT]
    return render(
        request,
        "home.html",
        {
            "closing_soon": closing_soon,
            "open_drafts": open_drafts,
            "recent": recent,
            "open_count": Draft.objects.open_for_comments(now).count(),
        },
    )


def help_index(request):
    return render(request, "help/index.html")


def help_page(request, slug):
    if slug not in HELP_PAGES:
        raise Http404
    return render(request, HELP_PAGES[slug], {"minimum_days": Draft.minimum_days()})


def accessibility_statement(request):
    return render(request, "help/accessibility.html")


def switch_language(request, code):
    """Switch the interface language and remember it (a plain link: works without JS)."""
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    next_url = safe_next(request, request.GET.get("next", ""), "")
    if next_url:
        # The address belongs to the language in its prefix, not to the one this request runs
        # in (the cookie's or the browser's): resolved under the latter, /ru/... matches no
        # pattern and the switch goes nowhere until the cookie happens to agree.
        path_language = translation.get_language_from_path(urlsplit(next_url).path)
        with translation.override(path_language or translation.get_language()):
            target = translate_url(next_url, code)
        if path_language and path_language != code and target == next_url:
            # An address no pattern knows (a removed draft, a typo): the new language's home
            # rather than staying in the old language.
            with translation.override(code):
                target = reverse("home")
    else:
        with translation.override(code):
            target = reverse("home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
