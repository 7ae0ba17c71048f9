"""The queries behind the events pages: the public list and its filters, the month
calendar, one event's targets, the open reports a cleanup may pick, the events a report
page names.

Query counts do not grow with the number of events: events come with their kind and
neighborhood (``select_related``), and the kinds' names in the active language are read
once for all kinds (``KindNames``).
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Locale

from engage.reports.models import ServiceReport

from ..models import EventKind, EventTarget, VolunteerEvent

PAGE_SIZE = 20
# The planning form lists at most this many open reports of the neighborhood, newest first.
MAX_CANDIDATE_REPORTS = 200
UPCOMING, PAST = "upcoming", "past"
# A day of the month calendar shows this many events, then "n more".
MAX_PER_DAY = 4


# Kinds in the active language ---------------------------------------------------------


def _locale_id(getter):
    try:
        return getter().pk
    except Locale.DoesNotExist:
        return None


class KindNames:
    """Every kind once, by code, in the active language when translated: one query."""

    def __init__(self):
        active, default = _locale_id(Locale.get_active), _locale_id(Locale.get_default)
        self.by_code = {}
        for kind in EventKind.objects.order_by("pk"):
            chosen = self.by_code.get(kind.code)
            if chosen is None or self._rank(kind, active, default) < self._rank(
                chosen, active, default
            ):
                self.by_code[kind.code] = kind

    @staticmethod
    def _rank(kind, active, default):
        return 0 if kind.locale_id == active else 1 if kind.locale_id == default else 2

    def name(self, kind):
        return self.by_code.get(kind.code, kind).name

    def choices(self):
        kinds = sorted(self.by_code.values(), key=lambda kind: kind.name.casefold())
        return [(kind.code, kind.name) for kind in kinds]

    def label(self, events):
        for event in events:
            event.kind_name = self.name(event.kind)
        return events


# The public list -------------------------------------------------------------------------


def public_events():
    # A neighborhood's boundary is a polygon of JSON no list shows: not read once per event.
    return (
        VolunteerEvent.objects.public()
        .select_related("kind", "neighborhood", "liaison")
        .defer("neighborhood__boundary")
    )


def filter_events(events, filters, now=None):
    """``filters`` as ``EventFilterForm.filters()`` gives them; upcoming events by default."""
    now = now or timezone.now()
    if neighborhood := filters.get("neighborhood"):
        events = events.filter(neighborhood=neighborhood)
    if kind := filters.get("kind"):
        events = events.filter(kind__code=kind)
    if start := filters.get("start"):
        events = events.filter(ends_at__gte=_day_start(start))
    if end := filters.get("end"):
        events = events.filter(starts_at__lt=_day_start(end + timedelta(days=1)))
    if filters.get("when") == PAST:
        return events.past(now).order_by("-starts_at", "-pk")
    if filters.get("when") == UPCOMING or not (filters.get("start") or filters.get("end")):
        events = events.upcoming(now)
    return events.order_by("starts_at", "pk")


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def event_page(filters, number, names):
    page = Paginator(filter_events(public_events(), filters), PAGE_SIZE).get_page(number)
    names.label(page.object_list)
    return page


def unpublished_of(user):
    """The person's own events still waiting for staff or declined, that have not ended."""
    if not user.is_authenticated:
        return []
    return list(
        VolunteerEvent.objects.filter(
            organiser=user,
            status__in=(VolunteerEvent.Status.PENDING, VolunteerEvent.Status.DECLINED),
        )
        .upcoming()
        .order_by("starts_at", "pk")
    )


def filter_query(filters):
    values = {
        "neighborhood": lambda n: n.slug,
        "start": date.isoformat,
        "end": date.isoformat,
    }
    return "&".join(
        f"{name}={values.get(name, str)(value)}" for name, value in filters.items() if value
    )


# The month calendar ----------------------------------------------------------------------


@dataclass
class CalendarDay:
    """One day of the month grid: the first events starting that local day, and how many
    more there are (a busy day links to the list of that day instead of growing)."""

    date: date
    events: list = field(default_factory=list)
    more: int = 0


def month_weeks(year, month, filters, names):
    """The weeks of the month (Sunday first, as US calendars are), each seven
    ``CalendarDay``s, None for the days of the months around it."""
    first = date(year, month, 1)
    following = (first + timedelta(days=31)).replace(day=1)
    events = filter_events(
        public_events(), {**filters, "start": first, "end": following - timedelta(days=1)}
    ).filter(starts_at__gte=_day_start(first), starts_at__lt=_day_start(following))
    # A busy month has hundreds of events but shows at most MAX_PER_DAY a day: read only
    # when each starts, then load just the events shown.
    days, shown = {}, {}
    for pk, starts_at in events.values_list("pk", "starts_at"):
        local_date = timezone.localtime(starts_at).date()
        day = days.setdefault(local_date, CalendarDay(local_date))
        if len(shown.setdefault(local_date, [])) < MAX_PER_DAY:
            shown[local_date].append(pk)
        else:
            day.more += 1
    wanted = [pk for pks in shown.values() for pk in pks]
    for event in names.label(
        list(public_events().filter(pk__in=wanted).order_by("starts_at", "pk"))
    ):
        event.local_start = timezone.localtime(event.starts_at)
        event.url = event.get_absolute_url()  # once, though the grid and the list both link it
        days[event.local_start.date()].events.append(event)
    weeks = calendar.Calendar(firstweekday=6).monthdatescalendar(year, month)
    return [
        [days.get(day, CalendarDay(day)) if day.month == month else None for day in week]
        for week in weeks
    ]


# One event --------------------------------------------------------------------------------


def event_targets(event):
    """The reports an event addresses, with their categories, in the order they were chosen."""
    return list(
        EventTarget.objects.filter(event=event)
        .select_related("report__category", "report__neighborhood")
        .order_by("pk")
    )


def report_categories():
    """The category codes a cleanup may pick reports of (empty: every category)."""
    return set(settings.VOLUNTEER_EVENT_REPORT_CATEGORIES)


def candidate_reports(neighborhood, keep=()):
    """The open reports of ``neighborhood`` a cleanup may pick, newest first, and the
    reports in ``keep`` (an event's current targets) whatever they have become."""
    if neighborhood is None:
        return ServiceReport.objects.none()
    reports = ServiceReport.objects.open().filter(neighborhood=neighborhood)
    if codes := report_categories():
        reports = reports.filter(category__code__in=codes)
    picked = Q(pk__in=[report.pk for report in keep])
    pks = list(
        reports.order_by("-submitted_at", "-pk").values_list("pk", flat=True)[
            :MAX_CANDIDATE_REPORTS
        ]
    )
    return (
        ServiceReport.objects.filter(Q(pk__in=pks) | picked)
        .select_related("category", "neighborhood")
        .order_by("-submitted_at", "-pk")
    )


# Events a report page names ---------------------------------------------------------------


def events_for_report(report):
    """The published or cancelled events that set out to fix ``report``, soonest first."""
    return list(
        VolunteerEvent.objects.public()
        .filter(targets__report=report)
        .select_related("kind")
        .order_by("starts_at", "pk")
    )
