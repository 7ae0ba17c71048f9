"""The zero-configuration SQLite database holds concurrent writers: they wait, never fail."""

import threading

import pytest
from django.conf import settings
from django.db import connections, transaction

from engage.settings.base import SQLITE_OPTIONS

WRITERS = 8
INCREMENTS = 15


def in_a_thread(function):
    """Run ``function`` in a thread of its own and return what it returned.

    Every connection here is opened, used and closed in a plain thread, as a web server's
    are: after the browser tests, the main thread holds Playwright's event loop, where
    Django refuses synchronous database calls.
    """
    results = []
    thread = threading.Thread(target=lambda: results.append(function()))
    thread.start()
    thread.join()
    return results[0]


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """A SQLite file configured as the default database is, under an alias of its own."""
    alias = "concurrent_sqlite"
    connections.settings[alias] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "writers.sqlite3"),
        "OPTIONS": SQLITE_OPTIONS,
        "TEST": {},
    }

    def create_counter():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (value INTEGER NOT NULL)")
            cursor.execute("INSERT INTO counter VALUES (0)")
        connections[alias].close()
        return True

    with django_db_blocker.unblock():
        in_a_thread(create_counter)
        yield alias
    del connections.settings[alias]


def test_the_default_sqlite_database_is_set_up_for_a_web_server():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the suite runs on PostgreSQL")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_concurrent_read_modify_write_transactions_wait_their_turn(file_database):
    """The pattern of a vote or a sign-up: read a count, then write it, in one transaction.

    With SQLite's default deferred transactions two writers that both read first deadlock
    on the upgrade to a write lock and one gets "database is locked" at once, whatever the
    timeout; with BEGIN IMMEDIATE they queue, and every increment lands.
    """
    errors = []
    start = threading.Barrier(WRITERS)

    def writer():
        connection = connections[file_database]
        try:
            start.wait()
            for _ in range(INCREMENTS):
                with transaction.atomic(using=file_database), connection.cursor() as cursor:
                    cursor.execute("SELECT value FROM counter")
                    (value,) = cursor.fetchone()
                    cursor.execute("UPDATE counter SET value = %s", [value + 1])
        except Exception as error:  # noqa: BLE001 - reported below, with the thread's error
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    def read_back():
        with connections[file_database].cursor() as cursor:
            cursor.execute("SELECT value FROM counter")
            (value,) = cursor.fetchone()
            cursor.execute("PRAGMA journal_mode")
            (journal_mode,) = cursor.fetchone()
        connections[file_database].close()
        return value, journal_mode

    assert errors == []
    assert in_a_thread(read_back) == (WRITERS * INCREMENTS, "wal")
