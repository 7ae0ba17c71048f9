"""Seed, warm up, time and count queries for each scenario; print one JSON line each.

Run through `bench/run.py` (which sets up Django with `bench.settings`). The flow, for a
request scenario (a module in bench/scenarios/ with `requests()`):

1. fresh database: migrate, `seed_demo`, a bare ContentPage (the baseline), snapshot;
2. small: restore, `seed(VOLUME // 100)`, check, warm up, count the queries of one
   request (the most of any URL when `requests()` gives several);
3. full: restore, `seed(VOLUME)`, check, warm up, then N requests of the scenario
   interleaved with N of the baseline page (same database, same moment), count again;
4. print {"scenario", "volume", "p50_ms", "p95_ms", "queries", "queries_small",
   "baseline_p95_ms", "ratio"}; warn on stderr when the two query counts differ.

A scenario with `run(harness)` instead of `requests()` (a concurrency run, say) is seeded
at VOLUME and then left to measure what it wants; it returns the dict to print.
"""

import gc
import importlib
import json
import math
import os
import pkgutil
import sys
import time
import traceback
from contextlib import redirect_stdout
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import bench.scenarios
from bench import database
from bench.pages import home_page

DEFAULT_REQUESTS = 200
DEFAULT_WARMUP = 20
SMALL_WARMUP = 5
BASELINE_SLUG = "bench-baseline"


class BenchError(Exception):
    """A scenario did not do what it claims (wrong status, empty results, …)."""


class UsageError(BenchError):
    """The command line named something that does not exist (exit status 2)."""


def percentile(values, pct):
    """The ``pct``-th percentile (0–100) of ``values``, interpolating linearly between the
    two nearest ranks (NumPy's default "linear" method)."""
    if not values:
        raise ValueError("percentile() of no values")
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {pct}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def warn(message):
    print(f"bench: WARNING: {message}", file=sys.stderr, flush=True)


def env_int(name, default, minimum=1):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UsageError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise UsageError(f"{name} must be at least {minimum}, not {value}.")
    return value


# Scenarios ---------------------------------------------------------------------------


