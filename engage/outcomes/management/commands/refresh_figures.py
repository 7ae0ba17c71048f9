from django.core.management.base import BaseCommand

from engage.outcomes.rollups import refresh


class Command(BaseCommand):
    help = "Roll up the report figures of the days that changed since the last run (cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"Rolled up {refresh()} days.")
