from django import template

from comments.forms import VoteForm
from comments.models import Vote
from drafts.caching import comment_fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def public_parts(context, comment):
    """The comment's public HTML before and after the reader's own part (drafts.caching).
    A page with many comments primes them all in one cache look-up; others come one by one."""
    if not hasattr(comment, "public_parts"):
        comment_fragments([comment], context.get("draft") or comment.draft)
    return comment.public_parts


def _render(context, template_name, **values):
    with context.push(**values):
        return context.template.engine.get_template(template_name).render(context)


def _reader_page(context):
    """The page being rendered for every signed-in reader at once, if it is (drafts.caching)."""
    return getattr(context.get("request"), "reader_page", None)


@register.simple_tag(takes_context=True)
def reader_part(context, comment):
    """What only this reader sees on `comment`: their own hidden comment as they wrote it, or
    "I agree" on someone else's while the discussion is open."""
    open_for_comments = context.get("open_for_comments")
    page = _reader_page(context)
    if page is not None:
        return page.comment_part(
            comment,
            own_hidden=_render(context, "comments/_own_hidden.html", comment=comment)
            if comment.is_hidden
            else None,
            agree=_render(context, "comments/_agree.html", comment=comment)
            if open_for_comments and not comment.is_hidden
            else None,
        )
    user = context.get("user")
    reader_id = user.pk if user is not None else None
    if comment.is_hidden:
        if reader_id is not None and comment.author_id == reader_id:
            return _render(context, "comments/_own_hidden.html", comment=comment)
        return ""
    if open_for_comments and comment.author_id != reader_id:
        return _render(context, "comments/_agree.html", comment=comment)
    return ""


@register.simple_tag(takes_context=True)
def vote_part(context):
    """The signed-in reader's vote on the draft and the form to cast or change it."""
    page = _reader_page(context)
    if page is None:
        return _render(context, "comments/_vote.html")

    def variant(value):
        vote = Vote(value=value) if value else None
        form = VoteForm(initial={"value": value} if value else None)
        return _render(context, "comments/_vote.html", my_vote=vote, vote_form=form)

    return page.vote_part(variant, ("", *Vote.Value.values))
