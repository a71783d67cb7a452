"""Sign-in: rate-limited per address without letting anyone lock someone else out; sessions
are new at every sign-in and end at sign-out and when an account is deactivated."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def owner(db):
    user = UserFactory(email="target@example.kg")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(client, user, password=PASSWORD, address="10.0.0.1"):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": password}, REMOTE_ADDR=address
    )


def test_an_address_guessing_passwords_is_stopped(owner):
    attacker = Client()
    for _ in range(10):
        assert sign_in(attacker, owner, "wrong", address="203.0.113.9").status_code == 200
    blocked = sign_in(attacker, owner, PASSWORD, address="203.0.113.9")
    assert blocked.status_code in (200, 429)
    assert "_auth_user_id" not in attacker.session


def test_the_attacker_cannot_lock_the_owner_out(owner):
    attacker = Client()
    for _ in range(12):
        sign_in(attacker, owner, "wrong", address="203.0.113.9")
    owner_browser = Client()
    response = sign_in(owner_browser, owner, address="198.51.100.7")
    assert response.status_code == 302
    assert owner_browser.session["_auth_user_id"] == str(owner.pk)


def test_staff_sign_in_works(client, db):
    user = UserFactory(email="clerk@example.kg")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = sign_in(client, user)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signing_in_starts_a_new_session(client, owner):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, owner)
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_signing_out_ends_the_session(client, owner):
    sign_in(client, owner)
    key = client.session.session_key
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("comments:mine")).status_code == 302  # to sign-in


def test_a_deactivated_account_is_signed_out_everywhere(client, owner):
    sign_in(client, owner)
    assert client.get(reverse("comments:mine")).status_code == 200
    owner.is_active = False
    owner.save()
    response = client.get(reverse("comments:mine"))
    assert response.status_code == 302 and reverse("account_login") in response.url
