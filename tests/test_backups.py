"""A backup restores into a fresh database with every row (pg_dump / pg_restore)."""

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from comments.models import Comment
from drafts.models import Draft, Section
from tests.factories import make_draft, publish


def _connect(database):
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=database,
        autocommit=True,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_row_into_a_fresh_database(tmp_path, body, editor):
    from tests.factories import participant

    draft = publish(make_draft(body, by=editor), by=editor)
    author = participant("backup@example.kg")
    Comment.post(draft=draft, author=author, text="Сохраните меня", position="support")
    target = f"{connection.settings_dict['NAME']}_restored"
    dump = tmp_path / "sep.dump"
    call_command("backup_database", output=dump)
    assert dump.stat().st_size > 0
    with _connect(connection.settings_dict["NAME"]) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target)))
    try:
        call_command("restore_database", str(dump), database=target)
        with _connect(target) as restored:
            for model in (Draft, Section, Comment):
                table = model._meta.db_table
                count = restored.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                assert count == model.objects.count() > 0, table
            text = restored.execute("SELECT text FROM comments_comment").fetchone()[0]
            assert text == "Сохраните меня"
    finally:
        with _connect(connection.settings_dict["NAME"]) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target)))


def test_restore_never_overwrites_the_database_in_use(tmp_path, db):
    from django.core.management.base import CommandError

    dump = tmp_path / "x.dump"
    dump.write_bytes(b"not used")
    with pytest.raises(CommandError, match="new database"):
        call_command("restore_database", str(dump), database=connection.settings_dict["NAME"])
