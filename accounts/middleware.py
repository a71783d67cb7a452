from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

# Every page that acts for a state body or the Ministry lives under one of these.
STAFF_AREAS = ("manage/", "dashboard/", "admin/")


def _is_staff_area(path: str) -> bool:
    path = path.lstrip("/")
    language = get_language_from_path("/" + path)
    if language:
        path = path[len(language) + 1 :]
    return path.startswith(STAFF_AREAS)


class StaffTwoFactorMiddleware:
    """Staff pages open only for accounts with a second factor: a stolen password alone must
    not publish a draft, answer in a ministry's name or read the Ministry's dashboards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.SEP_REQUIRE_STAFF_2FA
            and user.is_authenticated
            and _is_staff_area(request.path)
            and user.must_use_two_factor
            and not _has_second_factor(user)
        ):
            messages.warning(
                request,
                _(
                    "Staff pages need two-factor authentication. Set up an authenticator app "
                    "first; then the page you asked for opens."
                ),
            )
            return redirect(
                f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)


def _has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class PrivateResponsesMiddleware:
    """Every response to a signed-in user is `Cache-Control: private, no-store`: it may show a
    new API key once, someone's comments or profile, drafts a body is preparing, and no
    browser history, shared proxy or back button should keep it.

    Runs inside AuthenticationMiddleware (it needs `request.user` as the view left it: set by a
    sign-in, cleared by a sign-out). Anonymous pages are left alone: they are shared, and
    `drafts.caching` caches them whole. A Cache-Control a view set itself is kept, since that
    view decided for its response (none does for signed-in users today)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
