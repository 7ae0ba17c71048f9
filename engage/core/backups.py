"""Backing up the database and the uploads, and putting them back.

One backup is two files in ``BACKUP_DIR`` named by the moment it was taken (UTC):

- ``engage-20261205T210000Z-db.dump``: PostgreSQL's custom format from ``pg_dump``
  (read back with ``pg_restore``), or ``engage-…-db.sqlite3``: a copy of the SQLite
  database made through SQLite's online backup API, consistent while the site writes;
- ``engage-…-media.tar.gz``: the uploads folder (``MEDIA_ROOT``), when there is one.

Restoring writes into the database and uploads folder you name (by default the configured
ones): PostgreSQL through ``pg_restore --clean``, SQLite through the backup API again; the
uploads folder is replaced whole, the one it replaces kept beside it. See docs/backups.md.
"""

import dataclasses
import datetime
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.db import connections

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"
_NAME = re.compile(r"engage-(?P<stamp>\d{8}T\d{6}Z)-(?P<kind>db\.dump|db\.sqlite3|media\.tar\.gz)")


class BackupError(Exception):
    """Something an operator must fix: the message says what."""


@dataclasses.dataclass(frozen=True)
class Backup:
    stamp: str
    database: Path
    media: Path | None

    @classmethod
    def find(cls, name, directory):
        """The backup a stamp or either of its files names, looked for in ``directory``."""
        path = Path(name)
        if not path.is_absolute() and not path.exists():
            path = Path(directory) / name
        match = _NAME.fullmatch(path.name)
        stamp = match["stamp"] if match else name
        folder = path.parent if match else Path(directory)
        databases = [
            folder / f"engage-{stamp}-{kind}"
            for kind in ("db.dump", "db.sqlite3")
            if (folder / f"engage-{stamp}-{kind}").exists()
        ]
        if not databases:
            raise BackupError(f"No backup named {name!r} in {folder}.")
        media = folder / f"engage-{stamp}-media.tar.gz"
        return cls(stamp, databases[0], media if media.exists() else None)


def timestamp(now=None):
    now = now or datetime.datetime.now(datetime.UTC)
    return now.strftime("%Y%m%dT%H%M%SZ")


def back_up(directory, media_root, alias="default", now=None):
    """Write the database and the uploads into ``directory``; returns the :class:`Backup`."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timestamp(now)
    connection = connections[alias]
    vendor = connection.settings_dict["ENGINE"]
    if vendor == POSTGRESQL:
        database = directory / f"engage-{stamp}-db.dump"
        _written_whole(database, lambda part: _pg_dump(connection.settings_dict, part))
    elif vendor == SQLITE:
        database = directory / f"engage-{stamp}-db.sqlite3"
        _written_whole(database, lambda part: _sqlite_copy(connection, part))
    else:
        raise BackupError(f"Backups handle PostgreSQL and SQLite, not {vendor}.")
    media = None
    if media_root and Path(media_root).is_dir():
        media = directory / f"engage-{stamp}-media.tar.gz"
        _written_whole(media, lambda part: _archive(Path(media_root), part))
    return Backup(stamp, database, media)


def prune(directory, keep):
    """Remove all but the ``keep`` newest backups in ``directory``; returns the stamps removed."""
    stamps = sorted(
        {match["stamp"] for p in Path(directory).iterdir() if (match := _NAME.fullmatch(p.name))}
    )
    removed = stamps[:-keep] if keep > 0 else []
    for stamp in removed:
        for path in Path(directory).glob(f"engage-{stamp}-*"):
            path.unlink()
    return removed


def restore_database(backup_file, settings_dict):
    """Put the database of ``backup_file`` into the database ``settings_dict`` describes."""
    backup_file = Path(backup_file)
    engine = settings_dict["ENGINE"]
    if backup_file.name.endswith("db.dump"):
        if engine != POSTGRESQL:
            raise BackupError("A pg_dump backup restores into PostgreSQL only.")
        _pg_restore(backup_file, settings_dict)
    elif backup_file.name.endswith("db.sqlite3"):
        if engine != SQLITE:
            raise BackupError("A SQLite backup restores into SQLite only.")
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        target = sqlite3.connect(settings_dict["NAME"], timeout=20)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        raise BackupError(f"{backup_file.name} is not a database backup.")


def restore_media(archive, media_root):
    """Replace ``media_root`` by the archive's uploads; the folder replaced is kept beside."""
    media_root = Path(media_root)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    try:
        try:
            with tarfile.open(archive, "r:gz") as tar:
                # The "data" filter refuses absolute paths, "..", links out of the folder
                # and device files: an archive cannot write outside the uploads folder.
                tar.extractall(unpacked, filter="data")
        except (tarfile.TarError, OSError) as error:
            raise BackupError(
                f"The uploads archive {archive} cannot be unpacked: {error}"
            ) from error
        if not (unpacked / "media").is_dir():
            raise BackupError(f"The uploads archive {archive} holds no media folder.")
        previous = None
        if media_root.exists():
            previous = media_root.with_name(f"{media_root.name}.before-restore-{timestamp()}")
            media_root.rename(previous)
        (unpacked / "media").rename(media_root)
        return previous
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def _written_whole(path, write):
    # Written beside under another name and renamed when complete: a backup interrupted
    # half way never looks like one.
    part = path.with_name(f".{path.name}.part")
    try:
        write(part)
        part.rename(path)
    finally:
        part.unlink(missing_ok=True)


def _sqlite_copy(connection, target_path):
    # Through Django's own connection: it is the database the site uses (even the
    # in-memory one of the tests), and the backup API copies it page by page, consistent
    # while other connections write.
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _archive(media_root, target_path):
    with tarfile.open(target_path, "w:gz") as tar:
        tar.add(media_root, arcname="media")


def _pg_environment(settings_dict):
    """libpq's variables for the database: the password never shows in a process list."""
    options = settings_dict.get("OPTIONS", {})
    variables = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": settings_dict.get("NAME") or "",
        "PGSSLMODE": options.get("sslmode", ""),
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def _run(command, settings_dict):
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(  # noqa: S603 - fixed program, arguments are not a shell's
        command, env=_pg_environment(settings_dict), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _pg_dump(settings_dict, target_path):
    # Owners and grants are left out when restoring (pg_restore --no-owner --no-privileges):
    # the database may be restored under another role.
    _run(["pg_dump", "--format=custom", f"--file={target_path}"], settings_dict)


def _pg_restore(backup_file, settings_dict):
    # --clean --if-exists: the tables the backup holds replace those of the same name (a
    # new, empty database works the same); one transaction, so a failure changes nothing.
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings_dict['NAME']}",
            str(backup_file),
        ],
        settings_dict,
    )
