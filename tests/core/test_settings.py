"""Configuration comes from the environment, with safe defaults."""

import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]


def load(module, monkeypatch, **environ):
    for name in (
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "TASKS_BACKEND",
        "TIME_ZONE",
        "EMAIL_BACKEND",
        "MEDIA_ROOT",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    importlib.reload(importlib.import_module("engage.settings.base"))
    return importlib.reload(importlib.import_module(f"engage.settings.{module}"))


@pytest.fixture(autouse=True)
def _restore_settings_modules(monkeypatch):
    yield
    monkeypatch.undo()
    importlib.reload(importlib.import_module("engage.settings.base"))


def test_defaults_are_safe_and_local(monkeypatch):
    base = load("base", monkeypatch)

    assert base.DEBUG is False
    assert base.SECRET_KEY is None
    assert base.ALLOWED_HOSTS == []
    assert base.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert base.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert base.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    assert base.EMAIL_BACKEND.endswith("console.EmailBackend")
    assert base.TIME_ZONE == "America/New_York"


def test_production_keeps_its_postgresql_connections_and_checks_them(monkeypatch):
    environ = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "engage.example.gov"}
    production = load(
        "production", monkeypatch, DATABASE_URL="postgres://engage@db:5432/engage", **environ
    )
    database = production.DATABASES["default"]
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)

    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")
    production = load(
        "production", monkeypatch, DATABASE_URL="postgres://engage@db:5432/engage", **environ
    )
    assert production.DATABASES["default"]["CONN_MAX_AGE"] == 0

    monkeypatch.delenv("DATABASE_CONN_MAX_AGE")
    on_sqlite = load("production", monkeypatch, **environ).DATABASES["default"]
    assert on_sqlite["CONN_MAX_AGE"] == 0  # a file: nothing to fork, nothing to keep


def test_services_come_from_the_environment(monkeypatch):
    base = load(
        "base",
        monkeypatch,
        DATABASE_URL="postgres://engage:pw@db.internal:5432/engage",
        REDIS_URL="redis://cache.internal:6379/0",
        TASKS_BACKEND="database",
        DEBUG="true",
        ALLOWED_HOSTS="engage.example.gov, www.engage.example.gov",
        TIME_ZONE="America/Chicago",
        MEDIA_ROOT="/srv/media",
    )

    database = base.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"]) == ("db.internal", "engage")
    assert base.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert base.CACHES["default"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert base.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert base.DEBUG is True
    assert base.ALLOWED_HOSTS == ["engage.example.gov", "www.engage.example.gov"]
    assert base.TIME_ZONE == "America/Chicago"
    assert str(base.MEDIA_ROOT) == "/srv/media"


@pytest.mark.parametrize("name, value", [("DEBUG", "maybe"), ("TASKS_BACKEND", "celery")])
def test_bad_values_fail_loudly(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        load("base", monkeypatch, **{name: value})


@pytest.mark.parametrize(
    "environ, missing",
    [
        ({"ALLOWED_HOSTS": "engage.example.gov"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_essentials(monkeypatch, environ, missing):
    with pytest.raises(ImproperlyConfigured, match=missing):
        load("production", monkeypatch, **environ)


def test_production_turns_debug_and_demo_content_off(monkeypatch):
    production = load(
        "production", monkeypatch, SECRET_KEY="x" * 60, ALLOWED_HOSTS="a.gov", DEBUG="true"
    )

    assert production.DEBUG is False
    assert production.DEMO_CONTENT_ALLOWED is False


def test_deploy_check_is_clean_with_production_settings():
    environ = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "engage.example.gov",
        "DJANGO_SETTINGS_MODULE": "engage.settings.production",
    }
    environ.pop("DATABASE_URL", None)

    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
