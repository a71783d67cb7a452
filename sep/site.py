"""The portal as its e-mails name it: one configured address (SEP_SITE_URL) and one name, in
the reader's language, for every mail — the worker's notifications and allauth's sign-up and
password mails alike."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SITE_NAME = _("Single portal for public discussion of draft regulations")


def absolute_url(path: str) -> str:
    """`path` on the portal's configured address (never the host a request happened to use)."""
    return settings.SEP_SITE_URL + path


@dataclass(frozen=True)
class PortalSite:
    """Stands in for django.contrib.sites' Site in allauth's e-mail templates."""

    @property
    def name(self) -> str:
        return str(SITE_NAME)

    @property
    def domain(self) -> str:
        return urlsplit(settings.SEP_SITE_URL).netloc

    @property
    def url(self) -> str:
        return settings.SEP_SITE_URL
