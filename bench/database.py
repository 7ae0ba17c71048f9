"""The benchmark's own database: created fresh each run, snapshotted, restored between phases.

After `migrate` + `seed_demo` + the baseline page, the database is copied once (a file
copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL). Every phase of every
scenario starts from that copy, so no scenario has to know how to delete what it seeded,
and no scenario's rows can slow down the next one.
"""

import atexit
import shutil
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections


def for_settings():
    vendor = connection.vendor
    if vendor == "sqlite":
        return SQLiteDatabase(settings.DATABASES["default"])
    if vendor == "postgresql":
        return PostgresDatabase(settings.DATABASES["default"], settings.BENCH_MAINTENANCE_DB)
    raise RuntimeError(f"Benchmarks run on SQLite or PostgreSQL, not {vendor}.")


def _reset_process_state():
    connections.close_all()
    for cache in caches.all(initialized_only=True):
        cache.clear()  # e.g. Wagtail's cached site root paths


class SQLiteDatabase:
    def __init__(self, settings_dict):
        self.path = Path(settings_dict["NAME"])
        self.template = self.path.with_name(f"{self.path.stem}.template{self.path.suffix}")

    def __str__(self):
        return f"SQLite {self.path}"

    def _remove(self, path):
        for candidate in (
            path,
            *(Path(f"{path}{suffix}") for suffix in ("-journal", "-wal", "-shm")),
        ):
            candidate.unlink(missing_ok=True)

    def create(self):
        _reset_process_state()
        self._remove(self.path)
        self._remove(self.template)

    def speed_up_setup(self):
        """No fsync while migrating and seeding (this connection only; snapshot() closes it)."""
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA journal_mode = MEMORY")

    def after_seed(self):
        """Nothing: Django never runs ANALYZE on SQLite, so neither does the benchmark."""

    def copy_name(self, label):
        return self.path.with_name(f"{self.path.stem}.{label}{self.path.suffix}")

    def save_copy(self, name):
        _reset_process_state()
        shutil.copyfile(self.path, name)
        return name

    def restore_copy(self, name):
        _reset_process_state()
        self._remove(self.path)
        shutil.copyfile(name, self.path)

    def drop_copy(self, name):
        _reset_process_state()
        self._remove(name)

    def snapshot(self):
        self.save_copy(self.template)

    def restore(self):
        self.restore_copy(self.template)

    def drop_snapshot(self):
        self.drop_copy(self.template)


class PostgresDatabase:
    # OPTIONS keys that are Django's, not libpq's.
    DJANGO_ONLY_OPTIONS = {"isolation_level", "server_side_binding", "pool", "assume_role"}

    def __init__(self, settings_dict, maintenance_db):
        self.name = settings_dict["NAME"]
        self.template = f"{self.name}_template"
        params = {
            "host": settings_dict.get("HOST"),
            "port": settings_dict.get("PORT"),
            "user": settings_dict.get("USER"),
            "password": settings_dict.get("PASSWORD"),
            "dbname": maintenance_db,
        }
        for key, value in (settings_dict.get("OPTIONS") or {}).items():
            if key not in self.DJANGO_ONLY_OPTIONS:
                params[key] = value
        self.params = {key: value for key, value in params.items() if value not in (None, "")}
        self.host = f"{params['host'] or 'localhost'}:{params['port'] or 5432}"

    def __str__(self):
        return f"PostgreSQL {self.name} on {self.host}"

    def _admin(self, *statements):
        import psycopg
        from psycopg import sql

        with psycopg.connect(**self.params, autocommit=True) as admin:
            for statement, *names in statements:
                admin.execute(sql.SQL(statement).format(*(sql.Identifier(n) for n in names)))

    def create(self):
        _reset_process_state()
        self._admin(
            ("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.template),
            ("CREATE DATABASE {}", self.name),
        )

    def speed_up_setup(self):
        """Commits without waiting for the WAL flush while migrating and seeding."""
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")

    def after_seed(self):
        """Fresh planner statistics, as autovacuum would soon have gathered, so that the plan
        does not change halfway through the timed requests when autovacuum wakes up."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def copy_name(self, label):
        return f"{self.name}_{label}".replace("-", "_")

    def save_copy(self, name):
        _reset_process_state()
        self._admin(
            ("DROP DATABASE IF EXISTS {} WITH (FORCE)", name),
            ("CREATE DATABASE {} TEMPLATE {}", name, self.name),
        )
        return name

    def restore_copy(self, name):
        _reset_process_state()
        self._admin(
            ("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ("CREATE DATABASE {} TEMPLATE {}", self.name, name),
        )

    def drop_copy(self, name):
        _reset_process_state()
        self._admin(("DROP DATABASE IF EXISTS {} WITH (FORCE)", name))

    def snapshot(self):
        self.save_copy(self.template)

    def restore(self):
        self.restore_copy(self.template)

    def drop_snapshot(self):
        self.drop_copy(self.template)


class SeededCopies:
    """Seed a part's rows once per volume and keep a copy of that database: every scenario
    of the part after the first starts from the copy instead of seeding again. The copies
    are dropped at exit.

    ``seed_rows(volume)`` writes the rows; on PostgreSQL ``VACUUM ANALYZE`` then runs on
    ``vacuum_tables``, what autovacuum soon does after so many inserts.
    """

    def __init__(self, label, seed_rows, vacuum_tables):
        self.label = label
        self.seed_rows = seed_rows
        self.vacuum_tables = vacuum_tables
        self.copies = {}  # volume -> the name of the copy seeded at that volume

    def seed(self, volume):
        db = for_settings()
        if volume in self.copies:
            db.restore_copy(self.copies[volume])
            return
        self.seed_rows(volume)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE " + ", ".join(self.vacuum_tables))
        if not self.copies:
            atexit.register(self.drop_copies)
        self.copies[volume] = db.save_copy(db.copy_name(f"{self.label}-{volume}"))

    def drop_copies(self):
        db = for_settings()
        for name in self.copies.values():
            db.drop_copy(name)
        self.copies.clear()
