from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from drafts.models import Draft, Section

from .models import Answer, Comment, ModerationEvent
from .notifications import notify_answer


@transaction.atomic
def answer_comments(
    comments: list[Comment], *, by, decision: str, reasoning: str = "", carried_in=None
) -> list[Answer]:
    """Give one answer to several comments (identical proposals), or edit their answers.

    Only a responder of the developer body may answer; answering stays possible after the
    discussion closes. An edit keeps the old wording in the answer's history.
    """
    now = timezone.now()
    reasoning = reasoning.strip()
    if decision != Answer.Decision.ACCEPTED and not reasoning:
        raise ValidationError(
            _("Give the reasons: they are required unless the proposal is accepted.")
        )
    answers = []
    for comment in comments:
        body = comment.draft.organization_id
        if not Membership.objects.filter(
            user=by, organization=body, role=Membership.Role.RESPONDER
        ).exists():
            raise PermissionDenied
        section = None
        if carried_in:
            section = Section.objects.filter(
                pk=carried_in,
                version__draft=comment.draft_id,
                version__number__gt=comment.version.number,
            ).first()
            if section is None:
                raise ValidationError(_("Choose an article of a later version of this draft."))
        answer = Answer.objects.filter(comment=comment).first() or Answer(
            comment=comment, created_at=now
        )
        answer.decision = decision
        answer.reasoning = reasoning
        answer.carried_in = section
        answer.organization_id = body
        answer.answered_by = by
        answer.updated_at = now
        if answer.pk is not None:
            answer.edited_at = now
        answer._history_user = by
        answer.save()
        answers.append(answer)
    Draft.objects.filter(pk__in={c.draft_id for c in comments}).update(changed_at=now)
    for comment in comments:
        transaction.on_commit(lambda pk=comment.pk: notify_answer.enqueue(pk))
    return answers


@transaction.atomic
def moderate_comment(comment: Comment, *, by, hide: bool, reason: str = "", note: str = ""):
    """Hide a comment with a reason (or restore it), log it publicly and tell the author.

    Nothing is deleted: the text stays in the database and in history; the page shows a
    placeholder with the reason.
    """
    if not by.has_perm("comments.moderate_comment"):
        raise PermissionDenied
    now = timezone.now()
    if hide:
        if reason not in Comment.HideReason.values:
            raise ValidationError({"reason": _("Choose a reason from the list.")})
        if reason == Comment.HideReason.OTHER and not note.strip():
            raise ValidationError({"note": _("Describe the reason.")})
        comment.status = Comment.Status.HIDDEN
        comment.hidden_reason, comment.hidden_note = reason, note.strip()
    else:
        comment.status = Comment.Status.PUBLISHED
        comment.hidden_reason, comment.hidden_note = "", ""
    comment._history_user = by
    comment.save()
    ModerationEvent.objects.create(
        comment=comment,
        action=ModerationEvent.Action.HIDE if hide else ModerationEvent.Action.RESTORE,
        reason=reason if hide else "",
        note=note.strip() if hide else "",
        moderator=by,
        created_at=now,
    )
    comment.reports.filter(handled_at__isnull=True).update(handled_at=now)
    Draft.objects.filter(pk=comment.draft_id).update(changed_at=now)
    transaction.on_commit(lambda: _tell_author(comment, hide))


def _tell_author(comment: Comment, hidden: bool):
    if hidden:
        subject = _("Your comment %(receipt)s was hidden") % {"receipt": comment.receipt}
        body = _("A moderator hid your comment. Reason: %(reason)s. %(note)s") % {
            "reason": comment.hidden_reason_label,
            "note": comment.hidden_note,
        }
    else:
        subject = _("Your comment %(receipt)s is visible again") % {"receipt": comment.receipt}
        body = _("A moderator restored your comment.")
    send_mail(subject, body, None, [comment.author.email])
