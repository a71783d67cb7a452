from django.core.management.base import BaseCommand

from comments.notifications import closing_reminders_pending, notify_closing_soon
from drafts.models import Draft
from reports.services import close_discussion

REMINDER_DAYS = 3


class Command(BaseCommand):
    help = (
        "Close every discussion whose last day has passed (Bishkek time), have its report "
        "built by the worker, and queue the "
        f"“closing in {REMINDER_DAYS} days” e-mails to followers. Run it from cron every few "
        "minutes; comments are refused by the clock even before it runs, and each follower "
        "gets one reminder per draft however often it runs."
    )

    def handle(self, *args, **options):
        closed = 0
        for draft in Draft.objects.due_for_closing().order_by("pk").iterator():
            close_discussion(draft)
            closed += 1
        self.stdout.write(f"Closed {closed} discussions.")
        # Queued only while someone still awaits a reminder, not on every run.
        if closing_reminders_pending(REMINDER_DAYS):
            notify_closing_soon.enqueue(REMINDER_DAYS)
            self.stdout.write("Queued the closing reminders.")
