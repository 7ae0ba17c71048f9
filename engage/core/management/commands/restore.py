"""Put a backup made by `manage.py backup` back (docs/backups.md).

manage.py restore 20261205T210000Z                  # into the configured database
manage.py restore engage-20261205T210000Z-db.dump --database-url postgres://…/engage_new
"""

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from engage.core.backups import Backup, BackupError, restore_database, restore_media


class Command(BaseCommand):
    help = "Restore a backup's database and uploads (the configured ones unless told otherwise)."

    def add_arguments(self, parser):
        parser.add_argument(
            "backup", help="The backup's stamp (20261205T210000Z) or one of its files."
        )
        parser.add_argument("--dir", default=None, help="Folder the backup is in (BACKUP_DIR).")
        parser.add_argument(
            "--database-url",
            default=None,
            help="Restore into this database instead of the configured one (e.g. a new one).",
        )
        parser.add_argument(
            "--media-root", default=None, help="Restore the uploads here instead of MEDIA_ROOT."
        )
        parser.add_argument(
            "--no-media", action="store_true", help="Leave the uploads as they are."
        )
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, **options):
        try:
            backup = Backup.find(options["backup"], options["dir"] or settings.BACKUP_DIR)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["database_url"]:
            target = dj_database_url.parse(options["database_url"])
        else:
            target = connections["default"].settings_dict
        media_root = None if options["no_media"] else options["media_root"] or settings.MEDIA_ROOT
        if options["interactive"] and not self._confirmed(backup, target, media_root):
            raise CommandError("Nothing was restored.")
        if not options["database_url"]:
            # This process's own connection must not hold the database while it is replaced.
            connections.close_all()
        try:
            restore_database(backup.database, target)
            self.stdout.write(f"Database {target['NAME']} restored from {backup.database.name}.")
            if media_root and backup.media:
                previous = restore_media(backup.media, media_root)
                self.stdout.write(f"Uploads restored into {media_root}.")
                if previous:
                    self.stdout.write(f"The uploads folder it replaced is now {previous}.")
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup {backup.stamp} restored."))

    def _confirmed(self, backup, target, media_root):
        self.stdout.write(
            f"This replaces the database {target['NAME']}"
            + (f" and the uploads in {media_root}" if media_root and backup.media else "")
            + f" with the backup of {backup.stamp}."
        )
        return input("Type 'yes' to go on: ").strip().lower() == "yes"
