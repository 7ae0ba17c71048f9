"""Settings for `bench/run.py`: the test settings on a database of the benchmark's own.

* No DATABASE_URL (or a sqlite:// one): a SQLite file at bench/bench.sqlite3, deleted and
  rebuilt on every run. A sqlite:// DATABASE_URL is deliberately not followed, so that a
  developer's `db.sqlite3` can never be wiped by a benchmark.
* A postgres:// DATABASE_URL: the same server, but the database `bench_engage` (dropped and
  created on every run). The database named in the URL is only used to connect while
  `bench_engage` is dropped and created; it is never written to.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from engage.settings.test import *  # noqa: F403

BENCH_DIR = Path(__file__).resolve().parent
BENCH_SQLITE_PATH = BENCH_DIR / "bench.sqlite3"
BENCH_POSTGRES_NAME = os.environ.get("BENCH_DATABASE_NAME", "bench_engage")

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1"]  # 127.0.0.1: the concurrency runs serve over HTTP

_url = os.environ.get("DATABASE_URL", "").strip()
_parsed = dj_database_url.parse(_url) if _url else None

if _parsed is None or _parsed["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BENCH_SQLITE_PATH),
            "OPTIONS": SQLITE_OPTIONS,  # noqa: F405 - the web server's settings, as in base
        }
    }
    # Where the harness connects to drop and create the benchmark database (none on SQLite).
    BENCH_MAINTENANCE_DB = None
elif _parsed["ENGINE"] == "django.db.backends.postgresql":
    BENCH_MAINTENANCE_DB = _parsed["NAME"] or "postgres"
    if BENCH_MAINTENANCE_DB == BENCH_POSTGRES_NAME:
        BENCH_MAINTENANCE_DB = "postgres"
    DATABASES = {"default": {**_parsed, "NAME": BENCH_POSTGRES_NAME, "CONN_MAX_AGE": 0}}
else:
    raise ImproperlyConfigured(
        f"The benchmarks run on SQLite or PostgreSQL, not {_parsed['ENGINE']} (DATABASE_URL)."
    )

# The address look-ups are timed hundreds of times from one address: no rate limit.
PLACES_RATE = "1000000/m"

# Only problems on the console: the JSON lines on stdout are the output.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
