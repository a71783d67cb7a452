"""Who may see and change which plan. Every staff view starts with `get_plan_for_user`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Membership

from .models import LegislativePlan


def get_plan_for_user(request, pk: int, *, write: bool = False) -> LegislativePlan:
    """The plan if the user may see it (404 otherwise) and, with `write`, edit it (403)."""
    try:
        plan = LegislativePlan.objects.select_related("organization").get(pk=pk)
    except LegislativePlan.DoesNotExist:
        raise Http404 from None
    roles = set()
    if request.user.is_authenticated:
        roles = set(
            Membership.objects.filter(
                user=request.user, organization=plan.organization_id
            ).values_list("role", flat=True)
        )
    if not plan.is_public and not roles:
        raise Http404
    if write and Membership.Role.EDITOR not in roles:
        raise PermissionDenied
    return plan
