"""Sign-in: rate-limited per address without letting anyone lock someone else out; sessions
are new at every sign-in and end at sign-out and when an account is deactivated."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import translation

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


def account(email):
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def assert_refused(response, *, minutes, at_most_seconds):
    """The one answer of the sign-in limit: 429, Retry-After, the form and its message."""
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= at_most_seconds
    unit = "minute" if minutes == 1 else "minutes"
    assert f"Too many failed sign-in attempts. Try again in {minutes} {unit}." in response.text
    assert 'name="password"' in response.text  # the sign-in form, filled in again


ATTACKER = "203.0.113.9"


def test_an_address_guessing_one_accounts_password_is_stopped(owner):
    attacker = Client()
    for _ in range(5):
        assert sign_in(attacker, owner, "wrong", address=ATTACKER).status_code == 200
    # Even the right password: the address may not learn that it is right.
    assert_refused(
        sign_in(attacker, owner, PASSWORD, address=ATTACKER), minutes=5, at_most_seconds=300
    )
    assert "_auth_user_id" not in attacker.session


def test_every_refusal_is_the_same_429_however_many_posts(owner):
    attacker = Client()
    statuses = []
    for _ in range(40):  # past allauth's own 30 POSTs a minute, now off
        response = sign_in(attacker, owner, "wrong", address=ATTACKER)
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert_refused(response, minutes=5, at_most_seconds=300)
    assert statuses == [200] * 5 + [429] * 35


def test_guessing_one_account_does_not_lock_another_account_at_that_address(owner):
    for _ in range(20):
        sign_in(Client(), owner, "wrong", address=ATTACKER)
    colleague = Client()
    response = sign_in(colleague, account("colleague@example.kg"), address=ATTACKER)
    assert response.status_code == 302
    assert "_auth_user_id" in colleague.session


def test_the_attacker_cannot_lock_the_owner_out(owner):
    attacker = Client()
    for _ in range(12):
        sign_in(attacker, owner, "wrong", address=ATTACKER)
    owner_browser = Client()
    response = sign_in(owner_browser, owner, address="198.51.100.7")
    assert response.status_code == 302
    assert owner_browser.session["_auth_user_id"] == str(owner.pk)


def test_an_address_guessing_many_accounts_is_stopped_for_a_minute(db):
    for n in range(10):
        sign_in(Client(), account(f"user{n}@example.kg"), "wrong", address=ATTACKER)
    response = sign_in(Client(), account("next@example.kg"), address=ATTACKER)
    assert_refused(response, minutes=1, at_most_seconds=60)
    assert (
        sign_in(Client(), account("elsewhere@example.kg"), address="198.51.100.7").status_code
        == 302
    )


def test_a_right_password_does_not_count_as_a_failure(owner):
    browser = Client()
    for _ in range(4):
        sign_in(browser, owner, "wrong")
    for _ in range(3):
        assert sign_in(Client(), owner).status_code == 302
    assert sign_in(browser, owner, "wrong").status_code == 200  # the fifth failure


def test_the_wait_is_translated(owner):
    for _ in range(5):
        sign_in(Client(), owner, "wrong", address=ATTACKER)
    with translation.override("ru"):
        url = reverse("account_login")
    response = Client().post(
        url, {"login": owner.email, "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа. Попробуйте снова через 5 минут." in response.text


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
