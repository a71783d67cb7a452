from django import template

from drafts.caching import comment_fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def public_parts(context, comment):
    """The comment's public HTML before and after the reader's own part (drafts.caching).
    A page with many comments primes them all in one cache look-up; others come one by one."""
    if not hasattr(comment, "public_parts"):
        comment_fragments([comment], context.get("draft") or comment.draft)
    return comment.public_parts
