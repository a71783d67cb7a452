"""The Atom feed of published public-opinion reports."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from drafts.feeds import FEED_LENGTH
from drafts.models import Draft

from .models import Report


class ReportsFeed(Feed):
    """Published public-opinion reports, newest first."""

    feed_type = Atom1Feed

    def title(self):
        return _("Published public-opinion reports")

    def subtitle(self):
        return _("Final reports of public discussions, newest first.")

    def link(self):
        return reverse("drafts:list") + "?status=summarised"

    def items(self):
        return (
            Report.objects.published()
            .select_related("draft__organization")
            .defer("statistics", *Draft.search_columns("draft__"))
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, report):
        return _("Report on %(reference)s %(title)s") % {
            "reference": report.draft.reference,
            "title": report.draft.title,
        }

    def item_description(self, report):
        return report.draft.organization.name

    def item_pubdate(self, report):
        return report.published_at

    def item_author_name(self, report):
        return report.draft.organization.name
