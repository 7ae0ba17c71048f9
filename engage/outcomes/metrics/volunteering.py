"""Volunteering: events held (cleanups among them), volunteers who came, approved hours
and bags collected. The same definitions as the liaisons' own figures
(``liaisons.figures``), over any period of days. Definitions: docs/metrics.md."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.neighborhoods.models import Neighborhood
from liaisons.models import SignUp, VolunteerEvent, VolunteerHours

from . import Figure, Section, Table
from .calc import in_period

CLEANUP = "cleanup"  # the event kind's code, the same in every language


def held(period, neighborhood=None, now=None):
    """Published events that started on a day of the period, before now."""
    events = VolunteerEvent.objects.filter(
        in_period("starts_at", period),
        status=VolunteerEvent.Status.PUBLISHED,
        starts_at__lt=now or timezone.now(),
    )
    return events if neighborhood is None else events.filter(neighborhood=neighborhood)


def hours(period, neighborhood=None):
    given = VolunteerHours.objects.filter(
        status=VolunteerHours.Status.APPROVED, date__gte=period.start, date__lt=period.end
    )
    return given if neighborhood is None else given.filter(event__neighborhood=neighborhood)


def section(period, neighborhood=None, *, now=None):
    events = held(period, neighborhood, now)
    counts = events.aggregate(
        events=Count("pk"),
        cleanups=Count("pk", filter=Q(kind__code=CLEANUP)),
        bags=Sum("bags_collected"),
    )
    came = (
        SignUp.objects.filter(event__in=events, checked_in_at__isnull=False)
        .values("volunteer")
        .distinct()
        .count()
    )
    total_hours = hours(period, neighborhood).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    tables = []
    if neighborhood is None:
        tables.append(by_neighborhood(period, now))
    return Section(
        key="volunteering",
        title=_("Volunteering"),
        figures=[
            Figure("events", _("Volunteer events held"), counts["events"]),
            Figure("cleanups", _("Cleanups held"), counts["cleanups"]),
            Figure("volunteers", _("Volunteers who came"), came),
            Figure("hours", _("Volunteer hours (approved)"), float(total_hours), "hours"),
            Figure("bags", _("Bags collected"), counts["bags"] or 0),
        ],
        tables=tables,
    )


def by_neighborhood(period, now=None):
    events = {
        row["neighborhood"]: row
        for row in held(period, None, now)
        .values("neighborhood")
        .annotate(events=Count("pk"), bags=Sum("bags_collected"))
        .order_by()
    }
    given = dict(
        hours(period).values_list("event__neighborhood").annotate(total=Sum("hours")).order_by()
    )
    names = dict(Neighborhood.objects.values_list("pk", "name"))
    rows = []
    # Hours logged without an event have no neighborhood: their row comes last.
    for pk in sorted(set(events) | set(given), key=lambda pk: (pk is None, names.get(pk, ""))):
        row = events.get(pk, {})
        rows.append(
            (
                names[pk] if pk is not None else _("No neighborhood"),
                row.get("events", 0),
                row.get("bags") or 0,
                float(given.get(pk) or 0),
            )
        )
    return Table(
        key="volunteering_by_neighborhood",
        title=_("Volunteering by neighborhood"),
        columns=(_("Events held"), _("Bags collected"), _("Hours (approved)")),
        rows=tuple(rows),
    )
