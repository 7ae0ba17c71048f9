"""Keeping the daily roll-ups of the report figures (``models.rollups``) exact.

A day's rows are computed by the same functions that compute a period live
(``metrics.reports.COUNTS`` and ``DURATIONS``) for that one day, so the figures read
from them are the live ones. Only whole days before today are rolled up; today is always
live. Two commands keep them:

- ``rebuild_figures`` (after loading data in bulk, and nightly): every day again;
- ``refresh_figures`` (cron, every few minutes): the days that changed since the last
  run — for each report updated since (every service that changes a report stamps
  ``updated_at``), the day it was filed, the day it was closed, and the days it was
  closed before (its history's status changes: a reopened report no longer says when it
  was closed) — and the new whole days.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from engage.reports.models import ReportEvent, ServiceReport

from .metrics import Period
from .metrics import reports as report_figures
from .metrics.calc import local_date
from .models import DailyCount, DailyDurations, RollupState


def day_rows(day):
    """The roll-up rows of one local day, computed live."""
    period = Period(day, day + datetime.timedelta(days=1))
    counts = [
        DailyCount(day=day, figure=figure, key=key, count=number)
        for figure, live in report_figures.COUNTS.items()
        for key, number in live(period).items()
        if number
    ]
    durations = [
        DailyDurations(day=day, figure=figure, key=key, seconds=seconds)
        for figure, live in report_figures.DURATIONS.items()
        for key, seconds in live(period).items()
    ]
    return counts, durations


@transaction.atomic
def build_days(days):
    """Replace the rows of ``days`` (local dates) with freshly computed ones."""
    days = sorted(set(days))
    if not days:
        return 0
    counts, durations = [], []
    for day in days:
        day_counts, day_durations = day_rows(day)
        counts += day_counts
        durations += day_durations
    DailyCount.objects.filter(day__in=days).delete()
    DailyDurations.objects.filter(day__in=days).delete()
    DailyCount.objects.bulk_create(counts, batch_size=2000)
    DailyDurations.objects.bulk_create(durations, batch_size=500)
    return len(days)


def _state():
    state = RollupState.objects.select_for_update().order_by("pk").first()
    return state or RollupState.objects.create()


def _days(first, end):
    day = first
    while day < end:
        yield day
        day += datetime.timedelta(days=1)


@transaction.atomic
def rebuild(now=None):
    """Every day from the first report's to yesterday; returns how many days."""
    started = now or timezone.now()
    today = local_date(started)
    state = _state()
    first = (
        ServiceReport.objects.order_by("submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    DailyCount.objects.all().delete()
    DailyDurations.objects.all().delete()
    built = build_days(_days(local_date(first), today)) if first else 0
    state.built_until, state.checked_at = today, started
    state.save()
    return built


@transaction.atomic
def refresh(now=None):
    """The days changed since the last run, and the new whole days; returns how many."""
    started = now or timezone.now()
    today = local_date(started)
    state = _state()
    if state.built_until is None or state.checked_at is None:
        return rebuild(started)
    changed = ServiceReport.objects.filter(updated_at__gte=state.checked_at)
    days = set(_days(state.built_until, today))
    for submitted_at, closed_at in changed.values_list("submitted_at", "closed_at"):
        days.add(local_date(submitted_at))
        if closed_at:
            days.add(local_date(closed_at))
    closings = ReportEvent.objects.filter(
        report__in=changed.values("pk"), kind=ReportEvent.Kind.STATUS
    ).values_list("created_at", flat=True)
    days.update(local_date(moment) for moment in closings)
    built = build_days(day for day in days if day < today)
    state.built_until, state.checked_at = today, started
    state.save()
    return built
