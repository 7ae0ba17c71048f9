"""Where residents look first: volunteer events on the home page and in the site search,
and a person's sign-ups, hours and liaison applications on "My activity".

Only published events are public (cancelled ones too, marked, in the search): one
waiting for staff or declined is never shown, not even to its organiser here.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import Locale

from engage.core import home
from liaisons.models import (
    Liaison,
    LiaisonApplication,
    SignUp,
    VolunteerEvent,
    VolunteerHours,
)
from tests.factories import NeighborhoodFactory, UserFactory
from tests.ideas.factories import home_page
from tests.liaisons.factories import (
    EventFactory,
    EventKindFactory,
    SignUpFactory,
    VolunteerFactory,
    next_week,
)

pytestmark = pytest.mark.django_db

Status = VolunteerEvent.Status
ME = "/en/me/"


def section_html(content, section_id):
    start = content.index(f'id="{section_id}"')
    return content[start : content.index("</section>", start)]


def days_from_now(days, hour=10):
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def home_section(client):
    return section_html(client.get("/en/").content.decode(), "home-volunteer-events")


# --- home ------------------------------------------------------------------------------


@pytest.fixture
def site(db):
    home_page()
    home.clear_cache()


def test_the_home_page_shows_the_next_published_events_with_their_places(client, site):
    kensington = NeighborhoodFactory(name="Kensington")
    soon = EventFactory(
        title="Somerset Street cleanup",
        starts_at=days_from_now(3, hour=9),
        ends_at=days_from_now(3, hour=12),
        neighborhood=kensington,
        capacity=5,
    )
    SignUpFactory(event=soon)
    full = EventFactory(title="Alley behind Sansom", starts_at=days_from_now(5), capacity=1)
    SignUpFactory(event=full)
    EventFactory(title="Waiting for staff", status=Status.PENDING, starts_at=days_from_now(1))
    EventFactory(title="Declined by staff", status=Status.DECLINED, starts_at=days_from_now(1))
    EventFactory(title="Called off", status=Status.CANCELLED, starts_at=days_from_now(1))
    EventFactory(
        title="Last week's planting",
        starts_at=days_from_now(-7),
        ends_at=days_from_now(-7, hour=13),
    )

    section = home_section(client)

    assert "Upcoming volunteer events" in section
    assert section.index("Somerset Street cleanup") < section.index("Alley behind Sansom")
    for hidden in ("Waiting for staff", "Declined by staff", "Called off", "Last week"):
        assert hidden not in section
    local_start = timezone.localtime(soon.starts_at).strftime("%a %-d %b %Y, 09:00")
    assert local_start in section and "– 12:00" in section
    assert "Kensington" in section
    assert "4 places left" in section
    assert "Full: join the waitlist" in section
    assert f'href="/en/volunteer/events/{soon.pk}/"' in section
    assert 'href="/en/volunteer/events/?kind=cleanup"' in section


def test_the_home_page_shows_only_the_first_few(client, site):
    for day in range(1, 7):
        EventFactory(title=f"Cleanup day {day}", starts_at=days_from_now(day))

    section = home_section(client)

    shown = [day for day in range(1, 7) if f"Cleanup day {day}<" in section]
    assert shown == [1, 2, 3, 4]


def test_an_empty_calendar_says_so(client, site):
    EventFactory(title="Waiting for staff", status=Status.PENDING)

    section = home_section(client)

    assert "No volunteer event is planned yet." in section
    assert "Waiting for staff" not in section


def test_the_live_count_is_the_volunteers_who_signed_up_this_month(client, site):
    first, second = EventFactory(), EventFactory()
    keen = VolunteerFactory()
    SignUpFactory(event=first, volunteer=keen)
    SignUpFactory(event=second, volunteer=keen)  # one person, counted once
    SignUpFactory(event=first)
    SignUpFactory(event=first, status=SignUp.Status.CANCELLED)
    earlier = SignUpFactory(event=second)
    SignUp.objects.filter(pk=earlier.pk).update(
        created_at=home.start_of_month() - timedelta(days=1)
    )

    content = client.get("/en/").content.decode()

    counts = section_html(content, "home-counts")
    assert '<strong class="home-counts__number">2</strong> volunteers signed up this month' in (
        counts
    )


def test_the_home_section_costs_the_same_queries_however_many_events(
    client, site, settings, django_assert_max_num_queries
):
    settings.HOME_CACHE_SECONDS = 0
    EventFactory(starts_at=days_from_now(2))
    client.get("/en/")
    with django_assert_max_num_queries(100) as few:
        client.get("/en/")
    for day in range(3, 10):
        SignUpFactory(event=EventFactory(starts_at=days_from_now(day)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Cleanup" in home_section(client)


# --- search ----------------------------------------------------------------------------


def search(client, query, language="en", **params):
    response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def found(response):
    group = next(group for group in response.context["groups"] if group.kind == "events")
    return [event.title for event in group.results]


def test_search_finds_public_events_by_their_words(client, db):
    hood = NeighborhoodFactory(name="Fishtown")
    EventFactory(title="Heron pond cleanup", neighborhood=hood)
    EventFactory(title="Lot day", description="Bring gloves for the quillwort bed.")
    EventFactory(title="Meet at the mural", meeting_point="Berks St by the zinnia mural")

    assert found(search(client, "heron")) == ["Heron pond cleanup"]
    assert found(search(client, "quillwort")) == ["Lot day"]
    assert found(search(client, "zinnia mural")) == ["Meet at the mural"]
    assert found(search(client, "fishtown")) == ["Heron pond cleanup"]


def test_search_never_finds_an_event_waiting_for_staff_or_declined(client, resident):
    for status in (Status.PENDING, Status.DECLINED):
        EventFactory(title=f"Kestrel {status}", status=status, organiser=resident)
    client.force_login(resident)

    response = search(client, "kestrel")

    assert found(response) == []
    assert "Kestrel" not in response.content.decode()


def test_a_cancelled_event_is_found_and_says_so(client, db):
    EventFactory(title="Kestrel lot cleanup", status=Status.CANCELLED)

    response = search(client, "kestrel")

    assert found(response) == ["Kestrel lot cleanup"]
    assert "event-tag--cancelled" in response.content.decode()


def test_upcoming_events_come_first_soonest_first_then_past_ones_newest_first(client, db):
    for title, days in (("Osprey late", 20), ("Osprey old", -30), ("Osprey soon", 2)):
        EventFactory(
            title=title,
            starts_at=days_from_now(days),
            ends_at=days_from_now(days, hour=13),
        )
    EventFactory(title="Osprey recent", starts_at=days_from_now(-3), ends_at=days_from_now(-3, 13))

    results = found(search(client, "osprey", kind="events"))

    assert results == ["Osprey soon", "Osprey late", "Osprey recent", "Osprey old"]


def test_a_result_shows_when_where_and_the_places_left(client, db):
    EventFactory(
        title="Egret bank cleanup",
        neighborhood=NeighborhoodFactory(name="Port Richmond"),
        capacity=8,
        starts_at=next_week(hour=9),
    )

    content = search(client, "egret").content.decode()

    assert "Volunteer events" in content
    assert "Port Richmond" in content
    assert "8 places left" in content
    assert timezone.localtime(next_week(hour=9)).strftime("%-d %b %Y, 09:00") in content


def test_the_kind_in_the_visitors_language_finds_it(client, db):
    spanish = Locale.objects.get_or_create(language_code="es")[0]
    EventKindFactory(code="cleanup", name="Limpieza", locale=spanish)
    EventFactory(title="Harbor day")

    assert found(search(client, "limpieza", language="es")) == ["Harbor day"]


def test_the_events_results_cost_the_same_queries_however_many(
    client, db, django_assert_max_num_queries
):
    EventFactory(title="Plover walk 0")
    search(client, "plover", kind="events")
    with django_assert_max_num_queries(100) as few:
        search(client, "plover", kind="events")
    for number in range(1, 10):
        EventFactory(title=f"Plover walk {number}", neighborhood=NeighborhoodFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(found(search(client, "plover", kind="events"))) == 10


# --- my activity -----------------------------------------------------------------------


@pytest.fixture
def me(client, resident):
    client.force_login(resident)
    return VolunteerFactory(user=resident)


def activity(client, key):
    return section_html(client.get(ME).content.decode(), f"activity-{key}")


def test_my_signups_upcoming_first_with_their_status(client, me):
    upcoming = EventFactory(title="Upcoming cleanup", starts_at=days_from_now(4))
    SignUpFactory(event=upcoming, volunteer=me)
    waiting = EventFactory(title="Full cleanup", starts_at=days_from_now(6))
    SignUpFactory(event=waiting, volunteer=me, status=SignUp.Status.WAITLISTED)
    went = EventFactory(title="Cleanup I went to", starts_at=days_from_now(-5))
    SignUpFactory(event=went, volunteer=me, checked_in_at=went.starts_at)
    missed = EventFactory(title="Cleanup I missed", starts_at=days_from_now(-9))
    SignUpFactory(event=missed, volunteer=me)
    called_off = EventFactory(title="Called off", status=Status.CANCELLED)
    SignUpFactory(event=called_off, volunteer=me, status=SignUp.Status.CANCELLED)
    SignUpFactory(event=EventFactory(title="Someone else's event"))

    section = activity(client, "volunteer-signups")

    order = [
        "Upcoming cleanup",
        "Full cleanup",
        "Called off",
        "Cleanup I went to",
        "Cleanup I missed",
    ]
    positions = [section.index(f"{title}<") for title in order]
    assert positions == sorted(positions)
    assert "Someone else" not in section
    assert "On the waitlist" in section
    assert "Present" in section and "Not checked in" in section
    assert "Event cancelled" in section
    assert f'href="/en/volunteer/events/{upcoming.pk}/"' in section
    assert (
        section.count('href="/en/volunteer/me/#my-code"') == 1
    )  # only the confirmed, upcoming place


def test_my_hours_with_their_status(client, me):
    event = EventFactory(title="Tree planting", starts_at=days_from_now(-3))
    VolunteerHours.objects.create(
        volunteer=me,
        event=event,
        date=event.starts_at.date(),
        hours=Decimal("3"),
        status=VolunteerHours.Status.APPROVED,
    )
    VolunteerHours.objects.create(
        volunteer=me,
        date=timezone.localdate(),
        hours=Decimal("1.5"),
        self_logged=True,
        description="Swept the library steps",
    )
    VolunteerHours.objects.create(
        volunteer=VolunteerFactory(),
        date=timezone.localdate(),
        hours=Decimal("7"),
        description="Not mine",
        self_logged=True,
    )

    section = activity(client, "volunteer-hours")

    assert "3 hours on" in section and "Approved" in section
    assert "1.50 hours on" in section and "Waiting for approval" in section
    assert "Swept the library steps" in section and "Tree planting" in section
    assert "Not mine" not in section
    assert 'href="/en/volunteer/me/#my-hours"' in section
    assert f'href="/en/volunteer/events/{event.pk}/"' in section


def test_the_liaison_section_is_there_only_for_people_who_applied(client, me, resident):
    assert 'id="activity-liaison"' not in client.get(ME).content.decode()

    hood = NeighborhoodFactory(name="Germantown")
    application = LiaisonApplication.objects.create(
        applicant=resident,
        display_name="Rosa",
        motivation="I know the block.",
        availability="Weekends",
        contact_preference="E-mail",
        status=LiaisonApplication.Status.APPROVED,
    )
    application.neighborhoods.set([hood])
    term = Liaison.objects.create(user=resident, application=application, display_name="Rosa")
    term.neighborhoods.set([hood])
    LiaisonApplication.objects.create(
        applicant=UserFactory(),
        display_name="Someone else",
        motivation="-",
        availability="-",
        contact_preference="-",
    )

    section = activity(client, "liaison")

    assert "Approved" in section and "Germantown" in section
    assert "Liaison since" in section
    assert 'href="/en/volunteer/liaisons/my-application/"' in section
    assert section.count("activity-item") == 1


def test_my_activity_costs_the_same_queries_however_many_rows(
    client, me, resident, django_assert_max_num_queries
):
    def add_rows():
        event = EventFactory(starts_at=days_from_now(2), neighborhood=NeighborhoodFactory())
        SignUpFactory(event=event, volunteer=me)
        VolunteerHours.objects.create(
            volunteer=me, event=event, date=timezone.localdate(), hours=Decimal("2")
        )
        application = LiaisonApplication.objects.create(
            applicant=resident,
            display_name="Rosa",
            motivation="-",
            availability="-",
            contact_preference="-",
            status=LiaisonApplication.Status.WITHDRAWN,
        )
        application.neighborhoods.set([NeighborhoodFactory()])

    add_rows()
    client.get(ME)
    with django_assert_max_num_queries(100) as few:
        client.get(ME)
    for _ in range(6):
        add_rows()
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = client.get(ME).content.decode()
    assert section_html(content, "activity-volunteer-signups").count("activity-item") == 7
    assert section_html(content, "activity-liaison").count("activity-item") == 7
