"""The public face of volunteer events: the filterable list, the month calendar and an
event's page. The queries are in ``liaisons.listing.events``, the filter forms in
``liaisons.filters.events``."""

from datetime import timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from engage.neighborhoods import maps
from engage.reports.listing import CategoryNames

from .. import rules
from ..filters.events import CalendarFilterForm, EventFilterForm
from ..listing import events as listing
from ..models import VolunteerEvent


@require_safe
def event_list(request):
    names = listing.KindNames()
    form = EventFilterForm(request.GET or None, kind_names=names)
    filters = form.filters()
    page = listing.event_page(filters, request.GET.get("page"), names)
    return render(
        request,
        "liaisons/events/event_list.html",
        {
            "form": form,
            "filters": filters,
            "ignored_filters": form.ignored(),
            "page_obj": page,
            "events": page.object_list,
            "filter_query": listing.filter_query(filters),
            "past": filters.get("when") == listing.PAST,
            "can_plan": rules.why_not_plan_events(request.user) is None,
            "my_unpublished": listing.unpublished_of(request.user),
        },
    )


def _kept_filters(filters, **params):
    """The calendar's own filters (neighborhood, kind) with ``params``, as a query string."""
    if neighborhood := filters.get("neighborhood"):
        params["neighborhood"] = neighborhood.slug
    if kind := filters.get("kind"):
        params["kind"] = kind
    return "?" + urlencode(params)


def day_list_url(day, filters):
    """The list of one day's events, for a busy day of the calendar."""
    return reverse("liaisons:events") + _kept_filters(
        filters, start=day.isoformat(), end=day.isoformat()
    )


def _month_url(first_day, filters):
    return _kept_filters(filters, month=first_day.strftime("%Y-%m"))


@require_safe
def event_calendar(request):
    names = listing.KindNames()
    form = CalendarFilterForm(request.GET or None, kind_names=names)
    filters = form.filters()
    month = form.shown_month()
    weeks = listing.month_weeks(month.year, month.month, filters, names)
    for day in (day for week in weeks for day in week if day and day.more):
        day.more_url = day_list_url(day.date, filters)
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=31)).replace(day=1)
    return render(
        request,
        "liaisons/events/event_calendar.html",
        {
            "form": form,
            "ignored_filters": form.ignored(),
            "month": month,
            "weeks": weeks,
            "weekdays": calendar_weekdays(weeks),
            "days_with_events": [day for week in weeks for day in week if day and day.events],
            "previous_url": _month_url(previous, filters),
            "next_url": _month_url(following, filters),
        },
    )


def calendar_weekdays(weeks):
    """The dates of a week without blanks (the second week is always whole), for the
    names of the days over the grid."""
    return [day.date for day in weeks[1]]


@require_safe
def event_detail(request, pk):
    event = get_object_or_404(
        VolunteerEvent.objects.select_related("kind", "neighborhood", "liaison", "organiser"),
        pk=pk,
    )
    if not rules.can_see_event(request.user, event):
        raise Http404
    event.kind_name = listing.KindNames().name(event.kind)
    targets = listing.event_targets(event)
    categories = CategoryNames()
    for target in targets:
        target.report.category_name = categories.name(target.report.category)
    return render(
        request,
        "liaisons/events/event_detail.html",
        {
            "event": event,
            "targets": targets,
            "organiser_name": organiser_name(event),
            "can_manage": rules.why_not_manage_event(request.user, event) is None,
            "location_config": maps.location_config(event.lat, event.lng, [event.neighborhood]),
        },
    )


def organiser_name(event):
    """The liaison's public name; for staff's own events, the city's staff."""
    if event.liaison is not None:
        return event.liaison.display_name
    return event.organiser.get_full_name() or str(event.organiser.public_name)
