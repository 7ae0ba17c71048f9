"""/metrics: Prometheus's text format, read back with Prometheus's own parser."""

import datetime
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from prometheus_client.parser import text_string_to_metric_families

from tests.core.test_health import add_task

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "scrape-token-for-tests"  # noqa: S105
SCRAPER = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture(autouse=True)
def _metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []


def scrape(client):
    response = client.get("/metrics", **SCRAPER)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def request_count(samples, **labels):
    return samples.get(
        ("engage_http_request_duration_seconds_count", tuple(sorted(labels.items()))), 0
    )


def test_request_latency_by_view_method_and_status(client, db):
    labels = {"view": "health_live", "method": "GET", "status": "200"}
    before = request_count(scrape(client), **labels)

    client.get("/health/live")
    client.get("/health/live")
    client.post("/health/live")  # not allowed: 405
    samples = scrape(client)

    assert request_count(samples, **labels) == before + 2
    assert request_count(samples, view="health_live", method="POST", status="405") >= 1
    # A histogram: every request falls in the +Inf bucket, and took some time.
    key = tuple(sorted({**labels, "le": "+Inf"}.items()))
    assert samples[("engage_http_request_duration_seconds_bucket", key)] == before + 2
    assert samples[("engage_http_request_duration_seconds_sum", tuple(sorted(labels.items())))] > 0


def test_paths_without_a_view_share_one_series(client, db):
    client.get("/en/no-such-page-here/")
    client.generic("BREW", "/health/live")

    samples = scrape(client)

    # Wagtail's page tree answers every path under a language: its view, not the path.
    assert request_count(samples, view="wagtail_serve", method="GET", status="404") >= 1
    assert request_count(samples, view="health_live", method="other", status="405") >= 1
    names = {labels for (name, labels) in samples if name.endswith("_count")}
    assert not any("no-such-page" in str(labels) for labels in names)


def test_task_queue_gauges_are_counted_at_each_scrape(client, db):
    add_task(enqueued_ago=300)
    add_task(enqueued_ago=10)
    add_task(queue="mail", enqueued_ago=5)
    add_task(run_after=timezone.now() + datetime.timedelta(hours=2))
    add_task(status=TaskResultStatus.RUNNING)

    samples = scrape(client)

    default, mail = (("queue", "default"),), (("queue", "mail"),)
    assert samples[("engage_task_queue_waiting", default)] == 2
    assert samples[("engage_task_queue_waiting", mail)] == 1
    assert samples[("engage_task_queue_scheduled", default)] == 1
    assert samples[("engage_task_queue_running", default)] == 1
    assert 299 <= samples[("engage_task_queue_oldest_wait_seconds", default)] < 400

    add_task(queue="mail", enqueued_ago=0)
    assert scrape(client)[("engage_task_queue_waiting", mail)] == 2


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": TOKEN}],
)
def test_no_figures_without_the_token(client, db, headers):
    response = client.get("/metrics", **headers)

    assert response.status_code == 403
    assert b"engage_" not in response.content


def test_no_figures_for_anyone_when_nothing_is_configured(client, db, settings):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


def test_allowed_addresses_and_networks(client, db, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8", "192.0.2.7", "2001:db8::/32"]

    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="2001:db8::1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.8").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="not-an-address").status_code == 403


WORKER = """
import django
django.setup()
from django.test import Client
for _ in range({count}):
    assert Client().get("/health/live").status_code == 200
"""


def test_several_worker_processes_are_added_up(client, db, tmp_path, monkeypatch):
    """As under gunicorn: each worker writes its figures; any one scrape shows them all."""
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "engage.settings.test",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
    }
    workers = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", WORKER.format(count=count)], cwd=ROOT, env=environ
        )
        for count in (2, 3)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0]

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    samples = scrape(client)

    # Only the workers' figures (this process keeps its own, uncounted, outside the folder).
    assert request_count(samples, view="health_live", method="GET", status="200") == 5
    assert ("engage_task_queue_waiting", (("queue", "default"),)) not in samples  # none waits


def test_a_bad_allowed_address_stops_the_site_from_starting(monkeypatch):
    monkeypatch.setenv("METRICS_ALLOWED_IPS", "10.0.0.0/8,not-an-address")
    try:
        with pytest.raises(ImproperlyConfigured, match="METRICS_ALLOWED_IPS"):
            importlib.reload(importlib.import_module("engage.settings.base"))
    finally:
        monkeypatch.undo()
        importlib.reload(importlib.import_module("engage.settings.base"))
