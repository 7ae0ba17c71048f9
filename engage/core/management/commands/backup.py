"""Back up the database and the uploads into BACKUP_DIR (docs/backups.md).

manage.py backup                 # into BACKUP_DIR, keeping BACKUP_KEEP backups
manage.py backup --dir /srv/backups --keep 14
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from engage.core.backups import BackupError, back_up, prune


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's backup API) and the uploads folder."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="Folder to write to (BACKUP_DIR).")
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="Keep this many backups in the folder, removing older ones (BACKUP_KEEP; 0: all).",
        )
        parser.add_argument("--no-media", action="store_true", help="Leave the uploads out.")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options):
        directory = options["dir"] or settings.BACKUP_DIR
        keep = settings.BACKUP_KEEP if options["keep"] is None else options["keep"]
        media_root = None if options["no_media"] else settings.MEDIA_ROOT
        try:
            backup = back_up(directory, media_root, alias=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Database: {backup.database}")
        if backup.media:
            self.stdout.write(f"Uploads: {backup.media}")
        elif media_root:
            self.stdout.write(f"Uploads: none ({media_root} is not a folder).")
        for stamp in prune(directory, keep):
            self.stdout.write(f"Removed the backup of {stamp}.")
        self.stdout.write(self.style.SUCCESS(f"Backup {backup.stamp} written."))
