from django.core.management.base import BaseCommand

from drafts.models import Draft


class Command(BaseCommand):
    help = (
        "Close every discussion whose last day has passed (Bishkek time). Run it from cron "
        "every few minutes; comments are refused by the clock even before it runs."
    )

    def handle(self, *args, **options):
        closed = 0
        for draft in Draft.objects.due_for_closing().order_by("pk").iterator():
            draft.close()
            closed += 1
        self.stdout.write(f"Closed {closed} discussions.")
