"""The arithmetic every figure shares, written once so that two sections cannot round,
interpolate or cut a period differently (see ``docs/metrics.md``, "Conventions")."""

import datetime
import math

from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func, Q
from django.utils import timezone

SECONDS_PER_DAY = 86400
# Days are kept to two decimals (about a quarter of an hour) and shares to four, so the
# same figure computed by PostgreSQL and in Python is the same number.
DAY_DECIMALS = 2
SHARE_DECIMALS = 4


def on_postgresql():
    return connection.vendor == "postgresql"


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
    two nearest ranks, as PostgreSQL's ``percentile_cont`` computes it; None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def elapsed_seconds(later, earlier):
    """SQL: the seconds from ``earlier`` to ``later`` (two datetime columns), PostgreSQL."""
    return Func(
        F(later) - F(earlier),
        template="EXTRACT(EPOCH FROM %(expressions)s)",
        output_field=FloatField(),
    )


def duration_percentiles(queryset, later, earlier, *, group_by=None, fractions=(0.5, 0.9)):
    """{group value (or None): (cases, [days at each fraction])} of the time from
    ``earlier`` to ``later`` over ``queryset``: one grouped query on PostgreSQL; elsewhere
    the durations are read and interpolated here, by the same definition."""
    rows = queryset.order_by()
    if on_postgresql():
        aggregates = {
            f"p{index}": PercentileCont(elapsed_seconds(later, earlier), fraction)
            for index, fraction in enumerate(fractions)
        }
        values = (group_by,) if group_by else ()
        if values:
            grouped = rows.values(*values).annotate(cases=Count("pk"), **aggregates)
        else:
            grouped = [rows.aggregate(cases=Count("pk"), **aggregates)]
        found = {}
        for row in grouped:
            key = row[group_by] if group_by else None
            if row["cases"]:
                found[key] = (
                    row["cases"],
                    [days(row[f"p{index}"]) for index in range(len(fractions))],
                )
        return found
    spans = {}
    columns = [group_by] if group_by else []
    for row in rows.values_list(*columns, later, earlier):
        key = row[0] if group_by else None
        spans.setdefault(key, []).append((row[-2] - row[-1]).total_seconds())
    return {
        key: (len(values), [days(percentile(values, fraction)) for fraction in fractions])
        for key, values in spans.items()
    }


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
