"""Anonymous callers are rate-limited; a free API key, requested by a signed-in user, raises
the limit; a revoked key is refused."""

import re

import pytest

from accounts.models import ApiKey


@pytest.fixture
def low_rates(settings):
    settings.SEP_API_RATE_ANON = "3/minute"
    settings.SEP_API_RATE_KEY = "6/minute"


def key_header(key):
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


def test_anonymous_caller_beyond_the_limit_gets_429_with_retry_after(client, db, low_rates):
    statuses = [client.get("/api/v1/drafts/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/drafts/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, db, low_rates):
    statuses = [
        client.get("/api/v1/drafts/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_a_key_raises_the_limit(client, citizen, low_rates):
    _api_key, key = ApiKey.issue(user=citizen, name="Research")
    statuses = [client.get("/api/v1/drafts/", **key_header(key)).status_code for _ in range(7)]
    assert statuses == [200] * 6 + [429]
    # Anonymous callers have their own, lower count.
    assert client.get("/api/v1/drafts/").status_code == 200


def test_revoked_or_unknown_key_is_refused(client, citizen, low_rates):
    api_key, key = ApiKey.issue(user=citizen, name="Research")
    assert client.get("/api/v1/drafts/", **key_header(key)).status_code == 200
    api_key.revoke()
    response = client.get("/api/v1/drafts/", **key_header(key))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert client.get("/api/v1/drafts/", **key_header("sep_guess")).status_code == 401


def test_signed_in_user_requests_a_key_shown_once_and_revokes_it(client_for, citizen, low_rates):
    web = client_for(citizen)
    page = web.get("/en/accounts/api-keys/")
    assert page.status_code == 200
    response = web.post("/en/accounts/api-keys/", {"name": "Open data research"}, follow=True)
    key = re.search(r"sep_[A-Za-z0-9_-]{20,}", response.content.decode()).group(0)
    stored = ApiKey.objects.get(user=citizen)
    assert stored.hashed_key != key and key not in stored.hashed_key
    assert key not in web.get("/en/accounts/api-keys/").content.decode()  # shown once
    assert web.get("/api/v1/drafts/", **key_header(key)).status_code == 200
    web.post(f"/en/accounts/api-keys/{stored.pk}/revoke/")
    assert web.get("/api/v1/drafts/", **key_header(key)).status_code == 401


def test_keys_page_needs_sign_in_and_others_keys_cannot_be_revoked(client, client_for, citizen):
    assert client.get("/en/accounts/api-keys/").status_code == 302
    from tests.factories import UserFactory

    other_key, _key = ApiKey.issue(user=UserFactory(), name="Theirs")
    response = client_for(citizen).post(f"/en/accounts/api-keys/{other_key.pk}/revoke/")
    assert response.status_code == 404
    other_key.refresh_from_db()
    assert other_key.is_active


def test_profile_page_links_to_the_keys(client_for, citizen):
    assert (
        "/en/accounts/api-keys/"
        in client_for(citizen).get("/en/accounts/profile/").content.decode()
    )
