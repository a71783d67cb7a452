from django.core.management.base import BaseCommand

from comments.notifications import notify_closing_soon


class Command(BaseCommand):
    help = "Queue the e-mails to followers of discussions closing in 3 days (run daily, cron)."

    def handle(self, *args, **options):
        notify_closing_soon.enqueue(3)
        self.stdout.write("Queued the closing reminders.")
