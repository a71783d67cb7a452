"""django-allauth's mails as the portal's: its name and configured address (sep.site), not the
host name of whichever address served the sign-up page."""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter

from sep.site import PortalSite, absolute_url


def _on_portal(url: str) -> str:
    """The same page on the portal's configured address."""
    parts = urlsplit(url)
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {"current_site": PortalSite(), **context})

    def format_email_subject(self, subject: str) -> str:
        return f"[{PortalSite().name}] {subject}"

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return _on_portal(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_portal(super().get_reset_password_from_key_url(key))
