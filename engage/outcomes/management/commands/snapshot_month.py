"""Freeze a month's performance figures (cron: early on the first of each month).

Without ``--month``, the last month that is over. A month already frozen stays as it was
(run it as often as you like); a month not over yet is refused.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from engage.outcomes import monthly_report, performance


def month_argument(value):
    try:
        return datetime.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise CommandError(f"Give the month as YYYY-MM, not {value!r}.") from None


class Command(BaseCommand):
    help = "Freeze a month's performance figures for its monthly report (default: last month)."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: the last month that is over).")

    def handle(self, *args, month=None, **options):
        first = month_argument(month) if month else performance.last_month().start
        try:
            snapshot, created = monthly_report.freeze_month(first)
        except monthly_report.SnapshotError as error:
            raise CommandError(str(error)) from None
        state = "Froze" if created else "Already frozen:"
        self.stdout.write(f"{state} {snapshot} (SHA-256 {snapshot.checksum}).")
