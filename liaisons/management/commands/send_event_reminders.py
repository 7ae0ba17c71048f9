"""Send the reminders that are due for volunteer events (cron: every few minutes)."""

from django.core.management.base import BaseCommand

from liaisons.services.signups import reminder_leads, send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail everyone with a place at an event that starts within a reminder lead time "
        "(LIAISONS_REMINDER_LEADS). Each reminder goes out once, however often this runs."
    )

    def handle(self, *args, **options):
        sent = send_due_reminders()
        leads = ", ".join(f"{minutes} min" for minutes in reminder_leads()) or "none"
        self.stdout.write(f"{sent} reminder(s) sent (lead times: {leads}).")
