"""A backup restores into a new database with every table's rows, and the uploads."""

import io
import sqlite3
import tarfile
import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from engage.core.backups import Backup, BackupError, prune, restore_database, restore_media
from engage.neighborhoods.models import Neighborhood
from tests.factories import NeighborhoodFactory, UserFactory

# Committed data: pg_dump reads through its own connection, as it would on a server.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    (root / "original_images").mkdir(parents=True)
    (root / "original_images" / "bench.jpg").write_bytes(b"\xff\xd8 a photo of a bench")
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def content():
    """Something of several kinds, so the counts have something to compare."""
    for number in range(3):
        UserFactory(email=f"person{number}@example.org")
    NeighborhoodFactory(name="Kensington")
    NeighborhoodFactory(name="Germantown")


def row_counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the schema
        counts[table] = cursor.fetchone()[0]
    return counts


def source_counts():
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        return row_counts(cursor, tables)


def back_up(tmp_path):
    out = io.StringIO()
    call_command("backup", dir=str(tmp_path / "backups"), stdout=out)
    [database] = [p for p in (tmp_path / "backups").iterdir() if "-db." in p.name]
    return Backup.find(database.name, tmp_path / "backups"), out.getvalue()


def assert_same_uploads(restored_media):
    assert (restored_media / "original_images" / "bench.jpg").read_bytes() == (
        b"\xff\xd8 a photo of a bench"
    )


@on_sqlite
@committed
def test_sqlite_backup_restores_into_a_new_database(content, media_root, tmp_path):
    expected = source_counts()
    backup, printed = back_up(tmp_path)
    assert backup.database.name.endswith("-db.sqlite3")
    assert backup.media is not None
    assert f"Backup {backup.stamp} written." in printed

    restored = tmp_path / "restored.sqlite3"
    call_command(
        "restore",
        backup.stamp,
        dir=str(tmp_path / "backups"),
        database_url=f"sqlite:///{restored}",
        media_root=str(tmp_path / "restored-media"),
        interactive=False,
        stdout=io.StringIO(),
    )

    with sqlite3.connect(restored) as target:
        assert row_counts(target.cursor(), expected) == expected
    assert expected["accounts_user"] >= 3
    assert expected["neighborhoods_neighborhood"] == Neighborhood.objects.count() == 2
    assert_same_uploads(tmp_path / "restored-media")


@on_postgresql
@committed
def test_postgresql_backup_restores_into_a_new_database(content, media_root, tmp_path):
    expected = source_counts()
    backup, _ = back_up(tmp_path)
    assert backup.database.name.endswith("-db.dump")

    settings_dict = connection.settings_dict
    server = f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@"
    server += f"{settings_dict['HOST'] or 'localhost'}:{settings_dict['PORT'] or 5432}"
    new_name = f"{settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{new_name}"')
    try:
        call_command(
            "restore",
            str(backup.database),
            database_url=f"{server}/{new_name}",
            media_root=str(tmp_path / "restored-media"),
            interactive=False,
            stdout=io.StringIO(),
        )
        with psycopg.connect(f"{server}/{new_name}") as target:
            assert row_counts(target.cursor(), expected) == expected
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{new_name}" WITH (FORCE)')
    assert expected["accounts_user"] >= 3
    assert expected["neighborhoods_neighborhood"] == 2
    assert_same_uploads(tmp_path / "restored-media")


@committed
def test_restoring_keeps_the_uploads_it_replaces(media_root, tmp_path):
    backup, _ = back_up(tmp_path)
    (media_root / "added-after-the-backup.txt").write_text("newer")

    previous = restore_media(backup.media, media_root)

    assert_same_uploads(media_root)
    assert not (media_root / "added-after-the-backup.txt").exists()
    assert (previous / "added-after-the-backup.txt").read_text() == "newer"


def test_an_archive_cannot_write_outside_the_uploads_folder(tmp_path):
    archive = tmp_path / "engage-20260101T000000Z-media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        payload = b"overwritten"
        member = tarfile.TarInfo("media/../../escaped.txt")
        member.size = len(payload)
        tar.addfile(member, io.BytesIO(payload))

    with pytest.raises(BackupError, match="cannot be unpacked"):
        restore_media(archive, tmp_path / "site" / "media")

    assert not (tmp_path / "escaped.txt").exists()
    assert not (tmp_path / "site" / "media").exists()


def test_a_backup_goes_back_only_into_its_own_kind_of_database(tmp_path):
    dump = tmp_path / "engage-20260101T000000Z-db.dump"
    dump.write_bytes(b"PGDMP")

    with pytest.raises(BackupError, match="PostgreSQL only"):
        restore_database(dump, {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"})


def test_an_unknown_backup_is_named_in_the_error(tmp_path):
    with pytest.raises(CommandError, match="No backup named '20990101T000000Z'"):
        call_command("restore", "20990101T000000Z", dir=str(tmp_path), interactive=False)


@committed
def test_restore_asks_before_replacing(tmp_path, media_root, monkeypatch):
    backup, _ = back_up(tmp_path)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", backup.stamp, dir=str(tmp_path / "backups"), stdout=io.StringIO())


def test_older_backups_beyond_the_number_kept_are_removed(tmp_path):
    stamps = ["20260101T000000Z", "20260102T000000Z", "20260103T000000Z"]
    for stamp in stamps:
        (tmp_path / f"engage-{stamp}-db.sqlite3").write_bytes(b"")
        (tmp_path / f"engage-{stamp}-media.tar.gz").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a backup")

    removed = prune(tmp_path, keep=2)

    assert removed == stamps[:1]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "engage-20260102T000000Z-db.sqlite3",
        "engage-20260102T000000Z-media.tar.gz",
        "engage-20260103T000000Z-db.sqlite3",
        "engage-20260103T000000Z-media.tar.gz",
        "notes.txt",
    ]
