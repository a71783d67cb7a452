"""E-mails to followers and authors, sent by the background worker (Django's tasks API,
`manage.py db_worker`). Each goes out once per person and event (Notification), in the
language the person followed in, with a signed one-click unsubscribe link."""

import datetime
import logging
import smtplib

from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from drafts.filters import DraftFilter
from drafts.models import Draft, Version, bishkek_midnight
from sep.site import SITE_NAME, absolute_url

from .models import Comment, ModerationEvent, Notification, Subscription

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "sep.unsubscribe"


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps({"u": subscription.user_id, "s": subscription.pk}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> Subscription | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=data.get("s"), user_id=data.get("u")).first()


def send_once(user, key: str, language: str, compose, subscription=None) -> bool:
    """Send one e-mail unless this person already got it for this event."""
    with translation.override(language):
        subject, body = compose()
        # Signed by the portal, in the reader's language, with its one configured address.
        body += f"\n\n— {SITE_NAME}\n{absolute_url('/')}"
        headers = {}
        if subscription is not None:
            token = unsubscribe_token(subscription)
            link = absolute_url(reverse("comments:unsubscribe", args=[token]))
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
    except smtplib.SMTPRecipientsRefused:
        # This address's problem only: the others of a fan-out still get theirs, and a
        # later run tries this one again (nothing was recorded).
        logger.warning("e-mail refused: user=%s key=%s", user.pk, key)
        return False
    return True


def draft_followers(draft: Draft):
    return Subscription.objects.active().filter(target="draft", draft=draft).select_related("user")


