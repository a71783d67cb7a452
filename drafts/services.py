"""Draft workflows that reach beyond the draft itself: followers are told by e-mail."""

from django.db import transaction

from comments.notifications import notify_new_draft, notify_new_version

from .models import Draft


@transaction.atomic
def publish_draft(draft: Draft, *, start, end, justification="", by=None):
    """Open the public discussion and tell the followers of the body, subject or search."""
    draft.publish(start=start, end=end, justification=justification, by=by)
    transaction.on_commit(lambda: notify_new_draft.enqueue(draft.pk))


@transaction.atomic
def add_version(draft: Draft, *, by=None, **text):
    """Add a version; once the draft is public its followers hear of it."""
    version = draft.add_version(by=by, **text)
    if version.published_at is not None:
        transaction.on_commit(lambda: notify_new_version.enqueue(version.pk))
    return version
