from django.core.management.base import BaseCommand

from comments.notifications import notify_closing_soon


class Command(BaseCommand):
    help = (
        "Queue the e-mails to followers of discussions closing in 3 days. The cron command "
        "`close_finished_discussions` already does this; use this one to send them by hand."
    )

    def handle(self, *args, **options):
        notify_closing_soon.enqueue(3)
        self.stdout.write("Queued the closing reminders.")
