"""What a liaison's dashboard shows for their neighborhoods, a few queries each.

Every list is a count and one page (or the first few rows), read with what its template
needs joined, so the page costs the same number of queries however many reports,
volunteers and events a neighborhood has (``bench/scenarios/liaisons_dashboard.py``).
Ideas and surveys come through ``engage.core.neighborhood``: this part may not import
them.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from engage.core.neighborhood import SHOWN, neighborhood_sections
from engage.neighborhoods.maps import browse_map_config, neighborhoods_geojson
from engage.neighborhoods.models import Neighborhood
from engage.reports.listing import CategoryNames, with_category_names
from engage.reports.maps import legend_statuses
from engage.reports.models import ServiceReport

from ..models import EventKind, SignUp, Volunteer, VolunteerEvent
from ..rules import active_liaison, scope_neighborhood_ids

REPORTS_PER_PAGE = 10
VOLUNTEERS_PER_PAGE = 10
ALL_OPEN = "open"
OVERDUE = "overdue"


@dataclass
class Scope:
    """The neighborhoods the dashboard shows, among those the person may choose."""

    choices: list  # the neighborhoods offered (all of them for staff)
    shown: list  # the ones shown now
    ignored: str = ""  # a neighborhood asked for that the person may not see

    @property
    def ids(self):
        return frozenset(n.pk for n in self.shown)


def dashboard_scope(user, slug=""):
    """A liaison sees their neighborhoods (all, or one of them); staff pick one."""
    allowed = scope_neighborhood_ids(user)
    choices = Neighborhood.objects.only("pk", "name", "slug").order_by("name")
    if allowed is not None:
        choices = choices.filter(pk__in=allowed)
    choices = list(choices)
    chosen = [n for n in choices if n.slug == slug]
    if chosen:
        return Scope(choices, _whole(chosen))
    shown = [] if allowed is None else _whole(choices)
    return Scope(choices, shown, ignored=slug)


def _whole(neighborhoods):
    """The neighborhoods shown, with their outlines and boxes (the choices have only names)."""
    return list(Neighborhood.objects.filter(pk__in=[n.pk for n in neighborhoods]).order_by("name"))


# Reports ---------------------------------------------------------------------------------


def open_reports(neighborhood_ids):
    return (
        ServiceReport.objects.public()
        .open()
        .filter(neighborhood_id__in=neighborhood_ids)
        .select_related("category", "neighborhood")
    )


def report_page(neighborhood_ids, which, number):
    """A page of the open reports (or only the overdue ones, longest overdue first),
    with their localized category names, and how many are overdue."""
    reports = open_reports(neighborhood_ids)
    overdue = reports.overdue()
    if which == OVERDUE:
        shown = overdue.order_by("due_at", "pk")
    else:
        shown = reports.order_by("-submitted_at", "-pk")
    page = Paginator(shown, REPORTS_PER_PAGE).get_page(number)
    page.object_list = with_category_names(list(page.object_list), CategoryNames())
    overdue_count = page.paginator.count if which == OVERDUE else overdue.count()
    return page, overdue_count


def neighborhoods_box(neighborhoods):
    """(west, south, east, north) around ``neighborhoods``."""
    return (
        min(n.min_lng for n in neighborhoods),
        min(n.min_lat for n in neighborhoods),
        max(n.max_lng for n in neighborhoods),
        max(n.max_lat for n in neighborhoods),
    )


def report_map_config(neighborhoods, reports):
    """The map of the reports listed (the list beside it is the same reports, as text)."""
    now = timezone.now()
    return browse_map_config(
        neighborhoods_box(neighborhoods),
        neighborhoods=neighborhoods_geojson(neighborhoods),
        reports=[
            {
                "reference": report.reference,
                "point": [report.lat, report.lng],
                "title": report.category_name,
                "status": report.status,
                "statusLabel": str(report.get_status_display()),
                "overdue": bool(report.due_at and report.due_at < now),
                "url": report.get_absolute_url(),
            }
            for report in reports
            if report.lat is not None and report.lng is not None
        ],
        text={
            # %s is replaced by a reference in the browser.
            "report": _("Report %s"),
            "overdue": _("Overdue"),
        },
    )


# Events and volunteers ---------------------------------------------------------------------


def kind_names():
    """Each kind of event's name in the active language (else any), by its code."""
    names = {}
    active = Locale.get_active().pk
    for code, name, locale_id in EventKind.objects.values_list("code", "name", "locale_id"):
        if code not in names or locale_id == active:
            names[code] = name
    return names


