from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comments.forms import VoteForm
from comments.models import Answer, Comment, Vote
from plans.models import PlanItem, draft_is_planned
from reports.services import close_discussion
from sep.querystrings import query_string_without

from . import search, services, texts
from .caching import (
    anonymous_page_cache,
    comment_fragments,
    portal_stamp,
    signed_in_page_cache,
)
from .diff import compare_versions
from .filters import DraftFilter
from .forms import (
    AttachmentForm,
    DraftForm,
    ExtendForm,
    OutcomeForm,
    PublishForm,
    VersionForm,
)
from .models import Attachment, Draft, Section, Version
from .permissions import bodies_user_edits, check_body_member, get_draft_for_user

# --- Public pages -----------------------------------------------------------------------------


@anonymous_page_cache(portal_stamp)
def draft_list(request):
    drafts = Draft.objects.visible_to(request.user).for_listing()
    query = request.GET.get("q", "").strip()
    if not query:
        drafts = drafts.order_by("-published_at", "-pk")
    draft_filter = DraftFilter(request.GET or None, queryset=drafts)
    paginator = (search.CappedPaginator if query else Paginator)(
        draft_filter.qs, settings.SEP_DRAFTS_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    suggestion = search.suggestion(query, found=paginator.count) if query else None
    suggestion_query = request.GET.copy()
    suggestion_query.pop("page", None)
    suggestion_query["q"] = suggestion or ""
    return render(
        request,
        "drafts/list.html",
        {
            "filter": draft_filter,
            "page": page,
            "query_string": query_string_without(request, "page"),
            "searching": bool(query),
            "suggestion": suggestion,
            "suggestion_query": suggestion_query.urlencode(),
        },
    )


def _draft_page_context(draft: Draft, version: Version | None, request) -> dict:
    versions = list(draft.versions.all())
    current = max(versions, key=lambda v: v.number, default=None)
    version = version or current
    sections = list(version.sections.all()) if version else []
    layout = request.GET.get("layout")
    by_article, comment_counts, general_comments, alternatives = Comment.objects.for_draft_page(
        draft
    )
    current_by_provision = {s.provision_id: s for s in sections}
    for section in sections:
        section.first_comments = []
        section.comment_count = comment_counts.get(section.provision_id, 0)
    removed_comments = []
    for comment in by_article:
        comment.carried = comment.carried_state(current_by_provision)
        target = current_by_provision.get(comment.provision_id)
        if target is not None:
            target.first_comments.append(comment)
        else:
            removed_comments.append(comment)
    comment_fragments([*by_article, *general_comments, *alternatives], draft)
    my_vote = (
        draft.votes.filter(user=request.user).first() if request.user.is_authenticated else None
    )
    return {
        "draft": draft,
        "version": version,
        "current_version": current,
        "versions": versions,
        "sections": sections,
        "attachments": [a for a in version.attachments.all() if a.is_visible] if version else [],
        "parallel": layout == "parallel" and version is not None and version.is_bilingual,
        "timeline": draft.timeline(),
        "extensions": list(draft.extensions.all()),
        "phase": draft.discussion_phase,
        "general_comments": general_comments,
        "alternatives": alternatives,
        "general_comment_count": comment_counts.get(None, 0),
        "removed_comments": removed_comments,
        "comment_total": sum(comment_counts.values()),
        # Read with the draft (`_public_draft_queryset`).
        "votes": {"support": draft.support_count, "oppose": draft.oppose_count},
        "open_for_comments": draft.is_open_for_comments(),
        "my_vote": my_vote,
        # Asked once for the page's comments (comments/_comment.html), not once per comment.
        "moderator": request.user.has_perm("comments.moderate_comment"),
        "vote_form": VoteForm(initial={"value": my_vote.value} if my_vote else None),
        # The vote form came back empty (comments.views.vote): say so beside it.
        "vote_missing": request.GET.get("vote") == "missing",
    }


def _public_draft_queryset():
    # A copy, as Django's generic views copy their `queryset`: putting the annotations'
    # subqueries together cost a cold draft page more than a millisecond each time.
    return _built_public_draft_queryset().all()


@cache
def _built_public_draft_queryset():
    return (
        # Not the search columns: the whole text of the act, read only by search.
        Draft.objects.defer(*Draft.search_columns())
        .select_related("organization", "plan_item__plan")
        # `is_planned`: the one rule shared with the list's "planned" filter.
        .annotate(is_planned=draft_is_planned())
        .with_vote_totals()
        .with_latest_report()
        .prefetch_related(
            "subject_areas",
            Prefetch("versions", queryset=Version.objects.prefetch_related("attachments")),
            "extensions",
        )
    )


def _draft_stamp(request, reference):
    stamp = Draft.objects.public_change_stamp(reference)
    if stamp is None:
        raise Http404
    return f"{reference}:{stamp.isoformat()}"


def _my_vote(request, reference):
    return Vote.value_of(request.user, reference)


@anonymous_page_cache(_draft_stamp)
@signed_in_page_cache(_draft_stamp, _my_vote)
def draft_detail(request, reference):
    draft = get_draft_for_user(request, reference, queryset=_public_draft_queryset())
    response = render(request, "drafts/detail.html", _draft_page_context(draft, None, request))
    # What the page caches keep it for (drafts.caching): it shows this draft's clock alone.
    response.next_clock_event = draft.next_clock_event(timezone.now())
    return response


def version_detail(request, reference, number):
    draft = get_draft_for_user(request, reference, queryset=_public_draft_queryset())
    version = next((v for v in draft.versions.all() if v.number == number), None)
    if version is None or (not version.is_published and not draft.viewer_roles):
        raise Http404
    return render(request, "drafts/detail.html", _draft_page_context(draft, version, request))


DOWNLOADS = {
    "docx": (
        texts.version_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": (texts.version_pdf, "application/pdf"),
}


def version_text(request, reference, number, language, fmt):
    """A version's text as a DOCX or PDF file, in Kyrgyz or Russian."""
    readable = get_draft_for_user(request, reference)
    version = get_object_or_404(Version, draft=readable, number=number)
    if fmt not in DOWNLOADS or language not in texts.LANGUAGES:
        raise Http404
    if not version.is_published and not readable.viewer_roles:
        raise Http404
    if not getattr(version, f"text_{language}"):
        raise Http404  # that language's text does not exist (yet): the page says so
    build, content_type = DOWNLOADS[fmt]
    response = HttpResponse(build(readable, version, language), content_type=content_type)
    filename = f"{readable.reference}-v{version.number}-{language}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def version_diff(request, reference):
    draft = get_draft_for_user(request, reference)
    versions = list(draft.versions.order_by("number"))
    if len(versions) < 2:
        return redirect(draft)
    by_number = {v.number: v for v in versions}
    try:
        old = by_number[int(request.GET.get("from", versions[-2].number))]
        new = by_number[int(request.GET.get("to", versions[-1].number))]
    except (KeyError, ValueError):
        raise Http404 from None
    section_query = Section.objects.order_by("position")
    rows = compare_versions(
        list(section_query.filter(version=old)), list(section_query.filter(version=new))
    )
    # Which accepted proposals this version carries, article by article.
    carried = {}
    for answer in Answer.objects.filter(carried_in__version=new).select_related("comment"):
        carried.setdefault(answer.carried_in_id, []).append(answer.comment)
    for row in rows:
        row.carried_comments = carried.get(row.new.pk, []) if row.new else []
    return render(
        request,
        "drafts/diff.html",
        {"draft": draft, "old": old, "new": new, "versions": versions, "rows": rows},
    )


def attachment_download(request, reference, pk):
    draft = get_draft_for_user(request, reference)
    attachment = get_object_or_404(
        Attachment.objects.visible().select_related("version"), pk=pk, version__draft=draft
    )
    # Always a download, never rendered inline: an uploaded file is not trusted HTML.
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )


# --- Staff pages ------------------------------------------------------------------------------


@login_required
def staff_list(request):
    check_body_member(request.user)
    drafts = (
        Draft.objects.of_bodies_of(request.user)
        .select_related("organization")
        .order_by("-changed_at")
    )
    page = Paginator(drafts, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "drafts/staff/list.html",
        {"page": page, "can_create": bodies_user_edits(request.user).exists()},
    )


@login_required
def staff_create(request):
    bodies = bodies_user_edits(request.user)
    if not bodies.exists():
        raise Http404
    form = DraftForm(request.POST or None, bodies=bodies)
    # "List matching plan items first" posts the form back only to re-order the plan items.
    if request.method == "POST" and form.is_valid() and "suggest" not in request.POST:
        data = dict(form.cleaned_data)
        subject_areas = data.pop("subject_areas")
        plan_item = data.pop("plan_item")
        try:
            with transaction.atomic():
                draft = Draft.create(by=request.user, subject_areas=subject_areas, **data)
                if plan_item is not None:
                    plan_item.link(draft, by=request.user)
        except ValidationError as error:  # e.g. the item was linked meanwhile: nothing saved
            form.add_error("plan_item", error)
        else:
            messages.success(
                request, _("Draft %(ref)s created. Now add its text.") % {"ref": draft.reference}
            )
            return redirect("drafts:staff-version-new", draft.reference)
    return render(request, "drafts/staff/draft_form.html", {"form": form, "draft": None})


def _render_staff_detail(request, draft, *, outcome_form=None, close_errors=()):
    """The draft's staff page; the close button and the outcome form post back here on error."""
    versions = draft.versions.prefetch_related("attachments").order_by("-number")
    return render(
        request,
        "drafts/staff/detail.html",
        {
            "draft": draft,
            "versions": versions,
            "can_publish": draft.can_move_to(Draft.Status.DISCUSSION),
            "can_close": draft.can_move_to(Draft.Status.CLOSED),
            "close_errors": close_errors,
            "can_extend": draft.status == Draft.Status.DISCUSSION,
            "can_add_version": draft.status in (Draft.Status.PREPARING, Draft.Status.DISCUSSION),
            "outcome_form": outcome_form or OutcomeForm(draft=draft),
            "plan_item": PlanItem.objects.filter(draft=draft).first(),
            "plan_suggestions": PlanItem.objects.public().similar_to(draft),
            "open_plan_items": PlanItem.objects.public()
            .open()
            .filter(plan__organization=draft.organization_id)
            .select_related("plan")
            .order_by("plan__year", "quarter", "pk"),
        },
    )


@login_required
def staff_detail(request, reference):
    draft = get_draft_for_user(request, reference, write=True)
    return _render_staff_detail(request, draft)


@login_required
def staff_edit(request, reference):
    draft = get_draft_for_user(request, reference, write=True)
    form = DraftForm(request.POST or None, instance=draft, bodies=bodies_user_edits(request.user))
    if request.method == "POST" and form.is_valid():
        draft.edit(by=request.user, **form.cleaned_data)
        messages.success(request, _("The draft was saved."))
        return redirect("drafts:staff-detail", draft.reference)
    return render(request, "drafts/staff/draft_form.html", {"form": form, "draft": draft})


@login_required
def staff_version_new(request, reference):
    draft = get_draft_for_user(request, reference, write=True)
    first = not draft.versions.exists()
    form = VersionForm(request.POST or None, request.FILES or None, first_version=first)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.add_version(
                draft,
                text_ru=data["text_ru"],
                text_ky=data["text_ky"],
                change_note=data["change_note"],
                source_file=data.get("docx"),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(number)s saved with %(count)s sections.")
                % {"number": version.number, "count": version.sections.count()},
            )
            return redirect("drafts:staff-detail", draft.reference)
    return render(request, "drafts/staff/version_form.html", {"form": form, "draft": draft})


@login_required
def staff_attachment_new(request, reference):
    draft = get_draft_for_user(request, reference, write=True)
    version = draft.current_version
    if version is None:
        messages.error(request, _("Add the text of the draft before attaching documents."))
        return redirect("drafts:staff-detail", draft.reference)
    form = AttachmentForm(request.POST or None, request.FILES or None, version=version)
    if request.method == "POST" and form.is_valid():
        version.attach(by=request.user, **form.cleaned_data)
        messages.success(request, _("The document was attached."))
        return redirect("drafts:staff-detail", draft.reference)
    return render(
        request,
        "drafts/staff/attachment_form.html",
        {"form": form, "draft": draft, "version": version},
    )


def _staff_action(request, reference, form_class, action, template, success_message):
    """Shared shape of the lifecycle pages: a form whose valid data is one model call."""
    draft = get_draft_for_user(request, reference, write=True)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(draft, form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, success_message)
            return redirect("drafts:staff-detail", draft.reference)
    return render(request, template, {"form": form, "draft": draft})


@login_required
def staff_publish(request, reference):
    return _staff_action(
        request,
        reference,
        PublishForm,
        lambda draft, data: services.publish_draft(
            draft,
            start=data["starts"],
            end=data["ends"],
            justification=data["justification"],
            by=request.user,
        ),
        "drafts/staff/publish_form.html",
        _("The draft is published for public discussion."),
    )


@login_required
def staff_extend(request, reference):
    return _staff_action(
        request,
        reference,
        ExtendForm,
        lambda draft, data: draft.extend(
            until=data["until"], reason=data["reason"], by=request.user
        ),
        "drafts/staff/extend_form.html",
        _("The discussion was extended."),
    )


@login_required
@require_POST
def staff_close(request, reference):
    draft = get_draft_for_user(request, reference, write=True)
    try:
        close_discussion(draft, by=request.user)
    except ValidationError as error:
        return _render_staff_detail(request, draft, close_errors=error.messages)
    messages.success(request, _("The discussion is closed. Comments are no longer accepted."))
    return redirect("drafts:staff-detail", draft.reference)


@login_required
@require_POST
def staff_outcome(request, reference):
    draft = get_draft_for_user(request, reference, write=True)
    form = OutcomeForm(request.POST, draft=draft)
    if form.is_valid():
        try:
            draft.record_outcome(
                form.cleaned_data["status"], note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect("drafts:staff-detail", draft.reference)
    return _render_staff_detail(request, draft, outcome_form=form)