def discover_scenarios():
    """{NAME: module} for every module in bench/scenarios/."""
    scenarios = {}
    for info in sorted(pkgutil.iter_modules(bench.scenarios.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.scenarios.{info.name}")
        problems = [
            attribute for attribute in ("NAME", "VOLUME", "seed") if not hasattr(module, attribute)
        ]
        if not (hasattr(module, "requests") or hasattr(module, "run")):
            problems.append("requests or run")
        if problems:
            raise BenchError(f"bench/scenarios/{info.name}.py lacks {', '.join(problems)}.")
        if not isinstance(module.VOLUME, int) or module.VOLUME < 1:
            raise BenchError(f"bench/scenarios/{info.name}.py: VOLUME must be a positive int.")
        if module.NAME in scenarios:
            raise BenchError(f"Two scenarios are called {module.NAME!r}.")
        scenarios[module.NAME] = module
    return scenarios


def select_scenarios(available, names):
    unknown = [name for name in names if name not in available]
    if unknown:
        raise UsageError(
            f"Unknown scenario{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"Scenarios: {', '.join(sorted(available))}."
        )
    return [available[name] for name in (names or sorted(available))]


# Requests ------------------------------------------------------------------------------


def scenario_client(scenario):
    """A test client, logged in as the scenario's ``user()`` when it has one (a page for
    signed-in people); the baseline page is always fetched anonymously."""
    client = Client()
    if hasattr(scenario, "user"):
        client.force_login(scenario.user())
    return client


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise BenchError(f"GET {url} answered {response.status_code}, not 200.")
    return response


def check_responses(client, urls, check):
    """GET each URL once and run the scenario's ``check(response)`` on it; return the
    notes the checks gave back (e.g. "358 results"), for the log."""
    notes = []
    for url in urls:
        response = get(client, url)
        if check is not None and (note := check(response)):
            notes.append(f"{url}: {note}")
    return notes


def warm_up(client, urls, count):
    for i in range(count):
        get(client, urls[i % len(urls)])


def count_queries(client, urls):
    """The queries of one request to each URL: the highest count."""
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            get(client, url)
        counts.append(len(captured.captured_queries))
    return max(counts)


def timed_get(client, url):
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise BenchError(f"GET {url} answered {response.status_code}, not 200.")
    return elapsed


def time_requests(client, urls, baseline_client, baseline_url, count):
    """Server-side seconds of ``count`` GETs cycling through ``urls``, and of ``count`` GETs
    of ``baseline_url``, interleaved (A B, B A, A B…): a machine that slows down for a
    while slows both down alike, so their ratio stays meaningful."""
    gc.collect()
    timings, baseline = [], []
    for i in range(count):
        url = urls[i % len(urls)]
        if i % 2 == 0:
            timings.append(timed_get(client, url))
            baseline.append(timed_get(baseline_client, baseline_url))
        else:
            baseline.append(timed_get(baseline_client, baseline_url))
            timings.append(timed_get(client, url))
    return timings, baseline


def ms(seconds):
    return round(seconds * 1000, 2)


# The run ---------------------------------------------------------------------------------


class Harness:
    def __init__(self, requests=None, warmup=None):
        self.requests = requests or env_int("BENCH_REQUESTS", DEFAULT_REQUESTS)
        self.warmup = warmup if warmup is not None else env_int("BENCH_WARMUP", DEFAULT_WARMUP, 0)
        self.db = database.for_settings()
        self.baseline_url = None
        self.started = time.perf_counter()

    def log(self, message):
        log(f"[{time.perf_counter() - self.started:6.1f}s] {message}")

    def prepare(self):
        """A fresh database with the demo content and the baseline page, snapshotted."""
        if os.environ.get("DATABASE_URL", "").startswith("sqlite"):
            self.log("DATABASE_URL is SQLite: the benchmark uses its own file instead")
        self.log(f"creating {self.db}")
        self.db.create()
        self.db.speed_up_setup()
        call_command("migrate", interactive=False, verbosity=0)
        self.log("migrated; running seed_demo")
        # seed_demo's nested import_neighborhoods prints to sys.stdout: keep stdout for JSON.
        with redirect_stdout(StringIO()):
            call_command("seed_demo", stdout=StringIO(), verbosity=0)
        self.baseline_url = self.create_baseline_page()
        self.db.after_seed()
        self.db.snapshot()
        self.log("database ready")

    def create_baseline_page(self):
        """A bare leaf ContentPage (a title, nothing else), made the ordinary Wagtail way."""
        from engage.core.models import ContentPage

        page = ContentPage(title="Benchmark baseline", slug=BASELINE_SLUG)
        home_page().add_child(instance=page)
        page.save_revision().publish()
        return page.url

    def seed(self, scenario, volume):
        start = time.perf_counter()
        scenario.seed(volume)
        self.db.after_seed()
        self.log(f"{scenario.NAME}: seeded {volume:,} in {time.perf_counter() - start:.1f}s")

    def run_scenario(self, scenario):
        if hasattr(scenario, "run"):
            return self.run_custom(scenario)
        check = getattr(scenario, "check", None)
        small = max(1, scenario.VOLUME // 100)

        self.db.restore()
        self.seed(scenario, small)
        urls = list(scenario.requests())
        client = scenario_client(scenario)
        check_responses(client, urls, check)
        warm_up(client, urls, SMALL_WARMUP)
        queries_small = count_queries(client, urls)

        self.db.restore()
        self.seed(scenario, scenario.VOLUME)
        urls = list(scenario.requests())
        client, baseline_client = scenario_client(scenario), Client()
        for note in check_responses(client, urls, check):
            self.log(f"{scenario.NAME}: {note}")
        warm_up(client, urls, self.warmup)
        warm_up(baseline_client, [self.baseline_url], self.warmup)
        timings, baseline = time_requests(
            client, urls, baseline_client, self.baseline_url, self.requests
        )
        queries = count_queries(client, urls)
        self.log(f"{scenario.NAME}: timed {self.requests} requests (+ as many baseline)")

        p95 = percentile(timings, 95)
        baseline_p95 = percentile(baseline, 95)
        if queries != queries_small:
            warn(
                f"{scenario.NAME}: {queries} queries at volume {scenario.VOLUME:,} but "
                f"{queries_small} at {small:,}: the query count grows with the data."
            )
        return {
            "scenario": scenario.NAME,
            "volume": scenario.VOLUME,
            "p50_ms": ms(percentile(timings, 50)),
            "p95_ms": ms(p95),
            "queries": queries,
            "queries_small": queries_small,
            "baseline_p95_ms": ms(baseline_p95),
            "ratio": round(p95 / baseline_p95, 2),
        }

    def run_custom(self, scenario):
        """The hook for scenarios that measure something else (a concurrency run, say).

        The scenario is seeded at VOLUME, then ``scenario.run(harness)`` gets this object
        (``requests``, ``warmup``, ``baseline_url``, ``db``, ``log()``) and returns the
        dict to print, e.g. {"scenario", "clients", "seconds", "requests", "errors",
        "lost"}. See bench/README.md.
        """
        self.db.restore()
        self.seed(scenario, scenario.VOLUME)
        result = scenario.run(self)
        if not isinstance(result, dict) or result.get("scenario") != scenario.NAME:
            raise BenchError(f"{scenario.NAME}: run() must return a dict with its scenario name.")
        return result

    def run(self, scenarios):
        self.prepare()
        try:
            for scenario in scenarios:
                result = self.run_scenario(scenario)
                print(json.dumps(result), flush=True)
        finally:
            self.db.restore()
            self.db.drop_snapshot()
        self.log("done")


def main(argv):
    try:
        scenarios = select_scenarios(discover_scenarios(), argv)
        Harness().run(scenarios)
    except UsageError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    except BenchError as error:
        print(f"bench: FAILED: {error}", file=sys.stderr)
        return 1
    except AssertionError:
        traceback.print_exc()
        print("bench: FAILED: a scenario's check did not hold (above).", file=sys.stderr)
        return 1
    return 0
