"""Delete audit-trail entries older than the retention period (cron: daily)."""

from django.core.management.base import BaseCommand, CommandError

from engage.core import audit


class Command(BaseCommand):
    help = (
        "Delete the entries of the audit trail (Reports → Site history) older than "
        "AUDIT_LOG_RETENTION_DAYS days. Safe to run every day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="Keep this many days instead of AUDIT_LOG_RETENTION_DAYS.",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = audit.purge(days=days)
        kept = audit.retention_days() if days is None else days
        summary = ", ".join(f"{count} {kind}" for kind, count in deleted.items())
        self.stdout.write(f"Kept the last {kept} days; deleted {summary}.")
