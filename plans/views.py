from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organization
from drafts.permissions import bodies_user_edits, get_draft_for_user
from sep.exports import csv_response, xlsx_response
from sep.querystrings import query_string_without

from .filters import PlanItemFilter
from .forms import (
    ApproveForm,
    DropForm,
    ImportForm,
    PlanApprovalRecordForm,
    PlanForm,
    PlanItemForm,
    PlanPeriodForm,
)
from .models import LegislativePlan, PlanItem
from .permissions import get_plan_for_user
from .services import import_plan, link_item_to_draft
from .spreadsheets import export_rows, template_csv, template_workbook

# --- Exports ----------------------------------------------------------------------------------


def _export(items, fmt: str, filename: str):
    """The items as a streamed CSV or an XLSX workbook, formula-safe (sep.exports)."""
    items = items.iterator(chunk_size=2000) if hasattr(items, "iterator") else items
    if fmt == "csv":
        return csv_response(export_rows(items), filename)
    return xlsx_response([("plan", export_rows(items))], filename)


# --- Public pages -----------------------------------------------------------------------------


def item_list(request):
    """All approved plans of all bodies, filterable; exportable as CSV or XLSX."""
    items = (
        PlanItem.objects.public()
        .with_status()
        .for_listing()
        .order_by("plan__year", "quarter", "plan__organization__short_name", "pk")
    )
    item_filter = PlanItemFilter(request.GET or None, queryset=items)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(item_filter.qs, fmt, "legislative-plans")
    page = Paginator(item_filter.qs, 50).get_page(request.GET.get("page"))
    query_string = query_string_without(request, "page")
    return render(
        request,
        "plans/item_list.html",
        {"filter": item_filter, "page": page, "query_string": query_string},
    )


def body_year(request, short_name, year):
    body = get_object_or_404(Organization, short_name=short_name)
    plans = list(LegislativePlan.objects.public().filter(organization=body, year=year))
    items = (
        PlanItem.objects.filter(plan__in=plans)
        .with_status()
        .for_listing()
        .order_by("quarter", "pk")
    )
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(items, fmt, f"plan-{body.short_name}-{year}")
    years = (
        LegislativePlan.objects.public()
        .filter(organization=body)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return render(
        request,
        "plans/body_year.html",
        {"body": body, "year": year, "plans": plans, "items": items, "years": years},
    )


def item_detail(request, pk):
    item = get_object_or_404(PlanItem.objects.with_status().for_listing(), pk=pk)
    get_plan_for_user(request, item.plan_id)
    draft = item.draft
    if draft is not None and not draft.is_public:
        draft = None  # the plan is public, the draft not yet
    return render(
        request,
        "plans/item_detail.html",
        {"item": item, "draft": draft, "quarter_changes": item.quarter_changes()},
    )


# --- Staff pages ------------------------------------------------------------------------------


@login_required
def staff_plans(request):
    bodies = bodies_user_edits(request.user)
    if not bodies.exists():
        raise Http404
    form = PlanForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        messages.success(request, _("The plan was created. Add its items or import them."))
        return redirect("plans:staff-plan", plan.pk)
    plans = LegislativePlan.objects.filter(organization__in=bodies).select_related("organization")
    return render(request, "plans/staff/plans.html", {"plans": plans, "form": form})


@login_required
def staff_plan(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    items = plan.items.with_status().for_listing().order_by("quarter", "pk")
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(items, fmt, f"plan-{plan.organization.short_name}-{plan.year}")
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/staff/plan.html",
        {
            "plan": plan,
            "items": page,
            "page": page,
            "item_form": PlanItemForm(plan=plan),
            "approve_form": ApproveForm(),
            "import_form": ImportForm(),
            "imports": plan.imports.all()[:5],
        },
    )


@login_required
def staff_plan_edit(request, pk):
    """A draft plan's period; an approved plan's approving document only (history keeps both)."""
    plan = get_plan_for_user(request, pk, write=True)
    form_class = PlanApprovalRecordForm if plan.is_public else PlanPeriodForm
    form = form_class(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.instance.save_changes(by=request.user)
        messages.success(request, _("The plan was saved."))
        return redirect("plans:staff-plan", plan.pk)
    history = plan.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request, "plans/staff/plan_form.html", {"plan": plan, "form": form, "history": history}
    )


@login_required
def staff_item_form(request, pk, item_pk=None):
    plan = get_plan_for_user(request, pk, write=True)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan) if item_pk else None
    if item is not None and item.dropped_at:
        # A dropped item is closed with a public reason; editing it would rewrite the record.
        messages.error(request, _("A dropped item cannot be edited."))
        return redirect("plans:staff-plan", plan.pk)
    form = PlanItemForm(request.POST or None, instance=item, plan=plan)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved._history_user = request.user
        saved.save()
        form.save_m2m()
        messages.success(request, _("The plan item was saved."))
        return redirect("plans:staff-plan", plan.pk)
    return render(request, "plans/staff/item_form.html", {"plan": plan, "item": item, "form": form})


@login_required
@require_POST
def staff_approve(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            plan.approve(
                reference=form.cleaned_data["reference"],
                on=form.cleaned_data["on"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The plan is approved and now public."))
    else:
        messages.error(request, _("Give the approving document and its date."))
    return redirect("plans:staff-plan", plan.pk)


@login_required
def staff_drop(request, pk, item_pk):
    plan = get_plan_for_user(request, pk, write=True)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan)
    form = DropForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item.drop(reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The item is marked as dropped."))
            return redirect("plans:staff-plan", plan.pk)
    return render(request, "plans/staff/drop_form.html", {"plan": plan, "item": item, "form": form})


@login_required
@require_POST
def staff_link(request, pk=None, item_pk=None):
    """Link a plan item to the draft that fulfils it (from the draft's staff page)."""
    if item_pk is None:  # chosen from a list rather than a suggestion
        try:
            item_pk = int(request.POST.get("item", ""))
        except ValueError:
            raise Http404 from None
        pk = get_object_or_404(PlanItem, pk=item_pk).plan_id
    plan = get_plan_for_user(request, pk, write=True)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan)
    draft = get_draft_for_user(request, request.POST.get("draft", ""), write=True)
    try:
        link_item_to_draft(item, draft, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The draft is linked to the plan item."))
    return redirect("drafts:staff-detail", draft.reference)


@login_required
def staff_import(request, pk):
    plan = get_plan_for_user(request, pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    record = None
    if request.method == "POST" and form.is_valid():
        try:
            record = import_plan(plan=plan, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:  # unreadable or over a limit: nothing was kept
            form.add_error("file", error)
        else:
            if record.succeeded:
                messages.success(
                    request, _("%(count)s items were imported.") % {"count": record.imported_rows}
                )
                return redirect("plans:staff-plan", plan.pk)
    return render(
        request, "plans/staff/import_result.html", {"plan": plan, "record": record, "form": form}
    )


@login_required
def staff_import_file(request, pk, import_pk):
    """The clerk's own upload, back for correction."""
    plan = get_plan_for_user(request, pk, write=True)
    record = get_object_or_404(plan.imports, pk=import_pk)
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=record.original_name)


def import_template(request, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    if fmt == "xlsx":
        response = HttpResponse(
            template_workbook(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-template.{fmt}"'
    return response
