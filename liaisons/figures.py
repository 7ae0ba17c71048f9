"""The program's figures per neighborhood and month: liaisons serving, new volunteers,
events held, volunteers who came, hours given and bags collected.

Months are the site's (``TIME_ZONE``): an event on the evening of 31 March in Philadelphia
counts in March, whatever the hour in UTC. Each figure is one grouped query over the
period (the liaisons' terms are read once and spread over the months here, as a term
spans many months), so the table costs the same whatever the volume.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from engage.neighborhoods.models import Neighborhood

from .models import Liaison, SignUp, Volunteer, VolunteerEvent, VolunteerHours

COLUMNS = ("liaisons", "new_volunteers", "events", "attendance", "hours", "bags")


def month_start(day):
    return date(day.year, day.month, 1)


def next_month(month):
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_between(first, last):
    """Every month from ``first`` to ``last`` (first days of month), latest first."""
    months = []
    month = month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return list(reversed(months))


def months_before(month, count):
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def default_period(today=None):
    """The last twelve months, this one included."""
    last = month_start(today or timezone.localdate())
    return months_before(last, 11), last


def aware(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Row:
    month: date
    neighborhood: Neighborhood | None
    liaisons: int = 0
    new_volunteers: int = 0
    events: int = 0
    attendance: int = 0
    hours: Decimal = Decimal("0")
    bags: int = 0

    @property
    def is_empty(self):
        return not any(getattr(self, column) for column in COLUMNS)


@dataclass
class Figures:
    first: date
    last: date
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)


def _month(value):
    """A TruncMonth result (a date or an aware datetime) as the first day of the month."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return month_start(value)


def _grouped(queryset, month_field, neighborhood_field, *, is_date=False, **aggregates):
    """``aggregates`` per month (in the site's time zone) and neighborhood."""
    if is_date:
        truncated = TruncMonth(month_field)
    else:
        truncated = TruncMonth(month_field, tzinfo=timezone.get_current_timezone())
    return (
        queryset.annotate(figure_month=truncated)
        .values("figure_month", neighborhood_field)
        .annotate(**aggregates)
        .order_by()
    )


def _liaisons_per_month(first, end, neighborhood):
    """Terms serving at some time in each month, per neighborhood."""
    counts = defaultdict(int)
    links = Liaison.neighborhoods.through.objects.filter(
        liaison__started_at__lt=aware(end)
    ).exclude(liaison__ended_at__lt=aware(first))
    if neighborhood is not None:
        links = links.filter(neighborhood=neighborhood)
    for neighborhood_id, started, ended in links.values_list(
        "neighborhood_id", "liaison__started_at", "liaison__ended_at"
    ):
        month = max(month_start(timezone.localtime(started).date()), first)
        stop = month_start(timezone.localtime(ended).date()) if ended else end
        while month < end and month <= stop:
            counts[(month, neighborhood_id)] += 1
            month = next_month(month)
    return counts


def compute(first, last, neighborhood=None):
    """The figures from the month of ``first`` to that of ``last``, latest month first."""
    first, last = month_start(first), month_start(last)
    end = next_month(last)
    start_at, end_at = aware(first), aware(end)
    cells = defaultdict(dict)

    def scoped(queryset, path):
        return queryset.filter(**{path: neighborhood}) if neighborhood is not None else queryset

    for key, number in _liaisons_per_month(first, end, neighborhood).items():
        cells[key]["liaisons"] = number

    registrations = scoped(
        Volunteer.neighborhoods.through.objects.filter(
            volunteer__created_at__gte=start_at, volunteer__created_at__lt=end_at
        ),
        "neighborhood",
    )
    for row in _grouped(
        registrations, "volunteer__created_at", "neighborhood_id", number=Count("pk")
    ):
        cells[(_month(row["figure_month"]), row["neighborhood_id"])]["new_volunteers"] = row[
            "number"
        ]

    held = scoped(
        VolunteerEvent.objects.filter(
            status=VolunteerEvent.Status.PUBLISHED,
            starts_at__gte=start_at,
            starts_at__lt=min(end_at, timezone.now()),  # held: not those still to come
        ),
        "neighborhood",
    )
    for row in _grouped(
        held, "starts_at", "neighborhood_id", number=Count("pk"), bags=Sum("bags_collected")
    ):
        cell = cells[(_month(row["figure_month"]), row["neighborhood_id"])]
        cell["events"] = row["number"]
        cell["bags"] = row["bags"] or 0

    came = SignUp.objects.filter(event__in=held, checked_in_at__isnull=False)
    for row in _grouped(
        came, "event__starts_at", "event__neighborhood_id", number=Count("volunteer", distinct=True)
    ):
        cells[(_month(row["figure_month"]), row["event__neighborhood_id"])]["attendance"] = row[
            "number"
        ]

    hours = VolunteerHours.objects.filter(
        status=VolunteerHours.Status.APPROVED, date__gte=first, date__lt=end
    )
    if neighborhood is not None:
        hours = hours.filter(event__neighborhood=neighborhood)
    for row in _grouped(hours, "date", "event__neighborhood_id", is_date=True, total=Sum("hours")):
        cells[(_month(row["figure_month"]), row["event__neighborhood_id"])]["hours"] = row["total"]

    return _table(first, last, cells)


def _table(first, last, cells):
    names = Neighborhood.objects.in_bulk({key[1] for key in cells if key[1] is not None})
    rows = [
        Row(month=month, neighborhood=names.get(neighborhood_id), **values)
        for (month, neighborhood_id), values in cells.items()
    ]
    rows = [row for row in rows if not row.is_empty]
    # Latest month first; within a month by neighborhood name, hours without one last.
    rows.sort(
        key=lambda row: (
            row.neighborhood is None,
            row.neighborhood.name if row.neighborhood else "",
        )
    )
    rows.sort(key=lambda row: row.month, reverse=True)
    totals = {column: sum((getattr(row, column) for row in rows), 0) for column in COLUMNS}
    # A liaison serving all year is one liaison, not twelve: the total is of the last month.
    totals["liaisons"] = sum(row.liaisons for row in rows if row.month == last)
    return Figures(first=first, last=last, rows=rows, totals=totals)
