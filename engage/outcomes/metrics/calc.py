"""The arithmetic every figure shares, written once so that two sections cannot round,
interpolate or cut a period differently (see ``docs/metrics.md``, "Conventions")."""

import datetime
import math

from django.db.models import Q
from django.utils import timezone

SECONDS_PER_DAY = 86400
# Days are kept to two decimals (about a quarter of an hour), shares to four.
DAY_DECIMALS = 2
SHARE_DECIMALS = 4


def in_period(field_name, period):
    """Rows whose ``field_name`` (a datetime) falls on a day of ``period``."""
    start, end = period.bounds()
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})


def share(part, whole):
    """``part`` of ``whole`` as a fraction 0–1 (four decimals), None when ``whole`` is 0."""
    if not whole:
        return None
    return round(part / whole, SHARE_DECIMALS)


def days(seconds):
    if seconds is None:
        return None
    return round(seconds / SECONDS_PER_DAY, DAY_DECIMALS)


def percentile(values, fraction):
    """The ``fraction`` (0–1) percentile of ``values`` by linear interpolation between the
    two nearest ranks (PostgreSQL's ``percentile_cont`` definition); None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def local_date(moment):
    return timezone.localtime(moment).date()


def buckets(period):
    """The trend's steps over ``period``: weeks (starting on Monday) for a period of up to
    92 days, months beyond; each a (first day, first day after) cut to the period."""
    steps = []
    if period.days <= 92:
        first = period.start - datetime.timedelta(days=period.start.weekday())
        while first < period.end:
            after = first + datetime.timedelta(days=7)
            steps.append((max(first, period.start), min(after, period.end)))
            first = after
        return steps, "week"
    first = period.start.replace(day=1)
    while first < period.end:
        after = (first + datetime.timedelta(days=32)).replace(day=1)
        steps.append((max(first, period.start), min(after, period.end)))
        first = after
    return steps, "month"
