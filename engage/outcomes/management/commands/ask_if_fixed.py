"""Ask the reporters of reports resolved some days ago whether the problem is really fixed.

Run it daily (or hourly) from cron: each resolution is asked about once, however often
the command runs; the delay is the "days before asking" staff set under Settings.
"""

from django.core.management.base import BaseCommand

from engage.outcomes.follow_up import ask_if_fixed


class Command(BaseCommand):
    help = "E-mail “is it really fixed?” once to each reporter whose report is due."

    def handle(self, *args, **options):
        checks = ask_if_fixed()
        self.stdout.write(f"{len(checks)} reporters asked whether their report is fixed.")
