"""Staff, moderators and MoJ analysts need a second factor; citizens may add one."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from sep import settings as project_settings
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _require_second_factor(settings):
    settings.SEP_REQUIRE_STAFF_2FA = True


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_production_requires_it_by_default():
    assert project_settings.SEP_REQUIRE_STAFF_2FA is True


@pytest.mark.parametrize("who", ["editor", "responder", "analyst", "moderator"])
def test_staff_pages_wait_for_an_authenticator(client_for, request, who):
    user = request.getfixturevalue(who)
    page = {
        "editor": reverse("drafts:staff-list"),
        "responder": reverse("comments:queue"),
        "analyst": reverse("reports:dashboard"),
        "moderator": reverse("comments:moderation"),
    }[who]
    response = client_for(user).get(page)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    TOTP.activate(user, generate_totp_secret())
    assert client_for(user).get(page).status_code == 200


def test_citizens_are_not_asked(client_for, citizen, draft):
    from tests.factories import publish

    publish(draft)
    assert client_for(citizen).get(draft.get_absolute_url()).status_code == 200
    assert client_for(citizen).get(reverse("comments:mine")).status_code == 200


def test_an_editor_sets_it_up_and_then_signs_in_with_a_code(client, editor):
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    client.post(reverse("account_login"), {"login": editor.email, "password": PASSWORD})
    # Setting up a second factor asks for the password once more.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor, type="totp").exists()
    client.logout()

    # Password alone is not enough any more: the code is asked for.
    response = client.post(reverse("account_login"), {"login": editor.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_authenticate"))
    assert client.get(reverse("drafts:staff-list")).status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("drafts:staff-list")).status_code == 200
