"""Who may answer which comment. Every responder view starts with `get_comment_for_responder`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Membership, Organization

from .models import Comment


def bodies_user_answers_for(user):
    """The state bodies for which `user` answers comments."""
    return Organization.objects.filter(
        pk__in=Membership.objects.bodies_of(user, role=Membership.Role.RESPONDER)
    )


def get_comment_for_responder(request, pk: int) -> Comment:
    """The comment, if `request.user` answers for the body whose draft it is on; otherwise 404
    when the draft is still being prepared (its existence is not public), else 403."""
    comment = get_object_or_404(Comment.objects.select_related("draft", "section"), pk=pk)
    roles = Membership.objects.roles_in(request.user, comment.draft.organization_id)
    if not Membership.can_answer(roles):
        if not comment.draft.is_public:
            raise Http404
        raise PermissionDenied
    return comment
