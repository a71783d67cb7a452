"""The database cache the portal uses without REDIS_URL, with PostgreSQL's upsert for the two
calls every rate-limit check makes (django_ratelimit: `add`, then `incr`).

Django's DatabaseCache spends a transaction and five statements on each write: a count of the
whole table (to decide on culling), then a select and an insert or update. A comment post
checks two limits, so a third of its statements were counters (issue 15). Here `add` is one
statement and `incr` two, and the table is culled on one write in `CULL_EVERY` instead of being
counted on every one. Everything else is Django's.
"""

import base64
import pickle
import random
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils import timezone

# One write in this many checks the table's size and culls it (as Django does on every write).
CULL_EVERY = 100


class DatabaseCache(DjangoDatabaseCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Store `value` unless a live entry holds `key`; True if it was stored."""
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection()
        table = connection.ops.quote_name(self._table)
        now = timezone.now().replace(microsecond=0)
        with connection.cursor() as cursor:
            self._cull_now_and_then(connection, cursor, now)
            cursor.execute(
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                "ON CONFLICT (cache_key) DO UPDATE "
                "SET value = EXCLUDED.value, expires = EXCLUDED.expires "
                f"WHERE {table}.expires < %s",
                [key, self._encoded(value), self._expiry(timeout), now],
            )
            return cursor.rowcount == 1

    def incr(self, key, delta=1, version=None):
        """Add `delta` to a live entry's number, keeping its expiry; ValueError if none."""
        value = self.get(key, version=version)
        if value is None:
            raise ValueError(f"Key '{key}' not found")
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection()
        table = connection.ops.quote_name(self._table)
        new_value = value + delta
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",
                [self._encoded(new_value), key],
            )
        return new_value

    def _connection(self):
        return connections[router.db_for_write(self.cache_model_class)]

    def _encoded(self, value) -> str:
        # As Django stores it, so its `get` reads it.
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    def _expiry(self, timeout) -> datetime:
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return datetime.max.replace(tzinfo=UTC)
        return datetime.fromtimestamp(timeout, tz=UTC).replace(microsecond=0)

    def _cull_now_and_then(self, connection, cursor, now):
        if random.randrange(CULL_EVERY):
            return
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(self._table)}")
        count = cursor.fetchone()[0]
        if count > self._max_entries:
            self._cull(connection.alias, cursor, now, count)
