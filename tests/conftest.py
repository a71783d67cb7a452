import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from accounts.models import Membership

from .factories import MembershipFactory, OrganizationFactory, UserFactory, make_draft


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english_by_default():
    # reverse() then gives /en/ addresses and messages read as in the code; tests of the
    # Kyrgyz and Russian pages ask for /ky/ and /ru/ explicitly.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # The real worker is tested in tests/comments/test_worker.py; elsewhere tasks run inline.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # Production redirects to HTTPS; the test client speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _staff_without_second_factor(settings):
    # Production requires staff to use two-factor authentication (tested in
    # tests/test_two_factor.py); elsewhere staff fixtures sign in without an authenticator.
    settings.SEP_REQUIRE_STAFF_2FA = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production hashes slowly on purpose; the suite creates hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static(settings):
    # Tests render templates without running collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Every test starts with no rate-limit counters (`default`) and no cached pages (`pages`).

    The suite keeps `default` in memory rather than in the database table production uses
    without REDIS_URL: query budgets count a page's own queries, and tests without the database
    still pass the API's throttles. tests/test_scale_out.py runs the database cache for real,
    across two gunicorn instances.
    """
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests-default",
        },
    }
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def body(db):
    return OrganizationFactory(short_name="TST")


@pytest.fixture
def other_body(db):
    return OrganizationFactory(short_name="OTH")


@pytest.fixture
def editor(body):
    return MembershipFactory(organization=body, role=Membership.Role.EDITOR).user


@pytest.fixture
def responder(body):
    return MembershipFactory(organization=body, role=Membership.Role.RESPONDER).user


@pytest.fixture
def outsider_editor(other_body):
    return MembershipFactory(organization=other_body, role=Membership.Role.EDITOR).user


@pytest.fixture
def citizen(db):
    return UserFactory(email="citizen@example.kg")


@pytest.fixture
def analyst(db):
    user = UserFactory(email="analyst@minjust.kg")
    user.user_permissions.add(Permission.objects.get(codename="moj_analyst"))
    return user


@pytest.fixture
def draft(body, editor):
    return make_draft(body, by=editor)


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as `user` (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def moderator(db):
    user = UserFactory(email="moderator@minjust.kg")
    user.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    return user
