"""Open311 POST requests.json from 8 clients at once for 30 s, through a real server.

gunicorn (4 workers) serves the benchmark database; 8 threads post reports as fast as
the server answers. Every answer with a service_request_id must be a report in the
database afterwards: `lost` counts the ones that are not. On SQLite (WAL, BEGIN IMMEDIATE,
a busy timeout: ``SQLITE_OPTIONS``) writers queue for the one write lock; the run must show
0 errors there too.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import connection
from wagtail.models import Locale

from engage.reports.models import ServiceCategory, ServiceReport
from engage.reports.open311.keys import create_key

NAME = "open311-post-concurrency"
VOLUME = 1  # the category the clients post to; the run creates the reports
CLIENTS = 8
WORKERS = 4


def seed(volume):
    ServiceCategory.objects.get_or_create(
        code="bench-post",
        locale=Locale.get_default(),
        defaults={"name": "Benchmark posts", "target_days": 7},
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited before it answered")
        try:
            with urllib.request.urlopen(f"{base}/open311/v2/services.json", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError("gunicorn did not answer within a minute")


def run(harness):
    seconds = int(os.environ.get("BENCH_CONCURRENCY_SECONDS", "30"))
    category = ServiceCategory.objects.get(code="bench-post", locale=Locale.get_default())
    _key, api_key = create_key("benchmark")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "OPEN311_RATE_LIMIT": "1000000/m",
    }
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "engage.wsgi:application",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=settings.BASE_DIR,
        env=environ,
    )
    accepted, errors, sent = [], [], [0]
    lock = threading.Lock()
    try:
        wait_until_up(base, server)
        stop_at = time.monotonic() + seconds

        def client(number):
            count = 0
            while time.monotonic() < stop_at:
                count += 1
                body = urllib.parse.urlencode(
                    {
                        "api_key": api_key,
                        "service_code": category.code,
                        "lat": 39.9526 + number * 0.001,
                        "long": -75.1652 - count * 0.00001,
                        "description": f"Benchmark client {number}, report {count}",
                    }
                ).encode()
                url = f"{base}/open311/v2/requests.json"
                request = urllib.request.Request(url, data=body)  # noqa: S310
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                        reference = json.loads(response.read())[0]["service_request_id"]
                    with lock:
                        accepted.append(reference)
                        sent[0] += 1
                except (OSError, ValueError, KeyError, IndexError) as error:
                    with lock:
                        errors.append(repr(error))
                        sent[0] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    stored = set()
    for start in range(0, len(accepted), 1000):
        chunk = accepted[start : start + 1000]
        stored |= set(
            ServiceReport.objects.filter(reference__in=chunk).values_list("reference", flat=True)
        )
    if errors:
        harness.log(f"{NAME}: {len(errors)} errors, e.g. {errors[0]}")
    return {
        "scenario": NAME,
        "clients": CLIENTS,
        "seconds": seconds,
        "requests": sent[0],
        "errors": len(errors),
        "lost": len(set(accepted) - stored),
        "database": connection.vendor,
    }
