"""The iCalendar files, read back with the ``icalendar`` package."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Locale

from liaisons.models import SignUp, VolunteerEvent
from liaisons.services import signups as services
from tests.factories import NeighborhoodFactory
from tests.liaisons.factories import EventFactory, VolunteerFactory
from tests.liaisons.signups_support import event_at

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo("America/New_York")


def read(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_of(calendar):
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def local_ten_am(days):
    day = timezone.localtime() + datetime.timedelta(days=days)
    return day.replace(hour=10, minute=0, second=0, microsecond=0)


@pytest.fixture
def hood():
    return NeighborhoodFactory(name="Kensington", slug="kensington")


def test_the_feed_has_every_public_event_with_its_time_zone_place_and_link(client, hood):
    event = event_at(
        local_ten_am(5),
        title="Limpieza del callejón, Ñandú & Co.",
        description="Bring gloves; we meet at the café.",
        meeting_point="Esquina de Main St, junto al café",
        neighborhood=hood,
    )
    EventFactory(title="Awaiting approval", status=VolunteerEvent.Status.PENDING)
    EventFactory(title="Declined", status=VolunteerEvent.Status.DECLINED)

    calendar = read(client.get("/en/volunteer/events.ics"))

    assert str(calendar["version"]) == "2.0"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "America/New_York"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    entries = events_of(calendar)
    assert set(entries) == {"Limpieza del callejón, Ñandú & Co."}
    entry = entries["Limpieza del callejón, Ñandú & Co."]
    start = entry.decoded("dtstart")
    assert entry["dtstart"].params["TZID"] == "America/New_York"
    assert (
        start == event.starts_at
        and start.utcoffset() == event.starts_at.astimezone(ZONE).utcoffset()
    )
    assert (start.hour, start.minute) == (10, 0)  # the local wall clock
    assert entry.decoded("dtend") == event.ends_at
    url = f"http://testserver/en/volunteer/events/{event.pk}/"
    assert str(entry["url"]) == url
    description = str(entry["description"])
    assert "Bring gloves; we meet at the café." in description
    assert f"Details and sign-up: {url}" in description
    assert str(entry["location"]) == "Esquina de Main St, junto al café, Kensington"
    assert str(entry["status"]) == "CONFIRMED"
    assert str(entry["uid"]) == f"volunteer-event-{event.pk}@testserver"


def test_the_uid_is_the_same_in_every_feed_and_language(client, hood):
    event = EventFactory(neighborhood=hood)

    uids = {
        str(events_of(read(client.get(url)))[event.title]["uid"])
        for url in (
            "/en/volunteer/events.ics",
            "/es/volunteer/events.ics",
            "/en/volunteer/events/in/kensington.ics",
            f"/en/volunteer/events/{event.pk}/event.ics",
        )
    }
    assert uids == {f"volunteer-event-{event.pk}@testserver"}


def test_a_cancelled_event_stays_in_the_feed_marked_cancelled(client):
    event = EventFactory(
        title="Lot cleanup",
        status=VolunteerEvent.Status.CANCELLED,
        cancel_reason="Storm warning.",
    )

    entry = events_of(read(client.get("/en/volunteer/events.ics")))["Cancelled: Lot cleanup"]

    assert str(entry["status"]) == "CANCELLED"
    assert "Storm warning." in str(entry["description"])
    assert str(entry["uid"]) == f"volunteer-event-{event.pk}@testserver"


def test_recent_events_stay_and_old_ones_leave(client):
    event_at(timezone.now() - datetime.timedelta(days=3), title="Last week")
    event_at(timezone.now() - datetime.timedelta(days=60), title="Two months ago")

    assert set(events_of(read(client.get("/en/volunteer/events.ics")))) == {"Last week"}


def test_the_neighborhood_feed_has_only_that_neighborhood(client, hood):
    EventFactory(title="Here", neighborhood=hood)
    EventFactory(title="Elsewhere")

    calendar = read(client.get("/en/volunteer/events/in/kensington.ics"))

    assert set(events_of(calendar)) == {"Here"}
    assert str(calendar["x-wr-calname"]) == "Volunteer events in Kensington"
    assert client.get("/en/volunteer/events/in/nowhere.ics").status_code == 404


def test_the_spanish_feed_speaks_spanish_and_links_to_the_spanish_page(client):
    event = EventFactory(title="Limpieza", what_to_bring="Guantes")

    entry = events_of(read(client.get("/es/volunteer/events.ics")))["Limpieza"]

    url = f"http://testserver/es/volunteer/events/{event.pk}/"
    assert str(entry["url"]) == url
    assert f"Detalles e inscripción: {url}" in str(entry["description"])
    assert "Qué traer: Guantes" in str(entry["description"])


def test_non_ascii_text_survives_the_round_trip_byte_exact(client):
    EventFactory(title="Jardín comunitario — día de plantación 🌳", description="Niños, señoras")

    response = client.get("/en/volunteer/events.ics")

    assert "Jardín comunitario — día de plantación 🌳".encode() in response.content
    entry = events_of(read(response))["Jardín comunitario — día de plantación 🌳"]
    assert "Niños\\, señoras" in response.content.decode()  # commas escaped (RFC 5545)
    assert str(entry["description"]).startswith("Niños, señoras")


def test_the_event_file_is_one_event_and_offered_for_download(client):
    event = EventFactory(title="One")
    EventFactory(title="Another")

    response = client.get(f"/en/volunteer/events/{event.pk}/event.ics")

    assert set(events_of(read(response))) == {"One"}
    assert response["Content-Disposition"] == f'inline; filename="event-{event.pk}.ics"'


def test_an_unpublished_events_file_does_not_exist(client):
    event = EventFactory(status=VolunteerEvent.Status.PENDING)

    assert client.get(f"/en/volunteer/events/{event.pk}/event.ics").status_code == 404


def test_the_private_feed_has_my_live_sign_ups_at_a_short_address(client):
    volunteer = VolunteerFactory()
    mine = event_at(local_ten_am(3), title="Mine")
    full = event_at(local_ten_am(4), title="Full", capacity=0)
    withdrawn = event_at(local_ten_am(5), title="Withdrawn")
    EventFactory(title="Not mine")
    services.sign_up(mine, volunteer)
    services.sign_up(full, volunteer)
    services.cancel_signup(services.sign_up(withdrawn, volunteer))

    path = f"/en/volunteer/c/{volunteer.calendar_token}.ics"
    response = client.get(path)

    assert len(path) < 60  # calendar apps refuse long feed addresses
    entries = events_of(read(response))
    assert set(entries) == {"Mine", "Waitlist: Full"}
    assert str(entries["Mine"]["status"]) == "CONFIRMED"
    assert str(entries["Waitlist: Full"]["status"]) == "TENTATIVE"
    assert response["Cache-Control"] == "private, no-store"


def test_a_reset_token_closes_the_old_private_feed(client):
    volunteer = VolunteerFactory()
    old = volunteer.calendar_token
    services.reset_calendar_token(volunteer)

    assert client.get(f"/en/volunteer/c/{old}.ics").status_code == 404
    assert client.get(f"/en/volunteer/c/{volunteer.calendar_token}.ics").status_code == 200


def test_the_private_feed_shows_an_offer_as_tentative(client):
    volunteer = VolunteerFactory()
    event = EventFactory(title="Offered", capacity=1)
    holder = services.sign_up(event, VolunteerFactory())
    services.sign_up(event, volunteer)
    services.cancel_signup(holder)
    assert SignUp.objects.get(volunteer=volunteer).status == SignUp.Status.OFFERED

    entries = events_of(read(client.get(f"/en/volunteer/c/{volunteer.calendar_token}.ics")))

    assert str(entries["Place offered: Offered"]["status"]) == "TENTATIVE"


def test_an_empty_feed_is_still_a_valid_calendar_with_its_time_zone(client):
    calendar = read(client.get("/en/volunteer/events.ics"))

    assert calendar.walk("VEVENT") == []
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_the_kind_is_named_in_the_feeds_language(client):
    event = EventFactory(title="Lot day")
    spanish_locale, _ = Locale.objects.get_or_create(language_code="es")
    limpieza = event.kind.copy_for_translation(spanish_locale)
    limpieza.name = "Limpieza"
    limpieza.save()

    english = events_of(read(client.get("/en/volunteer/events.ics")))["Lot day"]
    spanish_entry = events_of(read(client.get("/es/volunteer/events.ics")))["Lot day"]

    assert english["categories"].cats == ["Cleanup"]
    assert spanish_entry["categories"].cats == ["Limpieza"]


def test_the_feeds_queries_do_not_grow_with_the_events(client, hood):
    client.get("/es/volunteer/events/in/kensington.ics")  # caches (locales, branding) filled

    def queries_for(count):
        for _ in range(count):
            EventFactory(neighborhood=hood)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/es/volunteer/events/in/kensington.ics").status_code == 200
        return len(captured)

    assert queries_for(2) == queries_for(8)
