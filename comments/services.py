from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from drafts.models import Draft, Section
from sep import audit

from .models import Answer, CampaignAnswer, CampaignDecision, CampaignKey, Comment
from .notifications import notify_answer, notify_moderation, notify_receipt
from .permissions import bodies_user_answers_for


def post_comment(**fields) -> tuple[Comment, bool]:
    """Accept a comment or an alternative version (`Comment.post`) and, once it is stored,
    e-mail its author the receipt number; a comment joining an answered campaign gets that
    answer (`cover_by_campaign_answer`)."""
    comment, created = Comment.post(**fields)
    if created:
        transaction.on_commit(lambda: notify_receipt.enqueue(comment.pk))
        cover_by_campaign_answer(comment)
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


# --- Campaigns: people's decisions on the automatic grouping ---------------------------------


def may_curate_campaigns(user) -> bool:
    """MoJ analysts and moderators split and merge campaigns: both answer for how faithfully
    the report counts public opinion, and neither belongs to the body whose draft it is."""
    return user.is_authenticated and (
        user.has_perm("accounts.moj_analyst") or user.has_perm("comments.moderate_comment")
    )


def _curating(by, reason: str, comments) -> str:
    if not may_curate_campaigns(by):
        raise PermissionDenied
    if any(c.kind != Comment.Kind.COMMENT for c in comments):
        raise ValidationError(_("Alternative versions are never in a campaign."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: it is kept with the decision.")})
    # The next comment posted on the draft must see the new grouping (CampaignKey.join).
    CampaignKey.objects.lock({c.draft_id for c in comments})
    for comment in comments:
        comment.refresh_from_db(fields=["campaign_lead"])
    return reason


def _relink(changed: list[Comment], *, by, reason: str, draft_id: int, now):
    """Save the members' new campaign with a history row each (who, why)."""
    bulk_update_with_history(
        changed, Comment, ["campaign_lead"], default_user=by, default_change_reason=reason[:100]
    )
    Draft.objects.filter(pk=draft_id).touch(now=now)


@transaction.atomic
def split_from_campaign(comment: Comment, *, by, reason: str, now=None) -> CampaignDecision:
    """Take one comment out of its campaign: it stands alone in the next report, and neither a
    later comment nor `regroup_campaigns` puts it back (only a person's merge)."""
    now = now or timezone.now()
    reason = _curating(by, reason, [comment])
    lead = comment.campaign_lead_id or comment.pk
    rest = list(
        Comment.objects.filter(draft=comment.draft_id)
        .in_campaign(lead)
        .exclude(pk=comment.pk)
        .order_by("pk")
    )
    if not rest:
        raise ValidationError(_("This comment is not in a campaign."))
    changed = []
    if comment.campaign_lead_id is not None:
        comment.campaign_lead = None
        changed.append(comment)
    else:
        # The campaign was named by this comment: the next one names it now.
        first, *later = rest
        first.campaign_lead = None
        for member in later:
            member.campaign_lead = first
        changed += rest
    decision = CampaignDecision.objects.create(
        draft_id=comment.draft_id,
        action=CampaignDecision.Action.SPLIT,
        comment=comment,
        reason=reason,
        decided_by=by,
        created_at=now,
    )
    _relink(changed, by=by, reason=reason, draft_id=comment.draft_id, now=now)
    return decision


@transaction.atomic
def merge_campaigns(comment: Comment, other: Comment, *, by, reason: str, now=None):
    """Join the campaigns of two comments of one draft into the earlier one."""
    now = now or timezone.now()
    if comment.draft_id != other.draft_id:
        raise ValidationError(_("Both comments must be on the same draft."))
    reason = _curating(by, reason, [comment, other])
    first, second = sorted(
        [comment.campaign_lead_id or comment.pk, other.campaign_lead_id or other.pk]
    )
    if first == second:
        raise ValidationError(_("These comments are already in one campaign."))
    changed = list(Comment.objects.filter(draft=comment.draft_id).in_campaign(second))
    for member in changed:
        member.campaign_lead_id = first
    decision = CampaignDecision.objects.create(
        draft_id=comment.draft_id,
        action=CampaignDecision.Action.MERGE,
        comment=comment,
        other=other,
        reason=reason,
        decided_by=by,
        created_at=now,
    )
    _relink(changed, by=by, reason=reason, draft_id=comment.draft_id, now=now)
    return decision


# --- Campaigns: one answer to all ------------------------------------------------------------


@transaction.atomic
def answer_campaign(
    campaign: Comment, *, by, decision: str, reasoning: str = "", now=None
) -> CampaignAnswer:
    """Answer a whole campaign once: every published member not answered yet gets the answer
    as its own (each author is notified and reads it under their comment; the report counts
    each answered), and so does every comment that joins the campaign later. A member that
    already has an answer of its own keeps it."""
    now = now or timezone.now()
    draft = campaign.draft
    if draft.organization_id not in set(bodies_user_answers_for(by).values_list("pk", flat=True)):
        raise PermissionDenied
    reasoning = reasoning.strip()
    if decision not in Answer.Decision.values or decision == Answer.Decision.DUPLICATE:
        # "Duplicate" names one earlier comment: it is given comment by comment.
        raise ValidationError(_("Choose a decision from the list."))
    if decision != Answer.Decision.ACCEPTED and not reasoning:
        raise ValidationError(
            _("Give the reasons: they are required unless the proposal is accepted.")
        )
    # Serialised with posting (CampaignKey.join): a comment joining meanwhile is either among
    # the members answered here or finds the answer when it is covered.
    CampaignKey.objects.lock([draft.pk])
    campaign.refresh_from_db(fields=["campaign_lead"])
    lead = campaign.campaign_lead_id or campaign.pk
    if CampaignAnswer.of_campaign(draft.pk, lead):
        raise ValidationError(_("This campaign is already answered."))
    members = list(
        Comment.objects.filter(draft=draft)
        .in_campaign(lead)
        .published()
        .filter(answer__isnull=True)
        .order_by("pk")
    )
    if Comment.objects.filter(draft=draft).in_campaign(lead).count() < 2:
        raise ValidationError(_("This comment is not in a campaign."))
    given = CampaignAnswer.objects.create(
        draft=draft,
        campaign_id=lead,
        decision=decision,
        reasoning=reasoning,
        organization_id=draft.organization_id,
        answered_by=by,
        created_at=now,
    )
    answers = bulk_create_with_history(
        [_campaign_answer_for(member, given, now=now) for member in members],
        Answer,
        default_user=by,
        default_date=now,
    )
    Draft.objects.filter(pk=draft.pk).touch(now=now)
    for member in members:
        transaction.on_commit(lambda pk=member.pk: notify_answer.enqueue(pk))
    given.answered = len(answers)
    return given


def _campaign_answer_for(comment, given: CampaignAnswer, *, now) -> Answer:
    return Answer(
        comment=comment,
        decision=given.decision,
        reasoning=given.reasoning,
        organization_id=given.organization_id,
        answered_by_id=given.answered_by_id,
        campaign_answer=given,
        created_at=now,
        updated_at=now,
    )


def cover_by_campaign_answer(comment: Comment, *, now=None) -> Answer | None:
    """A comment that joined an answered campaign gets the campaign's answer at once, as the
    members answered before it did: it says what they said, the body's answer to it is the
    same, and its author is told so instead of waiting for an answer nobody will write. (A
    responder can still change it, like any answer; its history shows it was the campaign's.)"""
    if comment.campaign_lead_id is None or comment.status != Comment.Status.PUBLISHED:
        return None
    given = CampaignAnswer.of_campaign(comment.draft_id, comment.campaign_lead_id)
    if given is None:
        return None
    now = now or timezone.now()
    answer = _campaign_answer_for(comment, given, now=now)
    answer._history_user = given.answered_by
    answer._change_reason = "campaign answer"
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        return None  # answered meanwhile (answer_campaign took it among the members)
    transaction.on_commit(lambda: notify_answer.enqueue(comment.pk))
    return answer
