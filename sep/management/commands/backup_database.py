from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from sep.backups import backup


class Command(BaseCommand):
    help = "Write a pg_dump (custom format) of the portal's database. Restore: restore_database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="file to write (default: var/backups/sep-<UTC time>.dump)",
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            folder = Path("var") / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            output = folder / f"sep-{timezone.now():%Y%m%dT%H%M%SZ}.dump"
        backup(output)
        self.stdout.write(f"Backup written to {output} ({output.stat().st_size} bytes).")
