from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from sep.backups import restore


class Command(BaseCommand):
    help = (
        "Restore a backup_database file into a NEW database on the same server (never over the "
        "running one): check it, then point DATABASE_URL at it."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path)
        parser.add_argument("--database", required=True, help="name of the database to create")

    def handle(self, *args, backup, database, **options):
        if not backup.exists():
            raise CommandError(f"No such backup: {backup}")
        if database == connection.settings_dict["NAME"]:
            raise CommandError("Restore into a new database, not over the one in use.")
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        restore(backup, database=database)
        self.stdout.write(f"Restored {backup} into the new database {database}.")
