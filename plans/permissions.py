"""Who may see and change which plan. Every staff view starts with `get_plan_for_user`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Membership

from .models import LegislativePlan


def get_plan_for_user(request, pk: int, *, write: bool = False) -> LegislativePlan:
    """The plan if the user may see it (404 otherwise) and, with `write`, edit it (403): the
    same rule as `drafts.permissions.get_draft_for_user`."""
    try:
        plan = LegislativePlan.objects.select_related("organization").get(pk=pk)
    except LegislativePlan.DoesNotExist:
        raise Http404 from None
    roles = Membership.objects.roles_in(request.user, plan.organization_id)
    if not plan.is_public and not (roles or request.user.is_superuser):
        raise Http404
    if write and not Membership.can_publish(roles):
        raise PermissionDenied
    return plan
