"""The database cache's rate-limit counters (sep.cache): what django_ratelimit relies on — an
`add` that only a missing or expired entry lets through, an `incr` that counts and keeps the
expiry — in a statement or two instead of Django's five and a transaction."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sep import cache as sep_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def db_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "counters": {"BACKEND": "sep.cache.DatabaseCache", "LOCATION": "sep_cache"},
    }
    counters = caches["counters"]
    counters.clear()
    return counters


def test_add_stores_only_a_missing_or_expired_entry(db_cache, monkeypatch):
    assert db_cache.add("k", 1, 60) is True
    assert db_cache.add("k", 5, 60) is False  # a live entry is kept
    assert db_cache.get("k") == 1
    later = timezone.now() + timezone.timedelta(seconds=120)
    monkeypatch.setattr(sep_cache.timezone, "now", lambda: later)
    assert db_cache.add("k", 7, 60) is True  # an expired one is replaced


def test_incr_counts_and_keeps_the_expiry(db_cache):
    db_cache.add("n", 1, 60)
    expires = _expiry("n")
    assert db_cache.incr("n") == 2
    assert db_cache.incr("n", 3) == 5
    assert db_cache.get("n") == 5
    assert _expiry("n") == expires
    with pytest.raises(ValueError):
        db_cache.incr("missing")


def test_a_rate_limit_check_is_a_few_statements(db_cache, monkeypatch):
    monkeypatch.setattr(sep_cache, "CULL_EVERY", 10**9)  # no culling in this count
    db_cache.add("r", 1, 60)
    with CaptureQueriesContext(connection) as first:
        added = db_cache.add("r", 1, 60)
    with CaptureQueriesContext(connection) as then:
        db_cache.incr("r")
    assert added is False
    # Django's own DatabaseCache: 5 statements for the add, 6 for the incr.
    assert (len(first), len(then)) == (1, 2)


def test_the_table_is_culled_now_and_then(db_cache, monkeypatch):
    monkeypatch.setattr(sep_cache, "CULL_EVERY", 1)
    db_cache._max_entries = 10
    for n in range(30):
        db_cache.add(f"c{n}", n, 60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sep_cache")
        assert cursor.fetchone()[0] <= 11


def _expiry(key):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT expires FROM sep_cache WHERE cache_key = %s",
            [caches["counters"].make_key(key)],
        )
        return cursor.fetchone()[0]
