"""Lapse the waitlist offers nobody answered in time (cron: every few minutes)."""

from django.core.management.base import BaseCommand

from liaisons.services.signups import lapse_offers


class Command(BaseCommand):
    help = (
        "Offers of a freed place that were not answered in time lapse, and each place is "
        "offered to the next person on the waitlist. Safe to run as often as you like."
    )

    def handle(self, *args, **options):
        lapsed = lapse_offers()
        self.stdout.write(f"{lapsed} offer(s) lapsed.")
