from django.core.management.base import BaseCommand

from engage.outcomes.rollups import rebuild


class Command(BaseCommand):
    help = "Roll up the report figures of every day again (after a bulk load; nightly)."

    def handle(self, *args, **options):
        self.stdout.write(f"Rolled up {rebuild()} days.")
