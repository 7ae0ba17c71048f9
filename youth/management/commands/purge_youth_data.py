"""Remove participants' personal data once their program's retention period is over
(cron: daily)."""

from django.core.management.base import BaseCommand

from youth.services.participants import purge_youth_data


class Command(BaseCommand):
    help = (
        "Blank the names, school and grade of the participants of every program whose last "
        "day plus the retention period (Settings → Youth data retention) is past, delete "
        "their guardian consents and the field reports never sent to the city, with their "
        "photos. Counts stay. Safe to run every day: a purged program is not touched again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be removed, and remove nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        counts, log = purge_youth_data(dry_run=dry_run)
        summary = (
            f"{counts.programs} program(s): {counts.participants} participant(s), "
            f"{counts.consents} consent(s), {counts.field_reports} unsent field report(s), "
            f"{counts.photos} photo(s)."
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing removed. Would purge {summary}")
        elif log is None:
            self.stdout.write("Nothing to purge.")
        else:
            self.stdout.write(f"Purged {summary} (purge log {log.pk})")
