"""Reading a figure's counts over a period from the daily roll-ups (``models.rollups``)
for the days they cover, and live for the days after (today, or days not rolled up yet).
A neighborhood's figures are always live: they read a small share of the rows."""

import datetime
from collections import Counter

from django.db.models import Sum

from ..models import DailyCount, DailyDurations, RollupState
from . import Period


def rolled_until():
    """The first day not rolled up (None: nothing is)."""
    state = RollupState.objects.order_by("pk").first()
    return state.built_until if state else None


def split(period, until):
    """(the part of ``period`` the roll-ups cover, the part computed live); either None."""
    if until is None or until <= period.start:
        return None, period
    if until >= period.end:
        return period, None
    return Period(period.start, until), Period(until, period.end)


def counts(figure, period, live, neighborhood=None):
    """{key: count} of ``figure`` over ``period``; ``live(period, neighborhood)`` computes
    the same from the rows."""
    if neighborhood is not None:
        return live(period, neighborhood)
    rolled, rest = split(period, rolled_until())
    found = Counter()
    if rolled:
        rows = (
            DailyCount.objects.filter(figure=figure, day__gte=rolled.start, day__lt=rolled.end)
            .values_list("key")
            .annotate(total=Sum("count"))
            .order_by()
        )
        found.update(dict(rows))
    if rest:
        found.update(live(rest, None))
    return {key: number for key, number in found.items() if number}


def counts_by_day(figure, period):
    """{day: count} of ``figure`` on the rolled-up days of ``period``, and the live part
    of it (a Period or None) left for the caller."""
    rolled, rest = split(period, rolled_until())
    found = {}
    if rolled:
        rows = (
            DailyCount.objects.filter(figure=figure, day__gte=rolled.start, day__lt=rolled.end)
            .values_list("day")
            .annotate(total=Sum("count"))
            .order_by()
        )
        found = dict(rows)
    return found, rest


def durations(figure, period, live):
    """{key: [seconds]} of ``figure`` over ``period`` (city-wide)."""
    rolled, rest = split(period, rolled_until())
    found = {}
    if rolled:
        rows = DailyDurations.objects.filter(
            figure=figure, day__gte=rolled.start, day__lt=rolled.end
        ).values_list("key", "seconds")
        for key, seconds in rows:
            found.setdefault(key, []).extend(seconds)
    if rest:
        for key, seconds in live(rest).items():
            found.setdefault(key, []).extend(seconds)
    return found


def days_of(period):
    day = period.start
    while day < period.end:
        yield day
        day += datetime.timedelta(days=1)
