"""A small portal for the access and input checks: two state bodies, each with a world of its
own (tests/worlds.py, `body_world`: drafts in every state, comments, one of them hidden,
reports, plans), and every kind of user the portal knows."""

import pytest

from accounts.models import ApiKey, Membership
from comments.models import Subscription
from comments.notifications import unsubscribe_token
from tests.factories import MembershipFactory, participant
from tests.worlds import SHY_NAME, body_world

ROLES = (
    "anonymous",
    "citizen",
    "other_citizen",
    "editor",
    "responder",
    "outsider_editor",
    "outsider_responder",
    "moderator",
    "analyst",
)


@pytest.fixture(autouse=True)
def _no_comment_rate_limit(settings):
    # The flood limits have their own tests (tests/comments); here one user posts many inputs.
    settings.SEP_COMMENT_RATE_USER = "100000/m"
    settings.SEP_COMMENT_RATE_IP = "100000/m"
    settings.SEP_API_RATE_ANON = "100000/minute"


@pytest.fixture
def world(
    body,
    other_body,
    editor,
    responder,
    outsider_editor,
    analyst,
    moderator,
    django_capture_on_commit_callbacks,
):
    """Both bodies' worlds ("ours" is `body`'s, with the secret texts) and every role's user."""
    outsider_responder = MembershipFactory(
        organization=other_body, role=Membership.Role.RESPONDER
    ).user
    citizen = participant("citizen@example.kg")
    other_citizen = participant("other-citizen@example.kg", region="osh")
    author = participant("author@example.kg", first_name="Consentedperson", show_name=True)
    shy = participant("shy@example.kg", first_name=SHY_NAME, show_name=False)
    with django_capture_on_commit_callbacks(execute=True):
        ours = body_world(body, editor, responder, moderator, author, shy, secret=True)
        theirs = body_world(
            other_body, outsider_editor, outsider_responder, moderator, author, shy, secret=False
        )
    subscription = Subscription.follow(citizen, draft=ours["discussion"])
    api_key, _key = ApiKey.issue(user=citizen, name="Research")
    return {
        "ours": ours,
        "theirs": theirs,
        "users": {
            "anonymous": None,
            "citizen": citizen,
            "other_citizen": other_citizen,
            "editor": editor,
            "responder": responder,
            "outsider_editor": outsider_editor,
            "outsider_responder": outsider_responder,
            "moderator": moderator,
            "analyst": analyst,
        },
        "author": author,
        "shy": shy,
        "unsubscribe_token": unsubscribe_token(subscription),
        "api_key": api_key,
    }
