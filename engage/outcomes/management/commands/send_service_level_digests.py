"""E-mail each department last week's service levels (run it weekly, e.g. on Mondays).

A department hears once about a week, however often the command runs.
"""

from django.core.management.base import BaseCommand

from engage.outcomes.service_levels import send_digests
from engage.reports.models import Department


class Command(BaseCommand):
    help = "E-mail each department its service-level digest of last week, once."

    def handle(self, *args, **options):
        period, queued = send_digests()
        last_day = period.end.toordinal() - 1
        self.stdout.write(
            f"Week {period.start.isoformat()} to "
            f"{period.start.fromordinal(last_day).isoformat()}: {len(queued)} digests queued."
        )
        for department in Department.objects.filter(email="").order_by("name"):
            self.stderr.write(f"No address to send “{department.name}” its digest.")
