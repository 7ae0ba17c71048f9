"""The sign-up concurrency benchmark at a tiny volume: its seed makes volunteers who may
sign up for one open event, and its request is the real sign-up form, answered as the
event page's button is (served by the test client here, by gunicorn in the benchmark)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.utils.crypto import get_random_string

from bench import harness
from bench.scenarios import liaisons_signup_concurrency as scenario
from liaisons import rules
from liaisons.models import SignUp, Volunteer, VolunteerEvent
from tests.factories import NeighborhoodFactory

pytestmark = pytest.mark.django_db


def test_the_scenario_is_found():
    assert harness.discover_scenarios()[scenario.NAME] is scenario


def test_the_seed_makes_an_open_event_and_volunteers_who_may_sign_up():
    NeighborhoodFactory()

    scenario.seed(5)

    event = VolunteerEvent.objects.get(title=scenario.TITLE)
    assert event.capacity == scenario.PLACES and event.places_taken == 0
    assert event.status == VolunteerEvent.Status.PUBLISHED
    volunteers = Volunteer.objects.filter(user__email__startswith="bench-signup-")
    assert volunteers.count() == 5
    assert all(rules.why_not_sign_up(v) is None for v in volunteers)


def test_the_posted_form_signs_the_person_up():
    NeighborhoodFactory()
    scenario.seed(2)
    event = VolunteerEvent.objects.get(title=scenario.TITLE)
    person = get_user_model().objects.get(email=scenario.EMAIL.format(0))
    token = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = scenario.session_cookie(person)
    client.cookies[settings.CSRF_COOKIE_NAME] = token

    response = client.post(
        f"/en/volunteer/events/{event.pk}/sign-up/", {"csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"/volunteer/events/{event.pk}/#signup")
    assert SignUp.objects.get(event=event).volunteer.user == person
