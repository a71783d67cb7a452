"""E-mails of the reports app, sent by the background worker (Django's tasks API,
`manage.py db_worker`), once per person and event like every e-mail (comments.notifications)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from comments.models import Comment
from comments.notifications import draft_followers, send_once
from sep.site import absolute_url

from .models import Report


@task()
def notify_report_published(report_id: int) -> int:
    """Followers of the draft and everybody who commented on it hear of the report, once."""
    report = Report.objects.select_related("draft").get(pk=report_id)
    draft = report.draft

    def compose():
        link = absolute_url(reverse("reports:report", args=[draft.reference, report.number]))
        return (
            _("%(ref)s: the public-opinion report is published") % {"ref": draft.reference},
            _("The developer body published its report on the public discussion:")
            + f"\n{draft.title}\n{link}",
        )

    key = f"report:{report.pk}"
    told = set()
    sent = 0
    for subscription in draft_followers(draft):
        told.add(subscription.user_id)
        sent += send_once(subscription.user, key, subscription.language, compose, subscription)
    authors = (
        Comment.objects.filter(draft=draft)
        .exclude(author_id__in=told)
        .order_by("author_id", "-created_at")
        .distinct("author_id")
        .select_related("author")
    )
    for comment in authors:
        sent += send_once(comment.author, key, comment.language, compose)
    return sent
