"""Atom feeds of drafts: the list's filters make any search, body or subject a feed."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .filters import DraftFilter
from .models import Draft

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
