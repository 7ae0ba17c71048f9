"""Open311 GET requests.json for a 30-day window, with 200,000 reports in the database."""

import json
from datetime import timedelta

from django.utils import timezone

from bench.reports import seed_reports

NAME = "open311-requests"
VOLUME = 200_000


def seed(volume):
    seed_reports(volume)


def requests():
    end = timezone.now()
    start = end - timedelta(days=30)
    return [
        "/open311/v2/requests.json?start_date="
        + start.strftime("%Y-%m-%dT%H:%M:%SZ")
        + "&end_date="
        + end.strftime("%Y-%m-%dT%H:%M:%SZ")
    ]


def check(response):
    found = json.loads(response.content)
    assert found, "The 30-day window returned no request."
    return f"{len(found)} requests"
