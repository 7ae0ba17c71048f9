"""The liaisons benchmarks at a tiny volume: the bulk seed makes what it claims, as the
services would leave it, and the dashboard scenario answers and passes its check."""

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.test import Client

from bench import harness
from bench import liaisons as bench_liaisons
from bench.scenarios import (
    liaisons_calendar,
    liaisons_dashboard,
    liaisons_event_list,
    liaisons_event_page,
)
from engage.core.management.commands.seed_demo import NEIGHBORHOODS_FILE
from liaisons.models import Liaison, SignUp, Volunteer, VolunteerEvent
from tests.factories import UserFactory
from tests.liaisons.factories import LiaisonFactory

VOLUME = 2_000


@pytest.fixture
def seeded(db):
    call_command("import_neighborhoods", str(NEIGHBORHOODS_FILE), verbosity=0)
    from engage.neighborhoods.models import Neighborhood

    LiaisonFactory(
        user=UserFactory(email=bench_liaisons.DEMO_LIAISON),
        neighborhoods=[Neighborhood.objects.get(slug="kensington")],
    )
    return bench_liaisons.seed_liaisons(VOLUME)


def test_every_liaisons_scenario_is_found():
    available = harness.discover_scenarios()

    assert {
        "liaisons-event-list",
        "liaisons-calendar",
        "liaisons-event-page",
        "liaisons-dashboard",
    } <= set(available)
    for module in (liaisons_event_list, liaisons_calendar, liaisons_event_page):
        assert module.VOLUME == bench_liaisons.VOLUME


def test_the_proportions_are_the_issues():
    assert bench_liaisons.sizes(100_000) == {
        "liaisons": 2_000,
        "volunteers": 50_000,
        "events": 5_000,
        "signups": 100_000,
        "reports": 20_000,
    }


def test_the_seed_makes_what_it_claims(seeded):
    sizes = bench_liaisons.sizes(VOLUME)

    assert Liaison.objects.filter(user__email__endswith="@bench.example.org").count() == 40
    assert Volunteer.objects.count() == sizes["volunteers"]
    events = VolunteerEvent.objects.filter(title__startswith=bench_liaisons.TITLE_PREFIX)
    assert events.count() == sizes["events"]
    assert SignUp.objects.count() <= sizes["signups"]
    assert SignUp.objects.count() >= sizes["signups"] * 0.75
    assert not Liaison.objects.annotate(n=Count("neighborhoods")).filter(n=0).exists()


def test_the_seed_keeps_the_capacity_rules(seeded):
    events = VolunteerEvent.objects.annotate(
        holding=Count("signups", filter=Q(signups__status__in=SignUp.PLACE_STATUSES)),
        waiting=Count("signups", filter=Q(signups__status=SignUp.Status.WAITLISTED)),
    )
    assert not events.exclude(places_taken=F("holding")).exists()
    assert not events.filter(places_taken__gt=F("capacity")).exists()
    # A waitlist only where the event is full.
    assert not events.filter(waiting__gt=0).exclude(places_taken=F("capacity")).exists()
    assert events.filter(waiting__gt=0).exists()
    # One live sign-up per volunteer and event (the database says so too).
    doubled = (
        SignUp.objects.live().values("event", "volunteer").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not doubled.exists()
    assert not SignUp.objects.exclude(event__status=VolunteerEvent.Status.PUBLISHED).exists()


def test_every_neighborhood_has_an_upcoming_published_event(seeded):
    upcoming = (
        VolunteerEvent.objects.upcoming()
        .filter(status=VolunteerEvent.Status.PUBLISHED)
        .values_list("neighborhood__slug", flat=True)
        .distinct()
    )

    assert len(set(upcoming)) == 5
    assert bench_liaisons.busiest_event().is_full


def test_the_dashboard_scenario_answers_and_passes_its_check(seeded):
    client = harness.scenario_client(liaisons_dashboard)

    (url,) = liaisons_dashboard.requests()
    response = client.get(url)

    assert url == "/en/volunteer/liaison/"
    assert response.status_code == 200
    note = liaisons_dashboard.check(response)
    assert "volunteers" in note


@pytest.mark.parametrize(
    "scenario", [liaisons_event_list, liaisons_calendar, liaisons_event_page], ids=lambda m: m.NAME
)
def test_the_public_events_scenarios_answer_and_pass_their_checks(seeded, scenario):
    client = harness.scenario_client(scenario)

    (url,) = scenario.requests()
    response = client.get(url)

    assert url.startswith("/en/volunteer/events/")
    assert response.status_code == 200
    assert scenario.check(response)


def test_the_event_page_scenario_visits_a_full_event_with_a_waitlist(seeded):
    event = bench_liaisons.busiest_event()

    assert event.is_full
    assert event.waiting == event.signups.filter(status=SignUp.Status.WAITLISTED).count() > 0


def test_the_baseline_client_stays_anonymous(db):
    client = harness.scenario_client(liaisons_event_list)

    assert isinstance(client, Client)
    assert "_auth_user_id" not in client.session
