from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drafts.models import Draft, Section
from sep import audit

from .models import Answer, Comment
from .notifications import notify_answer, notify_moderation, notify_receipt
from .permissions import bodies_user_answers_for


def post_comment(**fields) -> tuple[Comment, bool]:
    """Accept a comment or an alternative version (`Comment.post`) and, once it is stored,
    e-mail its author the receipt number."""
    comment, created = Comment.post(**fields)
    if created:
        transaction.on_commit(lambda: notify_receipt.enqueue(comment.pk))
    return comment, created


def _earlier_comment(comment: Comment, receipt: str, named: dict) -> Comment:
    """The comment `receipt` names, if it is an earlier one on the same draft. `named` keeps
    the lookups of one batch: a receipt is looked up once per draft, not once per comment."""
    if comment.draft_id not in named:
        named[comment.draft_id] = Comment.objects.filter(
            receipt__iexact=receipt.strip(), draft=comment.draft_id
        ).first()
    earlier = named[comment.draft_id]
    if (
        earlier is None
        or earlier.pk == comment.pk
        or (earlier.created_at, earlier.pk) > (comment.created_at, comment.pk)
    ):
        raise ValidationError(
            {"duplicate_of": _("Give the receipt number of an earlier comment on the same draft.")}
        )
    return earlier


@transaction.atomic
def answer_comments(
    comments: list[Comment],
    *,
    by,
    decision: str,
    reasoning: str = "",
    carried_in=None,
    duplicate_of: str = "",
) -> list[Answer]:
    """Give one answer to several comments (identical proposals), or edit their answers.

    Only a responder of the developer body may answer; answering stays possible after the
    discussion closes. An edit keeps the old wording in the answer's history. A "duplicate"
    names the earlier comment of the same draft by its receipt number.
    """
    now = timezone.now()
    reasoning = reasoning.strip()
    if decision != Answer.Decision.ACCEPTED and not reasoning:
        raise ValidationError(
            _("Give the reasons: they are required unless the proposal is accepted.")
        )
    if decision == Answer.Decision.DUPLICATE and not duplicate_of.strip():
        raise ValidationError(
            {"duplicate_of": _("Give the receipt number of the comment this one repeats.")}
        )
    answers = []
    responding_for = set(bodies_user_answers_for(by).values_list("pk", flat=True))
    named = {}
    for comment in comments:
        body = comment.draft.organization_id
        if body not in responding_for:
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
        answer.duplicate_of = (
            _earlier_comment(comment, duplicate_of, named)
            if decision == Answer.Decision.DUPLICATE
            else None
        )
        answer.organization_id = body
        answer.answered_by = by
        answer.updated_at = now
        if answer.pk is not None:
            answer.edited_at = now
        answer._history_user = by
        answer.save()
        answers.append(answer)
    Draft.objects.filter(pk__in={c.draft_id for c in comments}).touch(now=now)
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
    event = comment.hide(reason=reason, note=note, by=by) if hide else comment.restore(by=by)
    audit.moderated(comment, by=by, hide=hide, reason=reason)
    transaction.on_commit(lambda: notify_moderation.enqueue(event.pk))
    return event
