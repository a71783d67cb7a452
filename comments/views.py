from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from accounts.models import Membership, Organization, RespondentProfile
from drafts.models import Draft, Section, SubjectArea
from drafts.permissions import get_draft_for_user
from plans.models import PlanItem
from sep.querystrings import query_string_without, safe_next
from sep.ratelimits import comment_rate

from .forms import (
    AlternativeForm,
    AnswerForm,
    CampaignAnswerForm,
    CampaignMergeForm,
    CampaignSplitForm,
    CommentForm,
    DisputeForm,
    ModerationForm,
    ReportForm,
    VoteForm,
)
from .models import CampaignAnswer, Comment, CommentReport, ModerationEvent, Subscription, Vote
from .notifications import read_unsubscribe_token
from .permissions import bodies_user_answers_for, get_comment_for_responder
from .services import (
    answer_campaign,
    answer_comments,
    may_curate_campaigns,
    merge_campaigns,
    moderate_comment,
    post_comment,
    split_from_campaign,
)

# --- Citizens ---------------------------------------------------------------------------------


def _rate_limited(request) -> bool:
    # Both limits count every attempt, so one person cannot flood from many accounts on one
    # address, nor from many addresses with one account.
    by_user = is_ratelimited(
        request, group="comment", key="user", rate=settings.SEP_COMMENT_RATE_USER, increment=True
    )
    by_address = is_ratelimited(
        request, group="comment-ip", key="ip", rate=settings.SEP_COMMENT_RATE_IP, increment=True
    )
    return by_user or by_address


def _too_fast(response):
    """Mark a form refused by the rate limit as 429 with Retry-After (the longest window), so
    scripts and proxies back off; people read the message on the form, their text kept."""
    response.status_code = 429
    response["Retry-After"] = str(
        max(
            comment_rate(rate)[1]
            for rate in (settings.SEP_COMMENT_RATE_USER, settings.SEP_COMMENT_RATE_IP)
        )
    )
    return response


def _participation_refused(request, *, profile=True):
    """Where to send a user who may not take part yet (unconfirmed e-mail; no profile, unless
    the form asks for it itself)."""
    if not EmailAddress.objects.filter(user=request.user, verified=True).exists():
        messages.error(request, _("Confirm your e-mail address before commenting."))
        return redirect("account_email")
    if profile and not RespondentProfile.objects.filter(user=request.user).exists():
        messages.info(request, _("Before your first comment, tell us who you are."))
        return redirect(f"{reverse('accounts:profile')}?next={request.get_full_path()}")
    return None


# What a reader typed before signing in, per draft, kept in the session through sign-up, the
# e-mail confirmation (which signs them in) and back to the form.
PENDING_COMMENTS = "pending_comments"
PENDING_FIELDS = ("section", "position", "text", "key")


def _keep_for_later(request, reference, data):
    pending = request.session.get(PENDING_COMMENTS, {})
    pending[reference] = {name: str(data[name] or "") for name in PENDING_FIELDS}
    request.session[PENDING_COMMENTS] = pending


def _published(request, draft, comment, created):
    # No refresh_from_db: the receipt is set on `comment` once it is committed
    # (Comment._issue_receipt), and a repeated key returns the stored comment as it is.
    if created:
        messages.success(
            request,
            _("Your comment is published. Receipt number: %(receipt)s.")
            % {"receipt": comment.receipt},
        )
    return redirect(f"{draft.get_absolute_url()}#comment-{comment.pk}")


def _discussion_over(request, draft):
    """The page a comment or alternative form gives once the discussion is over: when it
    closed, the outcome and the report, instead of a form that would refuse what is typed. A
    text sent all the same (a form left open past the last day) is shown back to copy."""
    if draft.is_open_for_comments() or draft.discussion_phase == "upcoming":
        return None
    return render(
        request,
        "comments/discussion_over.html",
        {
            "draft": draft,
            "report": draft.reports.published().order_by("-number").first(),
            "sent": request.POST.get("text", "") if request.method == "POST" else "",
        },
    )


