"""E-mails to followers and authors, sent by the background worker (Django's tasks API,
`manage.py db_worker`). Each goes out once per person and event (Notification), in the
language the person followed in, with a signed one-click unsubscribe link."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from drafts.filters import DraftFilter
from drafts.models import Draft, Version

from .models import Comment, Notification, Subscription

UNSUBSCRIBE_SALT = "sep.unsubscribe"


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps({"u": subscription.user_id, "s": subscription.pk}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> Subscription | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=data.get("s"), user_id=data.get("u")).first()


def _absolute(path: str) -> str:
    return settings.SEP_SITE_URL.rstrip("/") + path


def _send(user, key: str, language: str, compose, subscription=None) -> bool:
    """Send one e-mail unless this person already got it for this event."""
    with translation.override(language):
        subject, body = compose()
        headers = {}
        if subscription is not None:
            token = unsubscribe_token(subscription)
            link = _absolute(reverse("comments:unsubscribe", args=[token]))
            body += "\n\n" + _("Stop these e-mails: %(link)s") % {"link": link}
            headers = {
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
    try:
        with transaction.atomic():
            Notification.objects.create(user=user, key=key, subject=subject[:300])
            # Sent inside the transaction: a failed send is not recorded, the task can retry.
            EmailMessage(subject, body, None, [user.email], headers=headers).send()
    except IntegrityError:
        return False
    return True


def _draft_followers(draft: Draft):
    return Subscription.objects.active().filter(target="draft", draft=draft).select_related("user")


def _followers_of_new_draft(draft: Draft):
    """Followers of the body or a subject area, then of saved searches the draft matches."""
    subject_ids = list(draft.subject_areas.values_list("pk", flat=True))
    direct = Subscription.objects.active().filter(
        Q(target="body", organization=draft.organization_id)
        | Q(target="subject", subject_area__in=subject_ids)
    )
    seen = set()
    for subscription in direct.select_related("user").order_by("pk"):
        if subscription.user_id not in seen:
            seen.add(subscription.user_id)
            yield subscription
    searches = Subscription.objects.active().filter(target="search").select_related("user")
    just_this = Draft.objects.public().filter(pk=draft.pk)
    for subscription in searches:
        if subscription.user_id in seen:
            continue
        if DraftFilter(QueryDict(subscription.search), queryset=just_this).qs.exists():
            seen.add(subscription.user_id)
            yield subscription


@task()
def notify_new_draft(draft_id: int) -> int:
    draft = Draft.objects.select_related("organization").get(pk=draft_id)

    def compose():
        return (
            _("New draft for public discussion: %(ref)s") % {"ref": draft.reference},
            _("%(body)s published a draft for public discussion until %(day)s:")
            % {"body": draft.organization.name, "day": f"{draft.discussion_last_day:%d.%m.%Y}"}
            + f"\n{draft.title}\n{_absolute(draft.get_absolute_url())}",
        )

    return sum(
        _send(s.user, f"draft:{draft.pk}", s.language, compose, s)
        for s in _followers_of_new_draft(draft)
    )


@task()
def notify_new_version(version_id: int) -> int:
    version = Version.objects.select_related("draft").get(pk=version_id)
    draft = version.draft

    def compose():
        link = _absolute(reverse("drafts:version-diff", args=[draft.reference]))
        return (
            _("New version of %(ref)s") % {"ref": draft.reference},
            _("Version %(number)s of the draft is published. What changed:")
            % {"number": version.number}
            + f"\n{draft.title}\n{link}",
        )

    return sum(
        _send(s.user, f"version:{version.pk}", s.language, compose, s)
        for s in _draft_followers(draft)
    )


@task()
def notify_answer(comment_id: int) -> bool:
    comment = Comment.objects.select_related("draft", "answer__organization", "author").get(
        pk=comment_id
    )
    answer = comment.answer

    def compose():
        link = _absolute(f"{comment.draft.get_absolute_url()}#comment-{comment.pk}")
        return (
            _("Answer to your comment %(receipt)s") % {"receipt": comment.receipt},
            _("%(body)s answered your comment on %(ref)s: %(decision)s.")
            % {
                "body": answer.organization.name,
                "ref": comment.draft.reference,
                "decision": answer.get_decision_display(),
            }
            + f"\n{answer.reasoning}\n{link}",
        )

    key = f"answer:{comment.pk}:{answer.updated_at.isoformat()}"
    return _send(comment.author, key, comment.language, compose)


@task()
def notify_closing_soon(days: int = 3) -> int:
    """Followers of drafts whose discussion ends in `days` days (run daily)."""
    last_day = timezone.localdate() + datetime.timedelta(days=days - 1)
    sent = 0
    for draft in Draft.objects.open_for_comments().select_related("organization"):
        if draft.discussion_last_day != last_day:
            continue

        def compose(draft=draft):
            return (
                _("%(ref)s: the discussion closes in %(days)s days")
                % {"ref": draft.reference, "days": days},
                _("Comments are accepted until the end of %(day)s.")
                % {"day": f"{draft.discussion_last_day:%d.%m.%Y}"}
                + f"\n{draft.title}\n{_absolute(draft.get_absolute_url())}",
            )

        key = f"closing:{draft.pk}:{draft.discussion_ends.isoformat()}"
        sent += sum(_send(s.user, key, s.language, compose, s) for s in _draft_followers(draft))
    return sent
