"""iCalendar files of volunteer events, for calendar apps.

    /<language>/volunteer/events.ics                 every public event, upcoming and recent
    /<language>/volunteer/events/in/<slug>.ics       those of one neighborhood
    /<language>/volunteer/events/<pk>/event.ics      one event ("Add to calendar")
    /<language>/volunteer/c/<token>.ics              a volunteer's own sign-ups (private)

What calendar users of other platforms keep asking for: every entry links back to its
page (URL, and the address again in the description, which is all some apps show); the
times carry their time zone (DTSTART;TZID=… with the VTIMEZONE it names, so a phone in
another zone shows the right hour); text is UTF-8 with iCalendar's escaping, so accents
and commas come through; the labels are in the language of the address (/es/ → Spanish);
the private feed's address is short (calendar apps refuse long ones) and its secret can
be replaced. A cancelled event stays in the feed with STATUS:CANCELLED, so calendars that
already hold it cross it out rather than keep showing it.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Calendar, Event, Timezone
from wagtail.models import Locale

from engage.core.branding import city_name
from engage.neighborhoods.models import Neighborhood

from .models import EventKind, SignUp, Volunteer, VolunteerEvent

# Events that ended longer ago than this leave the public feeds.
RECENT = datetime.timedelta(days=30)
# How often calendar apps should fetch a feed again.
REFRESH = datetime.timedelta(hours=1)


def _uid_domain():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "engage.localhost"


def event_uid(event):
    """The same in every feed, language and request, so calendars update one entry."""
    return f"volunteer-event-{event.pk}@{_uid_domain()}"


def _description(event, url):
    lines = [event.description.strip(), ""]
    lines.append(_("Meeting point: %(place)s") % {"place": event.meeting_point})
    if event.supplies_provided:
        lines.append(_("Supplies provided: %(supplies)s") % {"supplies": event.supplies_provided})
    if event.what_to_bring:
        lines.append(_("What to bring: %(things)s") % {"things": event.what_to_bring})
    if event.status == VolunteerEvent.Status.CANCELLED:
        lines.append(_("This event was cancelled."))
        if event.cancel_reason:
            lines.append(event.cancel_reason)
    lines += ["", _("Details and sign-up: %(url)s") % {"url": url}]
    return "\n".join(lines)


def _summary(event, signup=None):
    title = event.title
    if event.status == VolunteerEvent.Status.CANCELLED:
        return _("Cancelled: %(title)s") % {"title": title}
    if signup is not None and signup.status == SignUp.Status.WAITLISTED:
        return _("Waitlist: %(title)s") % {"title": title}
    if signup is not None and signup.status == SignUp.Status.OFFERED:
        return _("Place offered: %(title)s") % {"title": title}
    return title


def kind_names(events):
    """{kind pk: its name in the active language}, in one query whatever the events."""
    kinds = {event.kind_id: event.kind for event in events}
    names = {pk: kind.name for pk, kind in kinds.items()}
    try:
        locale = Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return names
    translated = dict(
        EventKind.objects.filter(
            locale=locale, translation_key__in={k.translation_key for k in kinds.values()}
        ).values_list("translation_key", "name")
    )
    return {pk: translated.get(kind.translation_key, kind.name) for pk, kind in kinds.items()}


def calendar_event(request, event, zone, signup=None, kind_name=""):
    """The VEVENT of ``event``; ``signup`` marks the person's waitlist place or offer."""
    url = request.build_absolute_uri(event.get_absolute_url())
    entry = Event()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", event.updated_at)
    entry.add("last-modified", event.updated_at)
    # Higher with every change, so calendar apps take the newer version of the entry.
    entry.add("sequence", int(event.updated_at.timestamp()) - int(event.created_at.timestamp()))
    entry.add("summary", _summary(event, signup))
    entry.add("dtstart", event.starts_at.astimezone(zone))
    entry.add("dtend", event.ends_at.astimezone(zone))
    entry.add("location", f"{event.meeting_point}, {event.neighborhood.name}")
    entry.add("geo", (event.lat, event.lng))
    entry.add("url", url)
    entry.add("description", _description(event, url))
    entry.add("categories", [kind_name or event.kind.name])
    if event.status == VolunteerEvent.Status.CANCELLED:
        entry.add("status", "CANCELLED")
    elif signup is not None and signup.status != SignUp.Status.CONFIRMED:
        entry.add("status", "TENTATIVE")
    else:
        entry.add("status", "CONFIRMED")
    return entry


def build_calendar(request, name, entries):
    """A calendar of ``entries`` (events, or (event, signup) pairs) with its VTIMEZONE."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", f"-//{city_name()}//Engage volunteer events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    pairs = [entry if isinstance(entry, tuple) else (entry, None) for entry in entries]
    first = min([timezone.localdate(), *(e.starts_at.astimezone(zone).date() for e, _s in pairs)])
    last = max([timezone.localdate(), *(e.ends_at.astimezone(zone).date() for e, _s in pairs)])
    # The VTIMEZONE of the site's zone with its daylight-saving changes over the years the
    # entries span, even in an empty calendar (an app adding to it still knows the zone).
    calendar.add_component(
        Timezone.from_tzid(
            zone.key,
            first_date=first.replace(month=1, day=1),
            last_date=last.replace(year=last.year + 1, month=1, day=1),
        )
    )
    names = kind_names([event for event, _signup in pairs])
    for event, signup in pairs:
        calendar.add_component(
            calendar_event(request, event, zone, signup, kind_name=names[event.kind_id])
        )
    return calendar


def _ics_response(calendar, filename, *, private=False):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        # The secret is in the address: keep it out of shared caches and referrers.
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
    return response


def _public_events(now):
    return (
        VolunteerEvent.objects.public()
        .filter(ends_at__gte=now - RECENT)
        .select_related("neighborhood", "kind")
        .order_by("starts_at", "pk")
    )


def feed(request):
    events = _public_events(timezone.now())
    name = _("Volunteer events · %(city)s") % {"city": city_name()}
    return _ics_response(build_calendar(request, name, events), "volunteer-events.ics")


def neighborhood_feed(request, slug):
    neighborhood = get_object_or_404(Neighborhood, slug=slug)
    events = _public_events(timezone.now()).filter(neighborhood=neighborhood)
    name = _("Volunteer events in %(neighborhood)s") % {"neighborhood": neighborhood.name}
    return _ics_response(build_calendar(request, name, events), f"volunteer-events-{slug}.ics")


def event_ics(request, pk):
    event = get_object_or_404(
        VolunteerEvent.objects.public().select_related("neighborhood", "kind"), pk=pk
    )
    return _ics_response(build_calendar(request, event.title, [event]), f"event-{event.pk}.ics")


def volunteer_feed(request, token):
    volunteer = Volunteer.objects.filter(calendar_token=token).first()
    if volunteer is None:
        raise Http404(_("This calendar address is not valid any more."))
    signups = (
        SignUp.objects.live()
        .filter(volunteer=volunteer, event__ends_at__gte=timezone.now() - RECENT)
        .filter(event__in=VolunteerEvent.objects.public())
        .select_related("event__neighborhood", "event__kind")
        .order_by("event__starts_at", "pk")
    )
    name = pgettext("calendar name", "My volunteering · %(city)s") % {"city": city_name()}
    entries = [(signup.event, signup) for signup in signups]
    calendar = build_calendar(request, name, entries)
    return _ics_response(calendar, "my-volunteering.ics", private=True)
