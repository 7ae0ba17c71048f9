"""GeoJSON for the map, for a city-wide box, with 200,000 reports in the database."""

import json

from bench.reports import EAST, NORTH, SOUTH, WEST, seed_reports

NAME = "reports-geojson"
VOLUME = 200_000


def seed(volume):
    seed_reports(volume)


def requests():
    return [f"/en/reports/reports.geojson?bbox={WEST},{SOUTH},{EAST},{NORTH}"]


def check(response):
    features = json.loads(response.content)["features"]
    assert features, "The city-wide box returned no report."
    return f"{len(features)} features"
