"""Service reports: received (by channel, category, neighborhood), days to resolve
(median and 90th percentile), the backlog by age at the end of the period, and the share
closed as "not the city's responsibility" per department. Definitions: docs/metrics.md."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from engage.neighborhoods.models import Neighborhood
from engage.reports.models import Department, ServiceCategory, ServiceReport

from . import Figure, Section, Table, daily
from .calc import days, in_period, percentile, share

Status = ServiceReport.Status
CLOSED_STATUSES = (Status.RESOLVED, Status.CLOSED)
AGE_BANDS = (28, 56)  # days: ≤4 weeks, 4–8 weeks, more than 8 weeks


def scoped(neighborhood, queryset=None):
    reports = ServiceReport.objects.all() if queryset is None else queryset
    return reports if neighborhood is None else reports.filter(neighborhood=neighborhood)


def received(period, neighborhood=None):
    return scoped(neighborhood).filter(in_period("submitted_at", period))


def resolved(period, neighborhood=None):
    """Reports that reached "resolved" on a day of the period (and are still resolved)."""
    return scoped(neighborhood).filter(in_period("closed_at", period), status=Status.RESOLVED)


def closed(period, neighborhood=None):
    """Reports resolved or closed without action on a day of the period; merged duplicates
    are left out (they follow the report they were merged into)."""
    return scoped(neighborhood).filter(in_period("closed_at", period), status__in=CLOSED_STATUSES)


def backlog_moment(period, now=None):
    """The backlog is counted at the end of the period, or now if that is still to come."""
    _start, end = period.bounds()
    return min(end, now or timezone.now())


def open_at(moment, neighborhood=None):
    """Reports received before ``moment`` and not closed by then (as far as the reports
    tell: a report reopened since carries no closing time)."""
    return scoped(neighborhood).filter(
        Q(status__in=ServiceReport.OPEN_STATUSES)
        | Q(status__in=(*CLOSED_STATUSES, Status.DUPLICATE), closed_at__gte=moment),
        submitted_at__lt=moment,
    )


def category_names(translation_keys):
    """{translation key: the category's name in the active language, else any}."""
    names = {}
    language = get_language()
    locale_ids = dict(Locale.objects.values_list("language_code", "pk"))
    active = locale_ids.get(language) or locale_ids.get((language or "").split("-")[0])
    for key, name, locale_id in ServiceCategory.objects.filter(
        translation_key__in=translation_keys
    ).values_list("translation_key", "name", "locale_id"):
        if str(key) not in names or locale_id == active:
            names[str(key)] = name
    return names


def _by_category_rows(counts):
    names = category_names(list(counts))
    return sorted((names.get(key, key), counts[key]) for key in counts)


def received_tables(period, neighborhood):
    by_channel = count("reports_received_channel", period, neighborhood)
    tables = [
        Table(
            key="received_by_channel",
            title=_("Reports received by channel"),
            columns=(_("Reports"),),
            rows=tuple(
                (str(label), by_channel.get(value, 0))
                for value, label in ServiceReport.Channel.choices
            ),
        )
    ]
    by_category = count("reports_received_category", period, neighborhood)
    tables.append(
        Table(
            key="received_by_category",
            title=_("Reports received by category"),
            columns=(_("Reports"),),
            rows=tuple(_by_category_rows(by_category)),
        )
    )
    if neighborhood is None:
        by_place = count("reports_received_neighborhood", period)
        names = {str(pk): name for pk, name in Neighborhood.objects.values_list("pk", "name")}
        rows = sorted((names[key], number) for key, number in by_place.items() if key)
        if by_place.get(""):
            rows.append((_("No neighborhood"), by_place[""]))
        tables.append(
            Table(
                key="received_by_neighborhood",
                title=_("Reports received by neighborhood"),
                columns=(_("Reports"),),
                rows=tuple(rows),
            )
        )
    return sum(by_channel.values()), tables


def resolution_times(period, neighborhood):
    if neighborhood is None:
        spans = daily.durations("reports_resolve_category", period, resolve_seconds)
    else:
        spans = resolve_seconds(period, neighborhood)
    every = [seconds for values in spans.values() for seconds in values]
    cases = len(every)
    median, p90 = days(percentile(every, 0.5)), days(percentile(every, 0.9))
    names = category_names(list(spans))
    rows = sorted(
        (
            names.get(key, key),
            days(percentile(values, 0.5)),
            days(percentile(values, 0.9)),
            len(values),
        )
        for key, values in spans.items()
        if values
    )
    figures = [
        Figure("resolved", _("Reports resolved"), cases),
        Figure("median_days_to_resolve", _("Median days to resolve"), median, "days", cases),
        Figure("p90_days_to_resolve", _("90th percentile of days to resolve"), p90, "days", cases),
    ]
    table = Table(
        key="days_to_resolve_by_category",
        title=_("Days to resolve by category"),
        columns=(_("Median"), _("90th percentile")),
        rows=tuple(row[:3] for row in rows),
        cases=tuple(row[3] for row in rows),
        unit="days",
    )
    return figures, table


def backlog(period, neighborhood, now=None):
    moment = backlog_moment(period, now)
    reports = open_at(moment, neighborhood)
    # Weeks on the calendar: four weeks before midnight is midnight, across a clock change.
    wall = timezone.localtime(moment)
    young = wall - datetime.timedelta(days=AGE_BANDS[0])
    middle = wall - datetime.timedelta(days=AGE_BANDS[1])
    counts = reports.aggregate(
        total=Count("pk"),
        young=Count("pk", filter=Q(submitted_at__gte=young)),
        middle=Count("pk", filter=Q(submitted_at__lt=young, submitted_at__gte=middle)),
        old=Count("pk", filter=Q(submitted_at__lt=middle)),
        overdue=Count("pk", filter=Q(due_at__lt=moment)),
    )
    figures = [
        Figure("backlog", _("Open reports at the end of the period"), counts["total"]),
        Figure(
            "backlog_overdue", _("Open and overdue at the end of the period"), counts["overdue"]
        ),
    ]
    table = Table(
        key="backlog_by_age",
        title=_("Open reports by age at the end of the period"),
        columns=(_("Open reports"),),
        rows=(
            (_("Up to 4 weeks"), counts["young"]),
            (_("4 to 8 weeks"), counts["middle"]),
            (_("More than 8 weeks"), counts["old"]),
            (_("Overdue (of any age)"), counts["overdue"]),
        ),
    )
    return figures, table


def not_city(period, neighborhood):
    closings = count("reports_closed_department", period, neighborhood)
    not_ours = count("reports_not_city_department", period, neighborhood)
    groups = [
        {"department": key, "number": number, "not_city": not_ours.get(key, 0)}
        for key, number in closings.items()
    ]
    names = {str(pk): name for pk, name in Department.objects.values_list("pk", "name")}
    rows, total, total_not_city = [], 0, 0
    for group in groups:
        total += group["number"]
        total_not_city += group["not_city"]
        name = names.get(group["department"]) if group["department"] else None
        rows.append((name, group["not_city"], group["number"]))
    rows.sort(key=lambda row: (row[0] is None, row[0] or ""))
    figure = Figure(
        "not_city_share",
        _("Closed as not the city's responsibility"),
        share(total_not_city, total),
        "share",
        total,
    )
    table = Table(
        key="not_city_by_department",
        title=_("Closed as not the city's responsibility, by department"),
        columns=(_("Share of the reports closed"),),
        rows=tuple((name or _("No department"), share(part, whole)) for name, part, whole in rows),
        cases=tuple(whole for _name, _part, whole in rows),
        unit="share",
    )
    return figure, table


def section(period, neighborhood=None, *, now=None):
    total, received_by = received_tables(period, neighborhood)
    resolution_figures, times = resolution_times(period, neighborhood)
    backlog_figures, ages = backlog(period, neighborhood, now)
    not_city_figure, not_city_table = not_city(period, neighborhood)
    return Section(
        key="reports",
        title=_("Service reports"),
        figures=[
            Figure("received", _("Reports received"), total),
            *resolution_figures,
            *backlog_figures,
            not_city_figure,
        ],
        tables=[*received_by, times, ages, not_city_table],
    )


# The figures the daily roll-ups keep (``engage.outcomes.rollups``): each computes, from
# the reports, {key: count} over a period, keys as text ("" for none).


def _grouped(queryset, field_name):
    rows = queryset.values_list(field_name).annotate(number=Count("pk")).order_by()
    return {("" if key is None else str(key)): number for key, number in rows}


def resolve_seconds(period, neighborhood=None):
    """{category translation key: [seconds from submitted to resolved]} of ``resolved``."""
    spans = {}
    rows = (
        resolved(period, neighborhood)
        .values_list("category__translation_key", "closed_at", "submitted_at")
        .order_by()
    )
    for key, closed_at, submitted_at in rows:
        spans.setdefault(str(key), []).append((closed_at - submitted_at).total_seconds())
    return spans


def cohort_keys(period, neighborhood=None):
    """The reports received in the period by what became of them: "dup" (merged into
    another), the local day they were resolved or closed (ISO), or "" (open)."""
    found = {}
    rows = received(period, neighborhood).values_list("status", "closed_at").order_by()
    for status, closed_at in rows:
        if status == Status.DUPLICATE:
            key = "dup"
        elif status in CLOSED_STATUSES and closed_at is not None:
            key = timezone.localtime(closed_at).date().isoformat()
        else:
            key = ""
        found[key] = found.get(key, 0) + 1
    return found


COUNTS = {
    "reports_cohort": cohort_keys,
    "reports_received_channel": lambda period, neighborhood=None: _grouped(
        received(period, neighborhood), "channel"
    ),
    "reports_received_category": lambda period, neighborhood=None: _grouped(
        received(period, neighborhood), "category__translation_key"
    ),
    "reports_received_neighborhood": lambda period, neighborhood=None: _grouped(
        received(period, neighborhood), "neighborhood"
    ),
    "reports_resolved_neighborhood": lambda period, neighborhood=None: _grouped(
        resolved(period, neighborhood), "neighborhood"
    ),
    "reports_closed_department": lambda period, neighborhood=None: _grouped(
        closed(period, neighborhood), "department"
    ),
    "reports_not_city_department": lambda period, neighborhood=None: _grouped(
        closed(period, neighborhood).filter(resolution=ServiceReport.Resolution.NOT_CITY),
        "department",
    ),
}
DURATIONS = {"reports_resolve_category": resolve_seconds}


def count(figure, period, neighborhood=None):
    """{key: count} of one of ``COUNTS`` over ``period``, from the roll-ups where they go."""
    return daily.counts(figure, period, COUNTS[figure], neighborhood)
