import uuid
from pathlib import PurePath

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from comments.notifications import notify_plan_item_draft

from .models import LegislativePlan, PlanImport, PlanItem, quarter_bounds
from .spreadsheets import parse_plan


@transaction.atomic
def import_plan(*, plan: LegislativePlan, upload, by) -> PlanImport:
    """Import a spreadsheet into `plan`: all rows or, if any row is bad, none.

    The upload is kept either way, with its errors, so the clerk can download and correct it;
    a file that cannot be read or is over a limit raises ValidationError (see
    `plans.spreadsheets`) and nothing is kept.
    """
    titles = plan.items.values_list("title_ky", "title_ru")
    parsed = parse_plan(
        upload,
        quarters=plan.quarters,
        existing_titles=[title for pair in titles for title in pair],
    )
    upload.seek(0)
    original_name = (upload.name or "plan")[:255]
    # Stored under a name the server makes: the clerk's file name is kept only as data.
    upload.name = f"{uuid.uuid4().hex}{PurePath(original_name).suffix.lower()[:10]}"
    record = PlanImport.objects.create(
        plan=plan,
        file=upload,
        original_name=original_name,
        errors=parsed.errors,
        uploaded_by=by,
    )
    if parsed.errors:
        return record
    items = []
    for row in parsed.rows:
        due_from, due_until = quarter_bounds(plan.year, row["quarter"])
        items.append(
            PlanItem(
                plan=plan,
                responsible_id=plan.organization_id,
                title_ky=row["title_ky"],
                title_ru=row["title_ru"],
                act_type=row["act_type"],
                subject_area_id=row["subject_area_id"],
                quarter=row["quarter"],
                planned_adoption=row["planned_adoption"],
                rationale=row["rationale"],
                due_from=due_from,
                due_until=due_until,
            )
        )
    created = bulk_create_with_history(items, PlanItem, batch_size=2000, default_user=by)
    through = PlanItem.co_executors.through
    through.objects.bulk_create(
        [
            through(planitem_id=item.pk, organization_id=body)
            for item, row in zip(created, parsed.rows, strict=True)
            for body in row["co_executor_ids"]
        ],
        batch_size=5000,
    )
    record.imported_rows = len(created)
    record.save(update_fields=["imported_rows"])
    return record


@transaction.atomic
def link_item_to_draft(item: PlanItem, draft, *, by=None):
    """The body names the draft that fulfils a plan item. If the draft is already public, the
    item's followers hear of it now; otherwise they hear when it is published."""
    item.link(draft, by=by)
    if draft.is_public:
        transaction.on_commit(lambda: notify_plan_item_draft.enqueue(item.pk))
