"""The PDF results report of a survey with 200,000 responses (`results/pdf/`).

`bench/surveys.py` seeds the survey (15 questions, ~3.5 million answers). The demo staff
user downloads the report (WeasyPrint: every question's table and chart, the newest typed
answers), unfiltered and then filtered like `surveys-results-filtered` (one neighborhood,
the last 90 days), `BENCH_PDF_REQUESTS` times each (default 5) after one warm-up, through
Django's test client. Prints the median and slowest time of each, the report's pages and
size, and the queries of one unfiltered request. Target: under 10 s.
"""

import io
import os
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import surveys
from bench.harness import ms, percentile

NAME = "surveys-pdf"
VOLUME = surveys.VOLUME


def seed(volume):
    surveys.seed(volume)


def report_url(filtered=False):
    page = surveys.survey()
    url = page.url + page.reverse_subpage("results_pdf_view")
    if filtered:
        url += "?" + surveys.filter_query()
    return url


def fetch(client, url):
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200 or response["Content-Type"] != "application/pdf":
        raise RuntimeError(f"GET {url} answered {response.status_code} {response['Content-Type']}")
    return elapsed, response.content


def pages(content):
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def run(harness):
    count = int(os.environ.get("BENCH_PDF_REQUESTS", "5"))
    client = Client()
    client.force_login(surveys.staff_user())
    result = {"scenario": NAME, "volume": VOLUME}
    for label, url in (("", report_url()), ("filtered_", report_url(filtered=True))):
        fetch(client, url)  # warm-up
        timings, content = [], b""
        for _ in range(count):
            elapsed, content = fetch(client, url)
            timings.append(elapsed)
        harness.log(f"{NAME}: {url}: {count} reports, {len(content):,} bytes")
        result[f"{label}p50_ms"] = ms(percentile(timings, 50))
        result[f"{label}max_ms"] = ms(max(timings))
        result[f"{label}pages"] = pages(content)
    result["kilobytes"] = round(len(fetch(client, report_url())[1]) / 1024)
    with CaptureQueriesContext(connection) as captured:
        fetch(client, report_url())
    result["queries"] = len(captured.captured_queries)
    result["database"] = connection.vendor
    return result
