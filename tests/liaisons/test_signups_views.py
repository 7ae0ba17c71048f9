"""The sign-up forms on the event page: posting them, what comes back, and the box itself."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory

from liaisons.models import SignUp, Volunteer, VolunteerEvent
from liaisons.services import signups as services
from tests.factories import UserFactory
from tests.liaisons.factories import EventFactory, LiaisonFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

Status = SignUp.Status


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def back_to_event(response, event, language="en"):
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/volunteer/events/{event.pk}/#signup"


@pytest.fixture
def volunteer(client):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    return volunteer


def test_signing_up_from_the_event_page(client, volunteer):
    event = EventFactory(capacity=3)

    response = client.post(f"/en/volunteer/events/{event.pk}/sign-up/")

    back_to_event(response, event)
    assert said(response) == [
        "You are signed up. We will send you a reminder with the time and place."
    ]
    assert SignUp.objects.get(event=event, volunteer=volunteer).status == Status.CONFIRMED


def test_a_full_event_puts_me_on_the_waitlist_and_says_where(client, volunteer):
    event = EventFactory(capacity=1)
    services.sign_up(event, VolunteerFactory())
    services.sign_up(event, VolunteerFactory())

    response = client.post(f"/en/volunteer/events/{event.pk}/sign-up/")

    assert said(response) == [
        "The event is full, so you are on the waitlist (number 2). If a place frees up, "
        "we will e-mail you."
    ]


def test_a_refusal_is_said_in_the_pages_language(client, volunteer):
    event = EventFactory(status=VolunteerEvent.Status.CANCELLED)

    response = client.post(f"/es/volunteer/events/{event.pk}/sign-up/")

    back_to_event(response, event, "es")
    assert said(response) == ["Este evento se canceló."]
    assert not SignUp.objects.exists()


def test_a_visitor_is_asked_to_log_in_and_comes_back_to_the_event(client):
    event = EventFactory()

    response = client.post(f"/en/volunteer/events/{event.pk}/sign-up/")

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next=/en/volunteer/events/{event.pk}/"


def test_a_resident_who_is_not_a_volunteer_yet_registers_first(client):
    client.force_login(UserFactory())
    event = EventFactory()

    response = client.post(f"/en/volunteer/events/{event.pk}/sign-up/")

    assert response.status_code == 302
    assert response["Location"] == (
        f"/en/volunteer/register/?next=%2Fen%2Fvolunteer%2Fevents%2F{event.pk}%2F"
    )
    assert not SignUp.objects.exists()


def test_sign_up_takes_only_posts_and_only_public_events(client, volunteer):
    event = EventFactory()
    pending = EventFactory(status=VolunteerEvent.Status.PENDING)

    assert client.get(f"/en/volunteer/events/{event.pk}/sign-up/").status_code == 405
    assert client.post(f"/en/volunteer/events/{pending.pk}/sign-up/").status_code == 404
    assert client.post("/en/volunteer/events/999999/sign-up/").status_code == 404


def test_withdrawing_from_the_event_page(client, volunteer):
    event = EventFactory()
    services.sign_up(event, volunteer)

    response = client.post(f"/en/volunteer/events/{event.pk}/withdraw/")

    back_to_event(response, event)
    assert said(response) == ["You are no longer signed up for this event."]
    event.refresh_from_db()
    assert event.places_taken == 0


def test_withdrawing_without_a_sign_up_says_so(client, volunteer):
    event = EventFactory()

    response = client.post(f"/en/volunteer/events/{event.pk}/withdraw/")

    assert said(response) == ["You are not signed up for this event."]


def test_accepting_and_declining_an_offer(client, volunteer):
    event = EventFactory(capacity=1)
    holder = services.sign_up(event, VolunteerFactory())
    services.sign_up(event, volunteer)
    services.sign_up(event, VolunteerFactory())
    services.cancel_signup(holder)

    response = client.post(f"/en/volunteer/events/{event.pk}/offer/", {"action": "accept"})

    assert said(response) == ["The place is yours: you are signed up."]
    assert SignUp.objects.get(volunteer=volunteer).status == Status.CONFIRMED
    again = client.post(f"/en/volunteer/events/{event.pk}/offer/", {"action": "accept"})
    assert said(again)[-1] == "You already have a place at this event."


def test_declining_an_offer(client, volunteer):
    event = EventFactory(capacity=1)
    holder = services.sign_up(event, VolunteerFactory())
    services.sign_up(event, volunteer)
    services.cancel_signup(holder)

    response = client.post(f"/en/volunteer/events/{event.pk}/offer/", {"action": "decline"})

    assert said(response) == ["You declined the place; it goes to the next person."]
    assert SignUp.objects.get(volunteer=volunteer).status == Status.CANCELLED


def test_an_answer_that_is_neither_is_refused(client, volunteer):
    event = EventFactory()

    response = client.post(f"/en/volunteer/events/{event.pk}/offer/", {"action": "maybe"})

    assert said(response) == ["Choose whether to accept or decline the place."]


def test_a_new_calendar_address(client, volunteer):
    old = volunteer.calendar_token

    response = client.post(
        "/en/volunteer/c/new-address/", {"next": "/en/volunteer/events/1/#signup"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/volunteer/events/1/#signup"
    volunteer.refresh_from_db()
    assert volunteer.calendar_token != old


def test_a_new_calendar_address_never_redirects_elsewhere(client, volunteer):
    response = client.post("/en/volunteer/c/new-address/", {"next": "https://evil.example/"})

    assert response["Location"] == "/en/volunteer/me/"


# The box on the event page ------------------------------------------------------------


def box(event, user=None):
    request = RequestFactory().get(event.get_absolute_url())
    request.user = user or AnonymousUser()
    return render_to_string(
        "liaisons/includes/signup_box.html", {"event": event, "user": request.user}, request
    )


def test_the_box_for_a_visitor_shows_places_and_a_log_in_link():
    event = EventFactory(capacity=30)
    services.sign_up(event, VolunteerFactory())
    event.refresh_from_db()

    html = box(event)

    assert "29 places left of 30" in html
    assert "Log in to sign up" in html
    assert f"/en/volunteer/events/{event.pk}/event.ics" in html
    assert "Roster (PDF)" not in html


def test_the_box_offers_sign_up_or_the_waitlist():
    volunteer = VolunteerFactory()
    event = EventFactory(capacity=1)
    open_box = box(event, volunteer.user)
    assert f'action="/en/volunteer/events/{event.pk}/sign-up/"' in open_box
    assert "Sign up" in open_box and "Join the waitlist" not in open_box
    services.sign_up(event, VolunteerFactory())
    event.refresh_from_db()

    html = box(event, volunteer.user)

    assert "Full: nobody on the waitlist yet" in html
    assert "Join the waitlist" in html
    services.sign_up(event, VolunteerFactory())
    services.sign_up(event, VolunteerFactory())
    assert "Full: 2 people on the waitlist" in box(event, volunteer.user)


def test_the_box_shows_my_status():
    volunteer = VolunteerFactory()
    event = EventFactory(capacity=1)
    holder = services.sign_up(event, VolunteerFactory())
    services.sign_up(event, volunteer)
    event.refresh_from_db()

    waiting = box(event, volunteer.user)
    assert "You are number 1 on the waitlist." in waiting
    assert "Leave the waitlist" in waiting

    services.cancel_signup(holder)
    event.refresh_from_db()
    offered = box(event, volunteer.user)
    assert "A place freed up and it is offered to you." in offered
    assert "Accept the place" in offered and "Decline" in offered
    assert "Please answer before" in offered

    services.answer_offer(SignUp.objects.get(volunteer=volunteer), accept=True)
    confirmed = box(event, volunteer.user)
    assert "You have a place at this event." in confirmed
    assert "Withdraw" in confirmed
    assert f"/en/volunteer/c/{volunteer.calendar_token}.ics" in confirmed


def test_the_box_says_why_a_volunteer_may_not_sign_up():
    minor = VolunteerFactory(age_band=Volunteer.AgeBand.TEEN)

    html = box(EventFactory(), minor.user)

    assert "A parent or guardian must give their consent" in html
    assert "Update my volunteer details" in html
    assert 'action="/en/volunteer/events/' not in html.split("signup-box__refusal")[1]


def test_the_box_of_a_cancelled_event_says_so():
    event = EventFactory(status=VolunteerEvent.Status.CANCELLED)

    html = box(event, VolunteerFactory().user)

    assert "This event was cancelled." in html
    assert "/sign-up/" not in html


def test_the_box_shows_the_print_links_to_the_organiser_and_the_liaison_only():
    liaison = LiaisonFactory()
    event = EventFactory(liaison=liaison)

    assert "Roster (PDF)" in box(event, event.organiser)
    assert "Sign-in sheet (PDF)" in box(event, liaison.user)
    assert "Roster (PDF)" not in box(event, VolunteerFactory().user)
