"""The table of the shared cache (settings.CACHES["default"] without REDIS_URL).

Created here rather than by a separate `manage.py createcachetable`, so `migrate` alone makes a
new database ready, for every instance that will share it.
"""

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_tables(apps, schema_editor):
    for alias in caches:
        cache = caches[alias]
        if isinstance(cache, DatabaseCache):
            schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(cache._table)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_api_keys")]

    operations = [migrations.RunPython(create_cache_tables, drop_cache_tables)]
