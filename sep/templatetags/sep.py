from django import template
from django.urls import translate_url

from accounts.models import Membership

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_menu(context):
    """Which staff pages the signed-in user's menu links to: only those that would open for
    them (a link that answers 404 or 403 is worse than none). One query for the roles, whatever
    the number of memberships; the permission checks share the user's permission cache.

    The gates are the views' own: any member sees their bodies' drafts, editors the plans,
    responders the answer queue (drafts/permissions.py, plans/views.py, comments/permissions.py).
    """
    request = context.get("request")
    user = request.user if request else context.get("user")
    if user is None or not user.is_authenticated:
        return {}
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True).distinct())
    return {
        "drafts": bool(roles),
        "plans": Membership.can_publish(roles),
        "answers": Membership.can_answer(roles),
        "moderation": user.has_perm("comments.moderate_comment"),
        "dashboard": user.has_perm("accounts.moj_analyst"),
    }


@register.simple_tag(takes_context=True)
def page_in_language(context, code):
    """This page's address in another interface language."""
    request = context["request"]
    return translate_url(request.get_full_path(), code)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """A pagination link that keeps the current filters."""
    query = context.get("query_string", "")
    return f"?{query}&page={number}" if query else f"?page={number}"
