"""The portal's django-allauth adapter: sign-in limits (the `login_failed` rule of
settings.ACCOUNT_RATE_LIMITS counted per account *and* address, answered with the minutes to
wait), and allauth's mails as the portal's — its name and configured address (sep.site), not the
host name of whichever address served the sign-up page."""

import math
import time
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from sep.site import PortalSite, absolute_url

TOO_MANY = "too_many_login_attempts"


class AccountAdapter(DefaultAccountAdapter):
    # --- Mails ------------------------------------------------------------------------------

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {"current_site": PortalSite(), **context})

    def format_email_subject(self, subject: str) -> str:
        return f"[{PortalSite().name}] {subject}"

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return _on_portal(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_portal(super().get_reset_password_from_key_url(key))

    # --- Sign-in limits ---------------------------------------------------------------------

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's "key" of login_failed is the account alone: its limit would let anyone lock
        # anyone out, from anywhere. With the address in it, guessing one account is stopped
        # at that address only; the owner elsewhere, or other accounts behind the same
        # address, sign in as usual (the per-address rule stops guessing many accounts).
        account = super()._get_login_attempts_cache_key(request, **credentials)
        # The address as allauth's per-address rule reads it (IPv6 by its /64).
        return f"{account}:{allauth_ratelimit.get_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            seconds = retry_after(request, key)
            minutes = math.ceil(seconds / 60)
            raise ValidationError(
                ngettext(
                    "Too many failed sign-in attempts. Try again in %(minutes)s minute.",
                    "Too many failed sign-in attempts. Try again in %(minutes)s minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code=TOO_MANY,
                params={"retry_after": seconds},
            ) from None


def _on_portal(url: str) -> str:
    """The same page on the portal's configured address."""
    parts = urlsplit(url)
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))


def retry_after(request, key: str) -> int:
    """Seconds until every login_failed rate lets an attempt with `key` through again.

    allauth keeps, per rate, the times of the attempts counted in its window (newest first) and
    refuses while there are `amount` of them, but does not say until when; this reads the same
    cache entries through its own key function (tests/test_login.py pins the figure)."""
    now = time.time()
    wait = 1.0
    for rate in allauth_ratelimit.get_rates(app="allauth.account", action="login_failed"):
        cache_key = allauth_ratelimit.get_cache_key(
            request, app="allauth.account", action="login_failed", rate=rate, key=key
        )
        recent = [moment for moment in cache.get(cache_key, []) if moment > now - rate.duration]
        if len(recent) >= rate.amount:
            wait = max(wait, recent[rate.amount - 1] + rate.duration - now)
    return math.ceil(wait)
