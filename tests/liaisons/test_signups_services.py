"""Signing up and withdrawing: every rule, places counted exactly, refusals in words."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from liaisons.models import SignUp, Volunteer, VolunteerEvent, WaiverAcceptance
from liaisons.services import signups as services
from tests.liaisons.factories import (
    EventFactory,
    SignUpFactory,
    VolunteerFactory,
    WaiverFactory,
)
from tests.liaisons.signups_support import event_at

pytestmark = pytest.mark.django_db

Status = SignUp.Status


def refusal(event, volunteer, **kwargs):
    with pytest.raises(services.SignUpRefused) as refused:
        services.sign_up(event, volunteer, **kwargs)
    return str(refused.value)


def test_a_sign_up_takes_a_place_while_there_are_places():
    event = EventFactory(capacity=2)

    first = services.sign_up(event, VolunteerFactory())

    assert first.status == Status.CONFIRMED
    event.refresh_from_db()
    assert event.places_taken == 1
    assert event.places_left == 1


def test_when_the_places_are_gone_people_join_the_waitlist_never_over_capacity():
    event = EventFactory(capacity=2)
    volunteers = [VolunteerFactory() for _ in range(4)]

    statuses = [services.sign_up(event, v).status for v in volunteers]

    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]
    event.refresh_from_db()
    assert event.places_taken == 2 == event.signups.holding_a_place().count()


def test_the_database_refuses_more_places_than_the_capacity():
    event = EventFactory(capacity=1, places_taken=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerEvent.objects.filter(pk=event.pk).update(places_taken=2)


def test_signing_up_twice_is_refused_and_takes_no_second_place():
    event = EventFactory(capacity=5)
    volunteer = VolunteerFactory()
    services.sign_up(event, volunteer)

    assert refusal(event, volunteer) == "You are already signed up for this event."
    event.refresh_from_db()
    assert event.places_taken == 1
    assert SignUp.objects.filter(event=event).count() == 1


def test_a_second_live_sign_up_row_is_refused_by_the_database():
    signup = SignUpFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        SignUp.objects.create(
            event=signup.event, volunteer=signup.volunteer, status=Status.WAITLISTED
        )


def test_someone_who_withdrew_may_sign_up_again():
    event = EventFactory(capacity=5)
    volunteer = VolunteerFactory()
    services.cancel_signup(services.sign_up(event, volunteer))

    again = services.sign_up(event, volunteer)

    assert again.status == Status.CONFIRMED
    event.refresh_from_db()
    assert event.places_taken == 1


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": VolunteerEvent.Status.CANCELLED}, "This event was cancelled."),
        ({"status": VolunteerEvent.Status.PENDING}, "This event is not open for sign-up."),
        ({"status": VolunteerEvent.Status.DECLINED}, "This event is not open for sign-up."),
    ],
)
def test_cancelled_and_unpublished_events_take_no_sign_ups(fields, reason):
    event = EventFactory(**fields)

    assert refusal(event, VolunteerFactory()) == reason
    assert not SignUp.objects.exists()


def test_a_past_event_takes_no_sign_ups():
    event = event_at(timezone.now() - datetime.timedelta(days=2))

    assert refusal(event, VolunteerFactory()) == "This event is over."


def test_an_event_that_already_started_takes_no_sign_ups():
    event = event_at(timezone.now() - datetime.timedelta(hours=1))

    assert refusal(event, VolunteerFactory()) == (
        "This event has already started: sign-up is closed."
    )
    event.refresh_from_db()
    assert event.places_taken == 0


def test_a_volunteer_who_has_not_accepted_the_current_waiver_is_refused():
    volunteer = VolunteerFactory()  # accepted version 1
    WaiverFactory(title="New waiver")  # version 2, now the current one

    assert refusal(EventFactory(), volunteer) == (
        "The volunteer waiver has changed (version 2). Please read and accept it on your "
        "volunteer details page before signing up."
    )
    assert not SignUp.objects.exists()


def test_accepting_the_current_waiver_lets_the_volunteer_sign_up():
    volunteer = VolunteerFactory()
    current = WaiverFactory(title="New waiver")
    WaiverAcceptance.objects.create(volunteer=volunteer, waiver=current)

    assert services.sign_up(EventFactory(), volunteer).status == Status.CONFIRMED


def test_a_minor_without_a_guardians_consent_is_refused():
    minor = VolunteerFactory(age_band=Volunteer.AgeBand.TEEN)

    assert refusal(EventFactory(), minor) == (
        "A parent or guardian must give their consent before you can take part. "
        "We sent them a link, or a liaison can record a signed paper form."
    )

    minor.guardian_consent_at = timezone.now()
    minor.save()
    assert services.sign_up(EventFactory(), minor).status == Status.CONFIRMED


def test_a_place_at_another_event_at_the_same_time_is_refused_by_name():
    volunteer = VolunteerFactory()
    morning = EventFactory(title="Alley cleanup")
    services.sign_up(morning, volunteer)
    overlapping = event_at(morning.starts_at + datetime.timedelta(hours=1))

    reason = refusal(overlapping, volunteer)

    assert reason.startswith("You already have a place at “Alley cleanup” at the same time (")
    assert "Withdraw from it first" in reason
    overlapping.refresh_from_db()
    assert overlapping.places_taken == 0


def test_back_to_back_events_do_not_overlap():
    volunteer = VolunteerFactory()
    morning = EventFactory()
    services.sign_up(morning, volunteer)
    afternoon = event_at(morning.ends_at)

    assert services.sign_up(afternoon, volunteer).status == Status.CONFIRMED


def test_a_waitlist_place_or_a_cancelled_event_at_the_same_time_is_no_clash():
    volunteer = VolunteerFactory()
    full = EventFactory(capacity=0)
    assert services.sign_up(full, volunteer).status == Status.WAITLISTED
    cancelled = event_at(full.starts_at)
    SignUpFactory(event=cancelled, volunteer=volunteer)
    cancelled.status = VolunteerEvent.Status.CANCELLED
    cancelled.save()

    assert services.sign_up(event_at(full.starts_at), volunteer).status == Status.CONFIRMED


def test_refusals_are_in_the_language_of_the_person():
    event = EventFactory(status=VolunteerEvent.Status.CANCELLED)
    translation.activate("es")
    assert refusal(event, VolunteerFactory()) == "Este evento se canceló."
    translation.activate("en")
    assert refusal(event, VolunteerFactory()) == "This event was cancelled."


def test_withdrawing_frees_the_place_when_nobody_is_waiting():
    event = EventFactory(capacity=3)
    signup = services.sign_up(event, VolunteerFactory())

    services.cancel_signup(signup)

    signup.refresh_from_db()
    event.refresh_from_db()
    assert signup.status == Status.CANCELLED
    assert event.places_taken == 0


def test_leaving_the_waitlist_frees_no_place():
    event = EventFactory(capacity=1)
    services.sign_up(event, VolunteerFactory())
    waiting = services.sign_up(event, VolunteerFactory())

    services.cancel_signup(waiting)

    event.refresh_from_db()
    assert event.places_taken == 1


def test_withdrawing_twice_is_refused():
    signup = services.sign_up(EventFactory(), VolunteerFactory())
    services.cancel_signup(signup)

    with pytest.raises(services.SignUpRefused, match="You are not signed up for this event."):
        services.cancel_signup(signup)
    signup.event.refresh_from_db()
    assert signup.event.places_taken == 0


def test_nobody_withdraws_once_the_event_has_started():
    event = EventFactory()
    signup = services.sign_up(event, VolunteerFactory())

    with pytest.raises(services.SignUpRefused, match="already started"):
        services.cancel_signup(signup, now=event.starts_at + datetime.timedelta(minutes=5))
    signup.refresh_from_db()
    assert signup.status == Status.CONFIRMED


def test_reset_calendar_token_makes_a_new_secret():
    volunteer = VolunteerFactory()
    old = volunteer.calendar_token

    services.reset_calendar_token(volunteer)

    volunteer.refresh_from_db()
    assert volunteer.calendar_token != old
    assert len(volunteer.calendar_token) <= 32


def test_a_checked_in_volunteer_cannot_withdraw_and_a_walk_in_frees_no_place():
    event = EventFactory(capacity=1)
    SignUpFactory(event=event)  # the one place
    walk_in = SignUpFactory(event=event, status=Status.WAITLISTED)
    # Present beyond the places: confirmed, checked in, holding none (see services.on_the_day).
    SignUp.objects.filter(pk=walk_in.pk).update(
        status=Status.CONFIRMED, walk_in=True, checked_in_at=timezone.now()
    )
    walk_in.refresh_from_db()

    with pytest.raises(services.SignUpRefused, match="checked in"):
        services.cancel_signup(walk_in)
    SignUp.objects.filter(pk=walk_in.pk).update(checked_in_at=None)
    services.cancel_signup(walk_in)

    event.refresh_from_db()
    assert event.places_taken == 1