def _followers_of_new_draft(draft: Draft):
    """Followers of the body, a subject area or the planned act the draft fulfils, then of
    saved searches the draft matches."""
    subject_ids = list(draft.subject_areas.values_list("pk", flat=True))
    direct = Subscription.objects.active().filter(
        Q(target="body", organization=draft.organization_id)
        | Q(target="subject", subject_area__in=subject_ids)
        | Q(target="plan_item", plan_item__draft=draft)
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


def _compose_new_draft(draft: Draft):
    return (
        _("New draft for public discussion: %(ref)s") % {"ref": draft.reference},
        _("%(body)s published a draft for public discussion until %(day)s:")
        % {"body": draft.organization.name, "day": f"{draft.discussion_last_day:%d.%m.%Y}"}
        + f"\n{draft.title}\n{absolute_url(draft.get_absolute_url())}",
    )


@task()
def notify_new_draft(draft_id: int) -> int:
    draft = Draft.objects.select_related("organization").get(pk=draft_id)
    return sum(
        send_once(s.user, f"draft:{draft.pk}", s.language, lambda: _compose_new_draft(draft), s)
        for s in _followers_of_new_draft(draft)
    )


@task()
def notify_plan_item_draft(plan_item_id: int) -> int:
    """Followers of a planned act whose draft is already public when the body links it.

    The key is the new-draft mail's: whoever already heard of the draft is not told again."""
    subscriptions = (
        Subscription.objects.active()
        .filter(target="plan_item", plan_item=plan_item_id)
        .exclude(plan_item__draft=None)
        .exclude(plan_item__draft__status=Draft.Status.PREPARING)
        .select_related("user", "plan_item__draft__organization")
    )
    sent = 0
    for subscription in subscriptions:
        draft = subscription.plan_item.draft
        sent += send_once(
            subscription.user,
            f"draft:{draft.pk}",
            subscription.language,
            lambda draft=draft: _compose_new_draft(draft),
            subscription,
        )
    return sent


@task()
def notify_receipt(comment_id: int) -> bool:
    """The author's copy of the receipt number, in the language they wrote in."""
    comment = Comment.objects.select_related("draft", "section", "author").get(pk=comment_id)

    def compose():
        draft = comment.draft
        link = absolute_url(f"{draft.get_absolute_url()}#comment-{comment.pk}")
        about = comment.section.label if comment.section else _("the draft as a whole")
        if comment.kind == Comment.Kind.ALTERNATIVE:
            subject = _("Your alternative version %(receipt)s is published")
            about = _("an alternative version of the draft")
        else:
            subject = _("Your comment %(receipt)s is published")
        return (
            subject % {"receipt": comment.receipt},
            _(
                "Thank you. Your text on %(ref)s (%(about)s) is published with the receipt "
                "number %(receipt)s. Quote it in any question about it; the developer's answer "
                "will come by e-mail."
            )
            % {"ref": draft.reference, "about": about, "receipt": comment.receipt}
            + f"\n{draft.title}\n{link}",
        )

    return send_once(comment.author, f"receipt:{comment.pk}", comment.language, compose)


@task()
def notify_moderation(event_id: int) -> bool:
    """Tell the author that a moderator hid or restored their comment, and why."""
    event = ModerationEvent.objects.select_related("comment__draft", "comment__author").get(
        pk=event_id
    )
    comment = event.comment

    def compose():
        link = absolute_url(f"{comment.draft.get_absolute_url()}#comment-{comment.pk}")
        if event.action == ModerationEvent.Action.HIDE:
            subject = _("Your comment %(receipt)s was hidden") % {"receipt": comment.receipt}
            body = _("A moderator hid your comment. Reason: %(reason)s. %(note)s") % {
                "reason": event.get_reason_display(),
                "note": event.note,
            }
        else:
            subject = _("Your comment %(receipt)s is visible again") % {"receipt": comment.receipt}
            body = _("A moderator restored your comment.")
        log = absolute_url(reverse("comments:moderation-log"))
        return subject, f"{body.strip()}\n{link}\n{log}"

    return send_once(comment.author, f"moderation:{event.pk}", comment.language, compose)


@task()
def notify_new_version(version_id: int) -> int:
    version = Version.objects.select_related("draft").get(pk=version_id)
    draft = version.draft

    def compose():
        link = absolute_url(reverse("drafts:version-diff", args=[draft.reference]))
        return (
            _("New version of %(ref)s") % {"ref": draft.reference},
            _("Version %(number)s of the draft is published. What changed:")
            % {"number": version.number}
            + f"\n{draft.title}\n{link}",
        )

    return sum(
        send_once(s.user, f"version:{version.pk}", s.language, compose, s)
        for s in draft_followers(draft)
    )


@task()
def notify_answer(comment_id: int) -> bool:
    comment = Comment.objects.select_related("draft", "answer__organization", "author").get(
        pk=comment_id
    )
    answer = comment.answer

    def compose():
        link = absolute_url(f"{comment.draft.get_absolute_url()}#comment-{comment.pk}")
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
    return send_once(comment.author, key, comment.language, compose)


def drafts_closing_in(days: int):
    """Open drafts whose last day for comments is `days - 1` days after today (Bishkek)."""
    last_day = timezone.localdate() + datetime.timedelta(days=days - 1)
    return Draft.objects.open_for_comments().filter(
        discussion_ends__gt=bishkek_midnight(last_day),
        discussion_ends__lte=bishkek_midnight(last_day + datetime.timedelta(days=1)),
    )


# One reminder per person and draft, even if the discussion is extended afterwards.
CLOSING_KEY = "closing:"


def _closing_key(draft_id) -> str:
    return f"{CLOSING_KEY}{draft_id}"


def closing_reminders_pending(days: int = 3) -> bool:
    """Whether a follower of a draft closing in `days` days has not had the reminder yet —
    so a cron job run every few minutes queues the task only when it has work to do."""
    reminded = Notification.objects.filter(
        user=OuterRef("user"),
        key=Concat(Value(CLOSING_KEY), Cast(OuterRef("draft_id"), CharField())),
    )
    return (
        Subscription.objects.active()
        .filter(target="draft", draft__in=drafts_closing_in(days))
        .exclude(Exists(reminded))
        .exists()
    )


@task()
def notify_closing_soon(days: int = 3) -> int:
    """Followers of drafts whose discussion ends in `days` days (queued by the cron command
    `close_finished_discussions`); each follower is reminded once per draft."""
    sent = 0
    for draft in drafts_closing_in(days).select_related("organization"):

        def compose(draft=draft):
            return (
                _("%(ref)s: the discussion closes in %(days)s days")
                % {"ref": draft.reference, "days": days},
                _("Comments are accepted until the end of %(day)s.")
                % {"day": f"{draft.discussion_last_day:%d.%m.%Y}"}
                + f"\n{draft.title}\n{absolute_url(draft.get_absolute_url())}",
            )

        key = _closing_key(draft.pk)
        sent += sum(send_once(s.user, key, s.language, compose, s) for s in draft_followers(draft))
    return sent
