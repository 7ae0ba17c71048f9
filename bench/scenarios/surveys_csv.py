"""The full CSV export of a survey with 200,000 responses, and how much memory it takes.

`bench/surveys.py` seeds the survey (15 questions, ~3.5 million answers). A staff member
downloads `results/csv/` unfiltered: one line per response, streamed. The export
runs in a fresh Python process (the benchmark's own process holds on to the memory its
seeding used, which would hide any growth), logged in as the demo staff user through
Django's test client, reading the streamed body to the end. Measured there:

* `peak_memory_growth_mb`: the process's peak resident memory during the export minus
  its resident memory just before (after one warm-up export that matches nothing, so
  imports and templates are not counted). Linux resets the peak when "5" is written to
  /proc/self/clear_refs; elsewhere the peak since the process started is used. Target:
  under 100 MB, whatever the number of responses;
* `seconds`, `rows` (must equal the responses) and `megabytes` of CSV.
"""

import json
import os
import resource
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection

from bench import surveys

NAME = "surveys-csv"
VOLUME = surveys.VOLUME
CHILD = (
    "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'bench.settings'; "
    "django.setup(); from bench.scenarios.surveys_csv import child; child(sys.argv[1])"
)


def seed(volume):
    surveys.seed(volume)


def csv_url():
    page = surveys.survey()
    return page.url + page.reverse_subpage("results_csv_view")


def _status_mb(field):
    """A field of /proc/self/status (VmRSS, VmHWM) in MB, or None off Linux."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


def _max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def export(client, url):
    """GET the export and read it to the end: (status, bytes, lines)."""
    response = client.get(url)
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    # No response.close(): its request_finished signal would close the database
    # connection, which inside a test's transaction (PostgreSQL) ends the test.
    return response.status_code, size, lines


def measure(url):
    """In this process: one warm-up export, then the measured one."""
    import gc

    from django.test import Client

    client = Client()
    client.force_login(surveys.staff_user())
    status, _size, _lines = export(client, url + "?since=2999-01-01")  # no rows: warms up
    if status != 200:
        raise RuntimeError(f"GET {url} answered {status}")
    gc.collect()
    before = _status_mb("VmRSS") or _max_rss_mb()
    exact = _reset_peak()
    peak_before = _max_rss_mb()
    start = time.perf_counter()
    status, size, lines = export(client, url)
    seconds = time.perf_counter() - start
    peak = _status_mb("VmHWM") if exact else _max_rss_mb()
    if status != 200:
        raise RuntimeError(f"GET {url} answered {status}")
    return {
        "seconds": round(seconds, 2),
        "rows": lines - 1,  # the header
        "megabytes": round(size / 1e6, 2),
        "bytes": size,
        "rss_before_mb": round(before, 1),
        "peak_memory_growth_mb": round(max(peak - (before if exact else peak_before), 0), 1),
        "peak_exact": exact,
    }


def child(url):
    print(json.dumps(measure(url)), flush=True)


def run(harness):
    url = csv_url()
    responses = surveys.Response.objects.filter(survey=surveys.survey()).count()
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    harness.log(f"{NAME}: exporting {responses:,} responses in a fresh process")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHILD, url],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{NAME}: the export process failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["rows"] != responses:
        raise AssertionError(f"The export has {result['rows']} rows for {responses} responses.")
    if not result.pop("peak_exact"):
        harness.log(f"{NAME}: /proc/self/clear_refs unavailable: peak since process start")
    return {"scenario": NAME, "volume": VOLUME, **result, "database": connection.vendor}
