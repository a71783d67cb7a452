"""Who may see and change which draft. Every staff view starts with `get_draft_for_user`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Membership, Organization

from .models import Draft


def bodies_user_edits(user):
    """The state bodies in which `user` may publish and revise drafts."""
    return Organization.objects.filter(
        pk__in=Membership.objects.bodies_of(user, role=Membership.Role.EDITOR)
    )


def check_body_member(user) -> None:
    """Staff pages about no one draft are for members of a state body; anyone else gets 403."""
    if not Membership.objects.filter(user=user).exists():
        raise PermissionDenied


def get_draft_for_user(request, reference: str, *, write: bool = False, queryset=None) -> Draft:
    """The draft, if `request.user` may see it (else 404) and, with `write`, edit it (else 403).
    `queryset`: what else to read with it (a page's select_related and prefetches), so the
    draft is fetched once.

    A member of another body gets 404 for drafts still being prepared — their existence is not
    public — and 403 for public drafts they may read but not change. A superuser reads every
    draft and, like anyone, edits only through an editor's membership of its body.
    """
    user = request.user
    try:
        drafts = Draft.objects if queryset is None else queryset
        draft = drafts.select_related("organization").get(reference=reference)
    except Draft.DoesNotExist:
        raise Http404 from None
    roles = Membership.objects.roles_in(user, draft.organization_id)
    if draft.status == Draft.Status.PREPARING and not (roles or user.is_superuser):
        raise Http404
    if write and not Membership.can_publish(roles):
        raise PermissionDenied
    draft.viewer_roles = roles
    return draft
