"""Security settings a user never sees but always relies on."""

import logging
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

from sep import settings as project_settings
from tests.factories import PASSWORD

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_new_passwords_are_hashed_with_argon2():
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        assert make_password("a long passphrase").startswith("argon2$")


def test_content_security_policy_allows_no_inline_script(client, db):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if "script-src" in part)
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "unsafe-inline" not in policy


def test_every_inline_script_in_the_templates_carries_the_nonce():
    scripts = [
        (path.name, line)
        for path in TEMPLATES.rglob("*.html")
        for line in path.read_text().splitlines()
        if "<script" in line and "src=" not in line and "csp_nonce" not in line
    ]
    assert scripts == []


def test_failed_sign_in_is_audited_without_the_password(client, citizen, caplog):
    with caplog.at_level(logging.WARNING, logger="sep.audit"):
        client.post(
            reverse("account_login"), {"login": citizen.email, "password": "wrong-" + PASSWORD}
        )
    records = [r.getMessage() for r in caplog.records if r.name == "sep.audit"]
    assert any("event=login_failed" in r and citizen.email in r for r in records)
    assert not any("wrong-" in r for r in records)


def test_permission_denials_are_audited_with_the_actor(client_for, outsider_editor, draft, caplog):
    from tests.factories import publish

    publish(draft)
    with caplog.at_level(logging.WARNING, logger="sep.audit"):
        response = client_for(outsider_editor).get(
            reverse("drafts:staff-edit", args=[draft.reference])
        )
    assert response.status_code == 403
    assert any(
        "event=permission_denied" in r.getMessage()
        and f"user:{outsider_editor.pk}" in r.getMessage()
        for r in caplog.records
    )


def test_moderation_is_audited(moderator, caplog, django_capture_on_commit_callbacks):
    from comments.models import Comment
    from comments.services import moderate_comment
    from tests.factories import MembershipFactory, make_draft, participant, publish

    body = MembershipFactory().organization
    draft = publish(make_draft(body))
    comment = Comment.post(
        draft=draft, author=participant("m@example.kg"), text="Реклама", position="other"
    )[0]
    with caplog.at_level(logging.INFO, logger="sep.audit"):
        moderate_comment(comment, by=moderator, hide=True, reason="spam")
    assert any(
        f"event=comment_hidden comment={comment.pk} actor=user:{moderator.pk} reason=spam"
        in r.getMessage()
        for r in caplog.records
    )
