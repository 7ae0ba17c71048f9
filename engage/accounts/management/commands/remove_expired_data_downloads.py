from django.core.management.base import BaseCommand

from engage.accounts.tasks import remove_expired


class Command(BaseCommand):
    help = (
        "Delete the copies of people's data whose download period (DATA_DOWNLOAD_DAYS) is "
        "over, files included. Run it daily from cron."
    )

    def handle(self, *args, **options):
        removed = remove_expired()
        self.stdout.write(f"Removed {removed} expired data download(s).")
