"""The public events list and its filters, the month calendar, an event's page, and the
report page's link back to the events that fix it; query counts stay flat."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from liaisons.models import EventKind, EventTarget, VolunteerEvent
from tests.liaisons.events_support import area, open_report
from tests.liaisons.factories import EventFactory, LiaisonFactory

pytestmark = pytest.mark.django_db
LIST = reverse("liaisons:events")
CALENDAR = reverse("liaisons:calendar")
Status = VolunteerEvent.Status


def titles(response):
    return [event.title for event in response.context["events"]]


def in_days(days, hour=10):
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def event_at(days, **kwargs):
    starts = in_days(days)
    return EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=2), **kwargs)


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_upcoming_public_events_soonest_first(client):
    hood = area()
    later = event_at(9, title="Later", neighborhood=hood)
    sooner = event_at(2, title="Sooner", neighborhood=hood)
    event_at(-3, title="Past", neighborhood=hood)
    event_at(3, title="Pending", neighborhood=hood, status=Status.PENDING)
    event_at(3, title="Declined", neighborhood=hood, status=Status.DECLINED)
    event_at(4, title="Called off", neighborhood=hood, status=Status.CANCELLED)
    response = client.get(LIST)
    assert titles(response) == [sooner.title, "Called off", later.title]
    assert "Cancelled" in response.content.decode()


def test_filters_by_neighborhood_kind_dates_and_past(client):
    north, south = area(), area(lng=-74.9)
    planting = EventKind.objects.get(code="tree-planting", locale__language_code="en")
    event_at(2, title="North cleanup", neighborhood=north)
    event_at(5, title="South planting", neighborhood=south, kind=planting)
    event_at(-5, title="Old north", neighborhood=north)
    assert titles(client.get(LIST, {"neighborhood": north.slug})) == ["North cleanup"]
    assert titles(client.get(LIST, {"kind": "tree-planting"})) == ["South planting"]
    assert titles(client.get(LIST, {"when": "past"})) == ["Old north"]
    window = {"start": in_days(4).date().isoformat(), "end": in_days(6).date().isoformat()}
    assert titles(client.get(LIST, window)) == ["South planting"]
    everything = {"start": in_days(-10).date().isoformat(), "end": in_days(10).date().isoformat()}
    assert titles(client.get(LIST, everything)) == ["Old north", "North cleanup", "South planting"]


def test_bad_filter_values_are_ignored_and_named(client):
    event_at(2, title="Still listed")
    response = client.get(
        LIST,
        {"neighborhood": "atlantis", "kind": "juggling", "start": "soon", "when": "yesterday"},
    )
    assert response.status_code == 200
    assert titles(response) == ["Still listed"]
    named = {label for label, _value, _reason in response.context["ignored_filters"]}
    assert {"Neighborhood", "Kind of event", "From"} <= {str(label) for label in named}
    assert "atlantis" in response.content.decode()


def test_an_end_before_the_start_is_ignored_and_named(client):
    event_at(2, title="Listed")
    response = client.get(LIST, {"start": "2030-05-10", "end": "2030-05-01"})
    assert [str(i.label) for i in response.context["ignored_filters"]] == ["Until"]


def test_the_list_pages(client):
    hood = area()
    for day in range(25):
        event_at(day + 1, neighborhood=hood)
    first = client.get(LIST)
    assert len(first.context["events"]) == 20
    assert 'rel="next"' in first.content.decode()
    assert len(client.get(LIST, {"page": 2}).context["events"]) == 5


def test_the_list_query_count_is_flat(client, django_assert_max_num_queries):
    hood = area()
    for day in range(3):
        event_at(day + 1, neighborhood=hood)
    with django_assert_max_num_queries(20) as few:
        client.get(LIST)
    for day in range(30):
        event_at(day + 1, neighborhood=area(lng=-70 + day * 0.1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


# --- The calendar ---------------------------------------------------------------------------


def test_the_calendar_puts_events_on_their_local_day(client):
    hood = area()
    # 23:30 in New York is the next day in UTC: the grid uses the local day.
    late = timezone.make_aware(timezone.datetime(2031, 3, 14, 23, 30))
    EventFactory(
        title="Late cleanup", neighborhood=hood, starts_at=late, ends_at=late + timedelta(hours=1)
    )
    april = late + timedelta(days=30)
    EventFactory(title="April", starts_at=april, ends_at=april + timedelta(hours=1))
    response = client.get(CALENDAR, {"month": "2031-03"})
    assert response.status_code == 200
    (day,) = response.context["days_with_events"]
    assert day.date == timezone.datetime(2031, 3, 14).date()
    assert [e.title for e in day.events] == ["Late cleanup"]
    content = response.content.decode()
    assert "March 2031" in content
    assert "?month=2031-02" in content and "?month=2031-04" in content
    weeks = response.context["weeks"]
    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][0] is None  # 1 March 2031 is a Saturday: the Sunday before is blank
    assert [day.strftime("%a") for day in response.context["weekdays"]][:2] == ["Sun", "Mon"]


def test_a_busy_day_shows_four_events_and_links_to_the_rest(client):
    hood = area()
    starts = timezone.make_aware(timezone.datetime(2031, 5, 6, 9))
    for hour in range(7):
        at = starts + timedelta(hours=hour)
        EventFactory(neighborhood=hood, starts_at=at, ends_at=at + timedelta(minutes=50))
    response = client.get(CALENDAR, {"month": "2031-05", "neighborhood": hood.slug})
    (day,) = response.context["days_with_events"]
    assert len(day.events) == 4 and day.more == 3
    # The four shown are the day's first, in order (the rest are only counted).
    assert [e.starts_at for e in day.events] == [starts + timedelta(hours=h) for h in range(4)]
    assert day.more_url == (f"{LIST}?start=2031-05-06&end=2031-05-06&neighborhood={hood.slug}")
    assert "3 more events" in response.content.decode()
    assert len(client.get(day.more_url).context["events"]) == 7


def test_the_calendar_keeps_filters_in_its_month_links(client):
    hood = area()
    response = client.get(CALENDAR, {"month": "2031-12", "neighborhood": hood.slug})
    assert response.context["next_url"] == f"?month=2032-01&neighborhood={hood.slug}"
    assert response.context["previous_url"] == f"?month=2031-11&neighborhood={hood.slug}"


@pytest.mark.parametrize("month", ["2031-13", "31-01", "March", "0000-01", "2031-1"])
def test_a_bad_month_shows_this_month_and_says_so(client, month):
    response = client.get(CALENDAR, {"month": month})
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)
    assert [str(i.label) for i in response.context["ignored_filters"]] == ["Month"]


def test_the_calendar_query_count_is_flat(client, django_assert_max_num_queries):
    month = in_days(1).strftime("%Y-%m")
    event_at(1, neighborhood=area())
    with django_assert_max_num_queries(20) as few:
        client.get(CALENDAR, {"month": month})
    for n in range(30):
        event_at(1, neighborhood=area(lng=-70 + n * 0.1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(CALENDAR, {"month": month})


# --- An event's page --------------------------------------------------------------------------


def test_the_event_page_shows_the_details_and_the_reports_it_targets(client):
    hood = area()
    liaison = LiaisonFactory(neighborhoods=[hood], display_name="Marta of Elm St")
    event = EventFactory(
        neighborhood=hood,
        organiser=liaison.user,
        liaison=liaison,
        capacity=12,
        supplies_provided="Gloves",
        what_to_bring="Water",
    )
    reports = [open_report(), open_report()]
    for report in reports:
        EventTarget.objects.create(event=event, report=report)
    response = client.get(event.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Marta of Elm St" in content
    assert "12 places left of 12" in content
    assert "Gloves" in content and "Water" in content
    assert "Corner of Main St and 2nd St" in content
    for report in reports:
        assert reverse("reports:detail", args=[report.reference]) in content
    assert "report-location-config" in content
    local_start = timezone.localtime(event.starts_at).strftime("%H:%M")
    assert local_start in content
    assert reverse("liaisons:sign_up", args=[event.pk]) not in content  # visitor: log in first
    assert "Log in to sign up" in content


def test_the_event_page_query_count_is_flat(client, django_assert_max_num_queries):
    event = EventFactory(neighborhood=area())
    EventTarget.objects.create(event=event, report=open_report())
    with django_assert_max_num_queries(20) as few:
        client.get(event.get_absolute_url())
    for _n in range(10):
        EventTarget.objects.create(event=event, report=open_report())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(event.get_absolute_url())


def test_an_unknown_event_is_404(client):
    assert client.get(reverse("liaisons:event", args=[999999])).status_code == 404


# --- The report page names the events that fix it -------------------------------------------


def test_the_report_page_names_the_planned_cleanup(client):
    hood = area()
    report = open_report()
    event = EventFactory(neighborhood=hood, title="Saturday sweep")
    pending = EventFactory(neighborhood=hood, title="Not yet approved", status=Status.PENDING)
    for each in (event, pending):
        EventTarget.objects.create(event=each, report=report)
    content = client.get(reverse("reports:detail", args=[report.reference])).content.decode()
    assert "A volunteer cleanup is planned" in content
    assert event.get_absolute_url() in content
    assert "Not yet approved" not in content


def test_a_report_without_events_says_nothing_about_volunteers(client):
    report = open_report()
    content = client.get(reverse("reports:detail", args=[report.reference])).content.decode()
    assert 'id="report-events-heading"' not in content


def test_an_organiser_sees_their_unpublished_events_above_the_list(client):
    hood = area()
    organiser = LiaisonFactory(neighborhoods=[hood]).user
    pending = {"neighborhood": hood, "status": Status.PENDING}
    event_at(3, title="Awaiting staff", organiser=organiser, **pending)
    event_at(3, title="Someone else's", **pending)
    client.force_login(organiser)
    response = client.get(LIST)
    assert [e.title for e in response.context["my_unpublished"]] == ["Awaiting staff"]
    assert response.context["can_plan"]
    assert "Awaiting staff" in response.content.decode()
    assert "Someone else" not in response.content.decode()
