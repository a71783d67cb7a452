"""Atom feeds of drafts and their versions: the list's filters make any search, body or subject
a feed. (Published reports have theirs in reports.feeds.)"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from accounts.models import Organization

from .filters import DraftFilter
from .models import Draft, SubjectArea, Version

FEED_LENGTH = 50


class DraftsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        self.query = request.GET.urlencode()
        return DraftFilter(request.GET or None, queryset=Draft.objects.public().for_listing()).qs

    def title(self, drafts):
        return _("Draft regulations for public discussion")

    def subtitle(self, drafts):
        return _("New drafts published on the portal, newest first.")

    def link(self, drafts):
        return reverse("drafts:list") + (f"?{self.query}" if self.query else "")

    def items(self, drafts):
        return drafts.order_by("-published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, draft):
        return f"{draft.reference} {draft.title}"

    def item_description(self, draft):
        return f"{draft.organization.name}. {draft.summary}"

    def item_pubdate(self, draft):
        return draft.published_at

    def item_updateddate(self, draft):
        return draft.changed_at

    def item_author_name(self, draft):
        return draft.organization.name


class BodyDraftsFeed(DraftsFeed):
    """New drafts of one developer body, by its short name."""

    def get_object(self, request, short_name):
        self.query = ""
        self.body = get_object_or_404(Organization, short_name__iexact=short_name)
        return Draft.objects.public().for_listing().filter(organization=self.body)

    def title(self, drafts):
        return _("Drafts of %(body)s") % {"body": self.body.name}

    def link(self, drafts):
        return reverse("drafts:list") + f"?organization={self.body.pk}"


class SubjectDraftsFeed(DraftsFeed):
    """New drafts in one subject area, by its code."""

    def get_object(self, request, slug):
        self.query = ""
        self.subject = get_object_or_404(SubjectArea, slug=slug)
        return Draft.objects.public().for_listing().filter(subject_areas=self.subject)

    def title(self, drafts):
        return _("Drafts on %(subject)s") % {"subject": self.subject.name}

    def link(self, drafts):
        return reverse("drafts:list") + f"?subject={self.subject.slug}"


class VersionsFeed(Feed):
    """New versions of public drafts (the first version comes with the draft itself)."""

    feed_type = Atom1Feed

    def title(self):
        return _("New versions of drafts")

    def subtitle(self):
        return _("Revised texts of drafts under discussion, newest first.")

    def link(self):
        return reverse("drafts:list")

    def items(self):
        return (
            Version.objects.public()
            .select_related("draft__organization")
            .defer("text_ru", "text_ky", *Draft.search_columns("draft__"))
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, version):
        return _("%(reference)s: version %(number)s") % {
            "reference": version.draft.reference,
            "number": version.number,
        }

    def item_description(self, version):
        return f"{version.draft.title}. {version.change_note}".strip()

    def item_pubdate(self, version):
        return version.published_at

    def item_author_name(self, version):
        return version.draft.organization.name