def upcoming_events(neighborhood_ids, user):
    """The next published events here, and those waiting for staff that this person
    organised (a liaison sees their own before staff approve them)."""
    events = (
        VolunteerEvent.objects.upcoming()
        .in_neighborhoods(neighborhood_ids)
        .filter(
            Q(status=VolunteerEvent.Status.PUBLISHED)
            | Q(status=VolunteerEvent.Status.PENDING, organiser=user)
        )
        .select_related("kind", "neighborhood")
        .order_by("starts_at", "pk")
    )
    count = events.count()
    shown = list(events[:SHOWN]) if count else []
    names = kind_names() if shown else {}
    for event in shown:
        event.kind_name = names.get(event.kind.code, event.kind.name)
    return shown, count


def volunteer_ids_here(neighborhood_ids):
    """The ids of the volunteers registered in these neighborhoods, read from the
    neighborhoods' side of the link (its index), each volunteer once."""
    rows = Volunteer.neighborhoods.through.objects.filter(
        neighborhood_id__in=neighborhood_ids
    ).values_list("volunteer_id", flat=True)
    return rows.distinct() if len(neighborhood_ids) > 1 else rows


def volunteer_page(neighborhood_ids, number):
    """A page of the neighborhoods' volunteers, newest first: paged on the link table (a
    count and a slice of its index), then the page's volunteers in one query."""
    ids = volunteer_ids_here(neighborhood_ids).order_by("-volunteer_id")
    page = Paginator(ids, VOLUNTEERS_PER_PAGE).get_page(number)
    found = Volunteer.objects.in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    return page


# The figure the program is judged by ---------------------------------------------------------


@dataclass
class Figure:
    number: int
    label: str


def contributions(user, neighborhood_ids, sections, *, here_count=None):
    """What came through this liaison: the reports they filed for neighbors (channel
    "liaison"), what the other parts count for them (ideas they shared here), and the
    volunteers of their neighborhoods or of the events they organised."""
    term = active_liaison(user)
    if term is None:
        return None
    reports = ServiceReport.objects.filter(
        filed_by=user, channel=ServiceReport.Channel.LIAISON
    ).count()
    figures = [
        Figure(
            reports, ngettext("report filed for a neighbor", "reports filed for neighbors", reports)
        )
    ]
    figures += [
        Figure(section.contribution.number, section.contribution.label)
        for section in sections
        if section.contribution is not None
    ]
    mine = term_neighborhood_ids(term)
    if here_count is None or mine != frozenset(neighborhood_ids):
        here_count = volunteer_ids_here(mine).count()
    # Volunteers of other neighborhoods who came to (or signed up for) my events.
    from_elsewhere = (
        SignUp.objects.filter(event__liaison__user=user)
        .exclude(status__in=(SignUp.Status.CANCELLED, SignUp.Status.LAPSED))
        .exclude(volunteer_id__in=volunteer_ids_here(mine))
        .values("volunteer_id")
        .distinct()
        .count()
    )
    volunteers = here_count + from_elsewhere
    figures.append(
        Figure(
            volunteers,
            ngettext(
                "volunteer in your neighborhoods or at your events",
                "volunteers in your neighborhoods or at your events",
                volunteers,
            ),
        )
    )
    return {"total": sum(f.number for f in figures), "figures": figures}


def term_neighborhood_ids(term):
    return frozenset(n.pk for n in term.neighborhoods.all())


def dashboard_context(user, scope, *, which, report_number, volunteer_number):
    """Everything the dashboard shows for ``scope.shown`` (nothing when none is chosen)."""
    context = {"scope": scope, "which": which}
    if not scope.shown:
        return context
    ids = scope.ids
    reports, overdue_count = report_page(ids, which, report_number)
    sections = neighborhood_sections(ids, user)
    events, event_count = upcoming_events(ids, user)
    volunteers = volunteer_page(ids, volunteer_number)
    context |= {
        "reports": reports,
        "overdue_count": overdue_count,
        "open_count": reports.paginator.count if which != OVERDUE else open_reports(ids).count(),
        "map_config": report_map_config(scope.shown, reports.object_list),
        "open_statuses": [
            (value, label)
            for value, label in legend_statuses()
            if value in ServiceReport.OPEN_STATUSES
        ],
        "sections": sections,
        "events": events,
        "event_count": event_count,
        "volunteers": volunteers,
        "contributions": contributions(user, ids, sections, here_count=volunteers.paginator.count),
        "file_report_url": reverse("reports:new"),
    }
    return context
