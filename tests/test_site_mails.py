"""Every e-mail names the portal and links to its one configured address (SEP_SITE_URL), in the
reader's language — the sign-up mail as much as the worker's notifications, whichever address
served the page."""

import re

import pytest
from django.core import mail

from comments.models import Subscription
from comments.notifications import send_once
from tests.factories import participant
from tests.test_settings import PRODUCTION, manage

SITE = "https://sep.example.kg"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SEP_SITE_URL = SITE


@pytest.mark.parametrize(
    "language, hello, name",
    [
        ("ru", "Здравствуйте!", "Единый портал общественного обсуждения"),
        ("ky", "Саламатсызбы!", "коомдук талкуулоонун бирдиктүү"),
        ("en", "Hello!", "Single portal for public discussion"),
    ],
)
def test_the_sign_up_mail_is_the_portals_in_the_readers_language(
    client, db, settings, language, hello, name
):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "10.0.0.7"]
    response = client.post(
        f"/{language}/accounts/signup/",
        {
            "email": "new@example.kg",
            "password1": "a-Long-pass-2026!",
            "password2": "a-Long-pass-2026!",
        },
        HTTP_HOST="10.0.0.7:8000",  # an internal address behind the proxy
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject.startswith("[") and name in message.subject
    assert hello in message.body
    assert name in message.body
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(link.startswith(SITE) for link in links), links
    assert "10.0.0.7" not in message.body + message.subject
    assert f"{SITE}/{language}/accounts/confirm-email/" in message.body


def test_the_confirmation_link_in_the_mail_works(client, db):
    client.post(
        "/ru/accounts/signup/",
        {
            "email": "new@example.kg",
            "password1": "a-Long-pass-2026!",
            "password2": "a-Long-pass-2026!",
        },
    )
    link = re.search(rf"{SITE}(/\S+)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 200


def test_a_notification_is_signed_by_the_portal_with_its_address(db):
    user = participant("reader@example.kg")
    subscription = Subscription.follow(user, search="закупки")
    send_once(user, "test:1", "ru", lambda: ("Тема", "Текст."), subscription)
    (message,) = mail.outbox
    assert "Единый портал общественного обсуждения" in message.body
    assert f"{SITE}/" in message.body
    assert f"{SITE}/ru/unsubscribe/" in message.body


def test_the_site_address_defaults_to_the_first_allowed_host_in_production():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SEP_SITE_URL)",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "https://sep.minjust.gov.kg"


def test_a_malformed_site_address_fails_loudly():
    result = manage("check", **{**PRODUCTION, "SEP_SITE_URL": "sep.minjust.gov.kg"})
    assert result.returncode != 0
    assert "SEP_SITE_URL must be an address" in result.stderr
