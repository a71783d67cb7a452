"""The audit trail: failed sign-ins, refused actions and moderation, with actor and reason.

Written to the `sep.audit` logger (one line of key=value pairs each), which production ships
to its log store; the public moderation log is separate (comments.ModerationEvent).
"""

import logging

from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

log = logging.getLogger("sep.audit")


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def actor(request) -> str:
    user = getattr(request, "user", None)
    return f"user:{user.pk}" if user is not None and user.is_authenticated else "anonymous"


@receiver(user_login_failed, dispatch_uid="sep.audit.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    # The address tried, never the password (Django already masks it in `credentials`).
    tried = credentials.get("email") or credentials.get("username") or ""
    log.warning("event=login_failed email=%r address=%s", tried, client_address(request))


def moderated(comment, *, by, hide: bool, reason: str):
    log.info(
        "event=%s comment=%s actor=user:%s reason=%s",
        "comment_hidden" if hide else "comment_restored",
        comment.pk,
        by.pk,
        reason or "-",
    )


class PermissionDeniedAuditMiddleware:
    """Logs every 403 raised by a view: who tried what."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            log.warning(
                "event=permission_denied actor=%s method=%s path=%s address=%s",
                actor(request),
                request.method,
                request.path,
                client_address(request),
            )
        return None
