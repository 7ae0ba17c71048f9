import time

from django.core.management.base import BaseCommand

from engage.outcomes.prepared import prepare
from engage.outcomes.rollups import rebuild


class Command(BaseCommand):
    help = (
        "Roll up the report figures of every day again, then prepare the quick periods' "
        "figures for the pages (after a bulk load; nightly)."
    )

    def handle(self, *args, **options):
        start = time.perf_counter()
        days = rebuild()
        rolled = time.perf_counter()
        sets = prepare()
        done = time.perf_counter()
        self.stdout.write(f"Rolled up {days} days in {rolled - start:.1f} s.")
        self.stdout.write(f"Prepared {sets} sets of figures in {done - rolled:.1f} s.")
