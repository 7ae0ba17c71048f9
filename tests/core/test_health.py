"""Liveness and readiness probes: what a load balancer and an operator read."""

import asyncio
import datetime
import importlib
import io

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command
from django.db import DatabaseError, connections
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from engage.core import health

JSON = {"HTTP_ACCEPT": "application/json"}


def add_task(status=TaskResultStatus.READY, run_after=None, enqueued_ago=0, queue="default"):
    task = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="engage.tests.nothing",
        backend_name="default",
        queue_name=queue,
        run_after=run_after or get_date_max(),
    )
    # enqueued_at is set on creation: move it back to say how long the task has waited.
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=enqueued_ago)
    )
    return task


def test_live_answers_without_asking_anything(client):
    # No database access allowed in this test: one query would fail it.
    response = client.get("/health/live", **JSON)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {}}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies  # no session, no language cookie


@pytest.mark.parametrize("path", ["/health/live", "/health/live/", "/health/ready/"])
def test_probes_are_not_language_prefixed(client, db, path):
    response = client.get(path, **JSON)

    assert response.status_code == 200  # no redirect to /en/…


def test_ready_checks_database_cache_and_task_queue(client, db):
    add_task(enqueued_ago=120)
    add_task(enqueued_ago=30)
    add_task(run_after=timezone.now() + datetime.timedelta(hours=1))  # not due yet
    add_task(status=TaskResultStatus.RUNNING)
    add_task(status=TaskResultStatus.SUCCESSFUL, enqueued_ago=9999)  # done: not waiting

    response = client.get("/health/ready", **JSON)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "task_queue"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    queue = body["checks"]["task_queue"]
    assert queue["waiting"] == 2
    assert queue["running"] == 1
    assert 119 <= queue["oldest_wait_seconds"] < 180


def test_a_task_due_later_waits_from_its_time_not_from_when_it_was_enqueued(db):
    add_task(run_after=timezone.now() - datetime.timedelta(seconds=60), enqueued_ago=86400)

    [state] = health.queue_states()

    assert state.waiting == 1
    assert 59 <= state.oldest_wait_seconds < 120


def test_ready_is_unavailable_when_the_cache_is_down(client, db):
    closed_port = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=closed_port):
        response = client.get("/health/ready", **JSON)

    assert response.status_code == 500
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["cache"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"


def test_ready_is_unavailable_when_the_task_table_cannot_be_read(client, db, monkeypatch):
    def unreadable():
        raise DatabaseError("relation does not exist")

    monkeypatch.setattr(health, "queue_states", unreadable)

    response = client.get("/health/ready", **JSON)

    assert response.status_code == 500
    check = response.json()["checks"]["task_queue"]
    assert check["status"] == "error"
    assert "task table" in check["error"]


def test_ready_with_redis(client, db, redis_cache):
    response = client.get("/health/ready", **JSON)

    assert response.status_code == 200
    assert response.json()["checks"]["cache"]["status"] == "ok"


def test_plain_text_and_the_status_page(client, db):
    text = client.get("/health/ready?format=text")
    page = client.get("/health/ready", HTTP_ACCEPT="text/html")

    assert text["Content-Type"].startswith("text/plain")
    assert "TaskQueue(): OK" in text.content.decode()
    assert page.status_code == 200, page.content.decode()
    # The page's own <style> is allowed; nothing else is loosened.
    policy = dict(
        directive.strip().split(" ", 1) for directive in page["Content-Security-Policy"].split(";")
    )
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"


def test_probes_are_not_redirected_to_https_in_production(client, db, monkeypatch):
    for name, value in {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "testserver"}.items():
        monkeypatch.setenv(name, value)
    production = importlib.import_module("engage.settings.production")
    production = importlib.reload(production)
    try:
        with override_settings(
            SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=production.SECURE_REDIRECT_EXEMPT
        ):
            probe = client.get("/health/live", **JSON)
            page = client.get("/en/")
    finally:
        monkeypatch.undo()
        importlib.reload(importlib.import_module("engage.settings.base"))

    assert probe.status_code == 200
    assert page.status_code == 301
    assert page["Location"].startswith("https://")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_runs_the_readiness_checks_for_a_container():
    out = io.StringIO()

    try:
        with pytest.raises(SystemExit) as exit_:
            call_command("health_check", "health_ready", "--no-http", stdout=out)
    finally:
        # The command's event loop read the task table from asgiref's one thread for
        # such calls; its connection would outlive the test (a process exits after it).
        asyncio.run(sync_to_async(connections.close_all, thread_sensitive=True)())

    assert exit_.value.code == 0
    assert "TaskQueue(): OK" in out.getvalue()
    assert "Database(alias='default'): OK" in out.getvalue()
