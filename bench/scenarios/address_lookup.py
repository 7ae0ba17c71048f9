"""Address look-ups at city scale: 300,000 addresses imported with `import_addresses` from an
OpenAddresses-format CSV, then the suggestion endpoint and the reverse look-up timed apart.

The addresses are a grid over the demo city's box: 600 streets (60 names × 10 street
types) of 500 numbers each, about 30 m apart, so a reverse look-up's 80 m box holds a few
dozen candidates, as in a dense city. Prints one line:

    {"scenario", "volume", "import_seconds",
     "suggest_p50_ms", "suggest_p95_ms", "suggest_queries", "suggest_queries_small",
     "reverse_p50_ms", "reverse_p95_ms", "reverse_queries", "reverse_queries_small",
     "baseline_p95_ms", "database"}
"""

import csv
import json
import sys
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test import Client

from bench.harness import (
    BenchError,
    count_queries,
    ms,
    percentile,
    time_requests,
    warm_up,
)
from bench.reports import EAST, NORTH, SOUTH, WEST

NAME = "address-lookup"
VOLUME = 300_000

NAMES = [
    "Oak",
    "Maple",
    "Walnut",
    "Chestnut",
    "Spruce",
    "Pine",
    "Cedar",
    "Locust",
    "Poplar",
    "Cherry",
    "Race",
    "Vine",
    "Callowhill",
    "Spring",
    "Green",
    "Fairmount",
    "Brown",
    "Parrish",
    "Pratt",
    "Girard",
    "Master",
    "Jefferson",
    "Oxford",
    "Columbia",
    "Diamond",
    "Susquehanna",
    "Dauphin",
    "York",
    "Cumberland",
    "Huntingdon",
    "Lehigh",
    "Somerset",
    "Cambria",
    "Indiana",
    "Clearfield",
    "Allegheny",
    "Westmoreland",
    "Ontario",
    "Tioga",
    "Venango",
    "Erie",
    "Butler",
    "Pike",
    "Luzerne",
    "Roosevelt",
    "Hunting Park",
    "Wingohocking",
    "Belfield",
    "Chelten",
    "Washington",
    "Carpenter",
    "Christian",
    "Federal",
    "Wharton",
    "Reed",
    "Dickinson",
    "Tasker",
    "Morris",
    "Moore",
    "Mifflin",
]
TYPES = ["St", "Ave", "Rd", "Blvd", "Dr", "Ln", "Pl", "Ct", "Ter", "Way"]
NUMBERS_PER_STREET = 500

SUGGESTIONS = ["550 oak", "oak st 5", "chelten ave 1", "1000 walnut", "mifflin ter"]
REVERSE_POINTS = [(39.95, -75.16), (40.0, -75.2), (39.93, -75.12), (40.03, -75.18)]

_imported = {}


def _streets(volume):
    """As many streets as ``volume`` needs: "Oak St", "Maple St", … then "Oak Ave"…"""
    names = [f"{name} {kind}" for kind in TYPES for name in NAMES]
    count = max(1, volume // NUMBERS_PER_STREET)
    return [
        names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "")
        for i in range(count)
    ]


def write_csv(path, volume):
    streets = _streets(volume)
    per_street = max(1, volume // len(streets))
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "LON",
                "LAT",
                "NUMBER",
                "STREET",
                "UNIT",
                "CITY",
                "DISTRICT",
                "REGION",
                "POSTCODE",
                "ID",
                "HASH",
            ]
        )
        for s, street in enumerate(streets):
            lat = SOUTH + (s + 0.5) * (NORTH - SOUTH) / len(streets)
            for k in range(per_street):
                lng = WEST + (k + 0.5) * (EAST - WEST) / per_street
                writer.writerow(
                    [
                        f"{lng:.6f}",
                        f"{lat:.6f}",
                        100 + 2 * k,
                        street,
                        "",
                        "Philadelphia",
                        "",
                        "PA",
                        "19100",
                        "",
                        "",
                    ]
                )


def seed(volume):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "addresses.csv"
        write_csv(path, volume)
        start = time.perf_counter()
        call_command("import_addresses", str(path), "--batch-size", "5000", verbosity=0)
        _imported[volume] = time.perf_counter() - start


def suggest_urls():
    return [f"/en/places/suggest.json?q={q.replace(' ', '+')}" for q in SUGGESTIONS]


def reverse_urls():
    return [f"/en/places/reverse.json?lat={lat}&lng={lng}" for lat, lng in REVERSE_POINTS]


def check(client):
    for url in suggest_urls():
        if not json.loads(client.get(url).content)["results"]:
            raise BenchError(f"GET {url} suggested nothing.")
    for url in reverse_urls():
        if json.loads(client.get(url).content)["result"] is None:
            raise BenchError(f"GET {url} found no address nearby.")


def measure(harness, client, baseline_client, urls):
    warm_up(client, urls, harness.warmup)
    timings, baseline = time_requests(
        client, urls, baseline_client, harness.baseline_url, harness.requests
    )
    return timings, baseline, count_queries(client, urls)


def run(harness):
    client, baseline_client = Client(), Client()
    check(client)
    warm_up(baseline_client, [harness.baseline_url], harness.warmup)
    suggest, baseline_a, suggest_queries = measure(harness, client, baseline_client, suggest_urls())
    reverse, baseline_b, reverse_queries = measure(harness, client, baseline_client, reverse_urls())
    harness.log(f"{NAME}: timed {harness.requests} of each (+ as many baseline)")

    # The query counts must not grow with the data: count them again on a hundredth.
    harness.db.restore()
    harness.seed(sys.modules[__name__], VOLUME // 100)
    small = Client()
    suggest_small, reverse_small = (
        count_queries(small, suggest_urls()),
        count_queries(small, reverse_urls()),
    )
    return {
        "scenario": NAME,
        "volume": VOLUME,
        "import_seconds": round(_imported[VOLUME], 1),
        "suggest_p50_ms": ms(percentile(suggest, 50)),
        "suggest_p95_ms": ms(percentile(suggest, 95)),
        "suggest_queries": suggest_queries,
        "suggest_queries_small": suggest_small,
        "reverse_p50_ms": ms(percentile(reverse, 50)),
        "reverse_p95_ms": ms(percentile(reverse, 95)),
        "reverse_queries": reverse_queries,
        "reverse_queries_small": reverse_small,
        "baseline_p95_ms": ms(percentile(baseline_a + baseline_b, 95)),
        "database": connection.vendor,
    }
