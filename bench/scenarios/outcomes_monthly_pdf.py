"""The monthly report: freezing last month's figures over the data of ``bench/outcomes.py``
(every figure, in every language, for staff and for the public), then printing the staff
PDF from the snapshot ``BENCH_PDF_REQUESTS`` times (default 5; the cached copy is
forgotten before each, so every one is rendered). Prints the freeze time, the median and
slowest render, the pages and size of the report, and the queries of one render.
Target: under 10 s.
"""

import io
import os
import time

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import outcomes
from bench.harness import ms, percentile
from engage.outcomes import monthly_report, performance

NAME = "outcomes-monthly-pdf"
VOLUME = outcomes.VOLUME


def seed(volume):
    outcomes.seed(volume)


def fetch(client, url):
    cache.clear()  # the report's cached copy: render it every time
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200 or response["Content-Type"] != "application/pdf":
        raise RuntimeError(f"GET {url} answered {response.status_code} {response['Content-Type']}")
    return elapsed, response.content


def run(harness):
    from pypdf import PdfReader

    count = int(os.environ.get("BENCH_PDF_REQUESTS", "5"))
    start = time.perf_counter()
    snapshot, _created = monthly_report.freeze_month(performance.last_month().start)
    frozen = time.perf_counter() - start
    client = Client()
    client.force_login(outcomes.staff())
    url = reverse("outcomes_monthly_report_pdf", args=[f"{snapshot.month:%Y-%m}"])
    fetch(client, url)  # warm-up
    timings, content = [], b""
    for _ in range(count):
        elapsed, content = fetch(client, url)
        timings.append(elapsed)
    harness.log(f"{NAME}: {url}: {count} reports, {len(content):,} bytes")
    with CaptureQueriesContext(connection) as captured:
        fetch(client, url)
    return {
        "scenario": NAME,
        "volume": VOLUME,
        "freeze_ms": ms(frozen),
        "p50_ms": ms(percentile(timings, 50)),
        "max_ms": ms(max(timings)),
        "pages": len(PdfReader(io.BytesIO(content)).pages),
        "kilobytes": round(len(content) / 1024),
        "queries": len(captured.captured_queries),
        "database": connection.vendor,
    }