def comment_form(request, reference):
    """Write a comment on the whole draft or one article; refusals keep what was typed.

    A reader who is not signed in may write first: the text waits in the session while they
    sign up (or in) and comes back filled in. The respondent profile is asked on the same form
    with the first comment, not on a page of its own."""
    draft = get_draft_for_user(request, reference)
    if not draft.is_public:
        raise Http404
    if over := _discussion_over(request, draft):
        return over
    version = draft.current_version
    sections = list(version.sections.all())
    signed_in = request.user.is_authenticated
    if signed_in and (refused := _participation_refused(request, profile=False)):
        return refused
    kept = request.session.get(PENDING_COMMENTS, {}).get(reference)
    initial = kept or {"section": request.GET.get("section") or None}
    profile = RespondentProfile.objects.filter(user=request.user).first() if signed_in else None
    if profile is not None:
        # Read once here: Comment.post signs the comment from it without asking again.
        request.user.profile = profile
    form = CommentForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        sections=sections,
        ask_profile=signed_in and profile is None,
    )
    too_fast = False
    if request.method == "POST" and form.is_valid() and not signed_in:
        _keep_for_later(request, reference, form.cleaned_data)
        messages.info(
            request,
            _(
                "Your comment is kept. Create an account (or sign in) to publish it: you will "
                "come back to it here. An attached file must be attached again."
            ),
        )
        return redirect(f"{reverse('account_signup')}?next={request.path}")
    if request.method == "POST" and form.is_valid():
        if too_fast := _rate_limited(request):
            form.add_error(
                None,
                _(
                    "You are sending comments too fast. Wait a minute and send again: "
                    "your text is kept."
                ),
            )
        else:
            data = form.cleaned_data
            section = next((s for s in sections if s.pk == data["section"]), None)
            try:
                with transaction.atomic():
                    form.save_profile(request.user)
                    comment, created = post_comment(
                        draft=draft,
                        author=request.user,
                        text=data["text"],
                        position=data["position"],
                        section=section,
                        version=version,
                        key=data["key"],
                        attachment=data.get("attachment"),
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                pending = request.session.get(PENDING_COMMENTS, {})
                if reference in pending:  # else the session is not written again
                    del pending[reference]
                    request.session.modified = True
                return _published(request, draft, comment, created)
    response = render(
        request,
        "comments/comment_form.html",
        {"draft": draft, "version": version, "form": form, "signed_in": signed_in},
    )
    return _too_fast(response) if too_fast else response


def campaign(request, reference, pk):
    """The comments of one campaign as it stands now (a report counted it as built), paginated.
    A campaign merged into another since is found there."""
    draft = get_draft_for_user(request, reference)
    lead = get_object_or_404(Comment.objects.comments(), draft=draft, pk=pk)
    if lead.campaign_lead_id is not None:
        return redirect("comments:campaign", draft.reference, lead.campaign_lead_id)
    members = Comment.objects.filter(draft=draft).in_campaign(pk).for_display()
    page = Paginator(members.order_by("created_at", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "comments/campaign.html",
        {
            "draft": draft,
            "campaign": pk,
            "page": page,
            "current_sections": {},
            "open_for_comments": draft.is_open_for_comments(),
            "may_curate": may_curate_campaigns(request.user),
            "may_answer": Membership.can_answer(draft.viewer_roles),
            "answered": CampaignAnswer.of_campaign(draft.pk, pk),
            "answer_form": CampaignAnswerForm(),
            "split_form": CampaignSplitForm(),
            "merge_form": CampaignMergeForm(),
        },
    )


def _campaign_decided(request, draft, decide, form, lead):
    """Take a person's decision on a campaign (the service checks who may), then back to it."""
    if form.is_valid():
        try:
            decide(form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The decision is recorded; the next report uses it."))
    else:
        messages.error(request, _("Give the reason: it is kept with the decision."))
    return redirect("comments:campaign", draft.reference, lead)


@login_required
@require_POST
def campaign_split(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("draft"), pk=pk)
    draft = get_draft_for_user(request, comment.draft.reference)
    if not may_curate_campaigns(request.user):
        raise PermissionDenied
    lead = comment.campaign_lead_id or comment.pk
    return _campaign_decided(
        request,
        draft,
        lambda data: split_from_campaign(comment, by=request.user, reason=data["reason"]),
        CampaignSplitForm(request.POST),
        lead,
    )


@login_required
@require_POST
def campaign_merge(request, reference, pk):
    draft = get_draft_for_user(request, reference)
    if not may_curate_campaigns(request.user):
        raise PermissionDenied
    comment = get_object_or_404(Comment.objects.comments(), draft=draft, pk=pk)

    def merge(data):
        other = Comment.objects.filter(draft=draft, receipt__iexact=data["other"].strip()).first()
        if other is None:
            raise ValidationError(_("No comment of this draft has that receipt number."))
        merge_campaigns(comment, other, by=request.user, reason=data["reason"])

    return _campaign_decided(
        request, draft, merge, CampaignMergeForm(request.POST), comment.campaign_lead_id or pk
    )


@login_required
def alternative_form(request, reference):
    """Submit an alternative version of the draft: text and/or file, with an explanation."""
    draft = get_draft_for_user(request, reference)
    if not draft.is_public:
        raise Http404
    if over := _discussion_over(request, draft):
        return over
    refused = _participation_refused(request)
    if refused:
        return refused
    form = AlternativeForm(request.POST or None, request.FILES or None)
    too_fast = False
    if request.method == "POST" and form.is_valid():
        if too_fast := _rate_limited(request):
            form.add_error(None, _("You are sending too fast. Wait a minute: your text is kept."))
        else:
            data = form.cleaned_data
            try:
                comment, created = post_comment(
                    draft=draft,
                    author=request.user,
                    text=data["text"],
                    position=Comment.Position.PROPOSAL,
                    key=data["key"],
                    kind=Comment.Kind.ALTERNATIVE,
                    explanation=data["explanation"],
                    attachment=data.get("attachment"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _published(request, draft, comment, created)
    response = render(request, "comments/alternative_form.html", {"draft": draft, "form": form})
    return _too_fast(response) if too_fast else response


def comment_file(request, pk):
    """A file attached to a comment or an alternative: always downloaded, never inline."""
    comment = get_object_or_404(Comment.objects.select_related("draft"), pk=pk)
    get_draft_for_user(request, comment.draft.reference)
    if not comment.public_attachment:
        raise Http404
    return FileResponse(
        comment.public_attachment.open("rb"), as_attachment=True, filename=comment.attachment_name
    )


@login_required
@require_POST
def vote(request, reference):
    draft = get_draft_for_user(request, reference)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose support or oppose."))
        return redirect(f"{draft.get_absolute_url()}?vote=missing#opinion")
    try:
        Vote.cast(draft=draft, user=request.user, value=form.cleaned_data["value"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Your vote is recorded. You can change it while the discussion is open.")
        )
    return redirect(f"{draft.get_absolute_url()}#opinion")


def article_comments(request, reference):
    """Every comment on one article (or on the whole draft), across versions, paginated."""
    draft = get_draft_for_user(request, reference)
    provision = request.GET.get("article", "")
    if not provision.isdigit():  # an article is named by its number; anything else: the draft
        provision = ""
    comments = Comment.objects.filter(draft=draft).comments().for_display()
    if provision:
        comments = comments.filter(provision_id=provision)
    else:
        comments = comments.filter(provision__isnull=True)
    page = Paginator(comments.order_by("created_at", "pk"), 50).get_page(request.GET.get("page"))
    current = {s.provision_id: s for s in draft.current_version.sections.all()} if provision else {}
    section = current.get(int(provision)) if provision else None
    return render(
        request,
        "comments/article_comments.html",
        {
            "draft": draft,
            "page": page,
            "section": section,
            "current_sections": current,
            "query_string": f"article={provision}" if provision else "",
            "open_for_comments": draft.is_open_for_comments(),
        },
    )


def alternatives(request, reference):
    """Every alternative version of a draft, paginated (the draft page shows the first 20)."""
    draft = get_draft_for_user(request, reference)
    rows = Comment.objects.filter(draft=draft).alternatives().for_display()
    page = Paginator(rows.order_by("created_at", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "comments/alternatives.html",
        {"draft": draft, "page": page, "open_for_comments": draft.is_open_for_comments()},
    )


@login_required
def my_comments(request):
    comments = (
        Comment.objects.filter(author=request.user)
        .for_display()
        .select_related("draft")
        .order_by("-created_at")
    )
    page = Paginator(comments, 30).get_page(request.GET.get("page"))
    return render(request, "comments/mine.html", {"page": page})


# --- The developer body ------------------------------------------------------------------------


@login_required
def queue(request):
    """Unanswered comments on the responder's bodies' drafts, oldest first, answerable in bulk."""
    bodies = bodies_user_answers_for(request.user)
    if not bodies.exists():
        raise Http404
    comments = (
        Comment.objects.unanswered()
        .filter(draft__organization__in=bodies)
        .select_related("draft", "section")
        .order_by("created_at", "pk")
    )
    if request.GET.get("draft"):
        comments = comments.filter(draft__reference=request.GET["draft"])
    if request.GET.get("article", "").isdigit():
        comments = comments.filter(provision_id=request.GET["article"])
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        selected = list(
            comments.filter(
                pk__in=[int(x) for x in request.POST.getlist("comments") if x.isdigit()]
            )
        )
        if not selected:
            messages.error(request, _("Select the comments this answer is for."))
        else:
            try:
                answer_comments(selected, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("%(count)s comments answered.") % {"count": len(selected)}
                )
                return redirect(request.get_full_path())
    page = Paginator(comments, 50).get_page(request.GET.get("page"))
    drafts = Draft.objects.public().filter(organization__in=bodies)
    chosen = drafts.filter(reference=request.GET.get("draft", "")).first()
    articles = chosen.current_version.sections.filter(kind=Section.Kind.ARTICLE) if chosen else []
    return render(
        request,
        "comments/queue.html",
        {
            "page": page,
            "form": form,
            # The ticks survive a refused submit, like the typed reasoning.
            "checked": set(request.POST.getlist("comments")),
            "drafts": drafts.only("reference"),
            "articles": articles,
            "query_string": query_string_without(request, "page"),
        },
    )


@login_required
def answer(request, pk):
    """Answer (or edit the answer to) one comment."""
    comment = get_comment_for_responder(request, pk)
    existing = getattr(comment, "answer", None)
    later = (
        Section.objects.filter(
            version__draft=comment.draft,
            version__number__gt=comment.version.number,
            provision_id=comment.provision_id,
        ).select_related("version")
        if comment.provision_id
        else Section.objects.none()
    )
    initial = (
        {
            "decision": existing.decision,
            "reasoning": existing.reasoning,
            "carried_in": existing.carried_in_id,
            "duplicate_of": existing.duplicate_of.receipt if existing.duplicate_of else "",
        }
        if existing
        else None
    )
    form = AnswerForm(request.POST or None, initial=initial, later_sections=later)
    if request.method == "POST" and form.is_valid():
        try:
            answer_comments([comment], by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The answer is published."))
            return redirect("comments:queue")
    return render(
        request,
        "comments/answer_form.html",
        {"comment": comment, "form": form, "existing": existing},
    )


@login_required
@require_POST
def campaign_answer(request, pk):
    """Answer a whole campaign once (the responders of the draft's body only)."""
    lead = get_comment_for_responder(request, pk)
    form = CampaignAnswerForm(request.POST)
    if form.is_valid():
        try:
            given = answer_campaign(lead, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The answer is given to %(n)s comments of the campaign.") % {"n": given.answered},
            )
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("comments:campaign", lead.draft.reference, lead.campaign_lead_id or lead.pk)


@login_required
@require_POST
def agree(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("draft"), pk=pk)
    get_draft_for_user(request, comment.draft.reference)
    try:
        comment.agree(request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You agreed with this comment."))
    return redirect(f"{comment.draft.get_absolute_url()}#comment-{comment.pk}")


@login_required
def report(request, pk):
    """Report a comment to the moderators — or dispute one filed in your name."""
    comment = get_object_or_404(Comment.objects.select_related("draft"), pk=pk)
    get_draft_for_user(request, comment.draft.reference)
    disputing = comment.is_hidden and comment.author_id == request.user.pk
    if comment.is_hidden and not disputing:
        # A moderator already decided; a report would wait in the queue for nothing.
        messages.info(
            request,
            _("This comment is already hidden by a moderator; the moderation log says why."),
        )
        return redirect(f"{comment.draft.get_absolute_url()}#comment-{comment.pk}")
    existing = CommentReport.objects.filter(comment=comment, reporter=request.user).first()
    # Its author may dispute the hiding: the note goes to the moderation queue, beside the
    # comment, where a moderator restores it or answers by leaving it hidden.
    form = (DisputeForm if disputing else ReportForm)(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record.comment, record.reporter = comment, request.user
        record.save()
        messages.success(
            request,
            _("A moderator will review the decision.")
            if disputing
            else _("Thank you. A moderator will review this comment."),
        )
        return redirect(f"{comment.draft.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "comments/report_form.html",
        {"comment": comment, "draft": comment.draft, "form": form, "disputing": disputing},
    )


@permission_required("comments.moderate_comment", raise_exception=True)
def moderation_queue(request):
    """Comments with open reports, each with the reports' reasons and notes. Disputes (a
    comment filed in the reporter's name) come first: someone's identity is at stake."""
    open_reports = CommentReport.objects.filter(handled_at__isnull=True)
    reported = (
        Comment.objects.filter(Exists(open_reports.filter(comment=OuterRef("pk"))))
        .for_display()
        .select_related("draft")
        .annotate(
            disputed=Exists(
                open_reports.filter(
                    comment=OuterRef("pk"), reason=Comment.HideReason.IDENTITY_MISUSE
                )
            )
        )
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=open_reports.select_related("reporter").order_by("created_at", "pk"),
                to_attr="open_reports",
            )
        )
        .order_by("-disputed", "created_at", "pk")
    )
    page = Paginator(reported, 30).get_page(request.GET.get("page"))
    for comment in page:
        comment.suggested_reason = CommentReport.likely_reason(comment.open_reports)
    return render(request, "comments/moderation_queue.html", {"page": page})


@permission_required("comments.moderate_comment", raise_exception=True)
@require_POST
def moderate(request, pk):
    comment = get_object_or_404(Comment, pk=pk)
    hide = request.POST.get("action") != "restore"
    form = ModerationForm(request.POST if hide else None)
    if hide and not form.is_valid():
        messages.error(request, _("Choose a reason from the list."))
    else:
        data = form.cleaned_data if hide else {}
        try:
            moderate_comment(comment, by=request.user, hide=hide, **data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The comment is hidden.") if hide else _("The comment is restored.")
            )
    return redirect(
        safe_next(request, request.POST.get("next", ""), reverse("comments:moderation"))
    )


def moderation_log(request):
    """Every hide and restore, public: moderation is accountable too."""
    events = ModerationEvent.objects.select_related("comment__draft").order_by("-created_at", "-pk")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "comments/moderation_log.html", {"page": page})


# --- Following ---------------------------------------------------------------------------------


@login_required
@require_POST
def follow(request):
    """Follow a draft, a body, a subject area, a planned act or the current search (from
    their pages)."""
    target = {}
    if request.POST.get("draft"):
        target["draft"] = get_draft_for_user(request, request.POST["draft"])
    elif request.POST.get("body"):
        target["organization"] = get_object_or_404(Organization, short_name=request.POST["body"])
    elif request.POST.get("subject"):
        target["subject_area"] = get_object_or_404(SubjectArea, slug=request.POST["subject"])
    elif request.POST.get("plan_item", "").isdigit():
        # Only items of approved (public) plans can be followed.
        target["plan_item"] = get_object_or_404(
            PlanItem.objects.public(), pk=request.POST["plan_item"]
        )
    elif request.POST.get("search", "").strip():
        target["search"] = request.POST["search"].strip()[:1000]
    else:
        raise Http404
    Subscription.follow(request.user, language=get_language() or "ky", **target)
    messages.success(request, _("Followed. You will get an e-mail when something new appears."))
    return redirect(
        safe_next(request, request.POST.get("next", ""), reverse("comments:subscriptions"))
    )


@login_required
def subscriptions(request):
    rows = (
        Subscription.objects.active()
        .filter(user=request.user)
        .select_related("draft", "organization", "subject_area", "plan_item")
        .order_by("-created_at")
    )
    if request.method == "POST":
        row = get_object_or_404(rows, pk=request.POST.get("subscription"))
        row.unsubscribe()
        messages.success(request, _("You no longer follow this."))
        return redirect("comments:subscriptions")
    return render(request, "comments/subscriptions.html", {"subscriptions": rows})


def unsubscribe(request, token):
    """The link in every e-mail: works without signing in; POST (one click) stops the mails."""
    subscription = read_unsubscribe_token(token)
    if subscription is None:
        raise Http404
    if request.method == "POST":
        subscription.unsubscribe()
        return render(request, "comments/unsubscribed.html", {"subscription": subscription})
    return render(request, "comments/unsubscribe.html", {"subscription": subscription})
