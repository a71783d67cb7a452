import sys
import time

from django.core.management.base import BaseCommand, CommandError

from comments.bulk import regroup
from drafts.models import Draft


class Command(BaseCommand):
    help = (
        "Rebuild the mass campaigns of one draft (--draft REF) or of every draft from scratch, "
        "with the rule comments are grouped by when posted. Run once after deploying a change "
        "of the rule (comments.campaigns); safe to re-run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--draft", metavar="REF", help="the draft's reference number")

    def handle(self, *args, draft=None, **options):
        drafts = Draft.objects.filter(comments__isnull=False).distinct()
        if draft is not None:
            drafts = Draft.objects.filter(reference=draft)
            if not drafts.exists():
                raise CommandError(f"No draft {draft}.")
        found = list(drafts.order_by("pk").values_list("pk", "reference"))
        started = time.monotonic()
        for n, (pk, reference) in enumerate(found, start=1):
            # One transaction per draft: posting on the others goes on meanwhile.
            regroup(
                [pk],
                progress=lambda _pk, comments, campaigns, n=n, reference=reference: (
                    sys.stderr.write(
                        f"[{n}/{len(found)}] {reference}: {comments} comments, "
                        f"{campaigns} campaigns ({time.monotonic() - started:.0f} s)\n"
                    )
                ),
            )
        self.stdout.write(self.style.SUCCESS(f"Regrouped {len(found)} drafts."))
