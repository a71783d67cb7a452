import time

from django.core.management.base import BaseCommand, CommandError

from comments.bulk import create_bulk_comments
from drafts.bulk import create_bulk_drafts


class Command(BaseCommand):
    help = "Insert many published drafts quickly (COPY), to try the portal at national scale."

    def add_arguments(self, parser):
        parser.add_argument("--drafts", type=int, default=10_000)
        parser.add_argument("--sections", type=int, default=20, help="articles per draft")
        parser.add_argument(
            "--comments-per-draft",
            type=int,
            default=0,
            help="published comments per draft, spread over its articles",
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, drafts, sections, comments_per_draft, seed, **options):
        if drafts < 1 or sections < 1:
            raise CommandError("--drafts and --sections must be positive")
        if comments_per_draft < 0:
            raise CommandError("--comments-per-draft cannot be negative")
        started = time.monotonic()
        draft_ids = create_bulk_drafts(drafts, sections, seed=seed)
        comments = create_bulk_comments(draft_ids, comments_per_draft)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {drafts} drafts with {sections} articles and {comments} comments "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
