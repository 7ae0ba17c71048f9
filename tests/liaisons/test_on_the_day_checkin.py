"""Check-in on the day: from the roster, by personal code or QR code, walk-ins; scope, day,
forged codes, twice, capacity."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from liaisons.models import SignUp, Volunteer, VolunteerEvent, WaiverAcceptance
from liaisons.services import on_the_day
from tests.liaisons.factories import (
    EventFactory,
    SignUpFactory,
    VolunteerFactory,
    WaiverFactory,
)
from tests.liaisons.on_the_day_fixtures import *  # noqa: F403 (the fixtures)
from tests.liaisons.on_the_day_fixtures import happening_now

pytestmark = pytest.mark.django_db


def roster_url(event):
    return reverse("liaisons:roster", args=[event.pk])


def check_in_url(event):
    return reverse("liaisons:check_in", args=[event.pk])


def walk_in_url(event):
    return reverse("liaisons:walk_in", args=[event.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- The roster ---------------------------------------------------------------------------


def test_the_liaison_sees_the_roster_with_a_button_per_confirmed_volunteer(
    client, liaison, today_event, signup
):
    waiting = SignUpFactory(event=today_event, status=SignUp.Status.WAITLISTED)
    client.force_login(liaison.user)

    response = client.get(roster_url(today_event))

    assert response.status_code == 200
    page = response.content.decode()
    assert signup.volunteer.display_name in page
    assert f'name="signup" value="{signup.pk}"' in page
    assert waiting.volunteer.display_name not in page


def test_a_liaison_of_another_neighborhood_and_a_resident_are_refused(
    client, other_liaison, today_event, signup, user_factory
):
    client.force_login(other_liaison.user)
    response = client.get(roster_url(today_event))
    assert response.status_code == 403
    assert "You are not the liaison for" in response.content.decode()
    assert signup.volunteer.display_name not in response.content.decode()

    client.force_login(user_factory())
    response = client.post(check_in_url(today_event), {"signup": signup.pk})
    assert response.status_code == 403
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_the_roster_needs_a_log_in(client, today_event):
    response = client.get(roster_url(today_event))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_check_in_anywhere(client, staff, today_event, signup):
    client.force_login(staff)
    client.post(check_in_url(today_event), {"signup": signup.pk})
    signup.refresh_from_db()
    assert signup.checked_in_by == staff


# --- Checking in --------------------------------------------------------------------------


def test_check_in_from_the_list_then_twice_is_refused(client, liaison, today_event, signup):
    client.force_login(liaison.user)

    response = client.post(check_in_url(today_event), {"signup": signup.pk}, follow=True)

    signup.refresh_from_db()
    assert signup.checked_in_at is not None and signup.checked_in_by == liaison.user
    assert f"{signup.volunteer.display_name} is checked in." in messages_of(response)
    first_time = signup.checked_in_at

    response = client.post(check_in_url(today_event), {"signup": signup.pk}, follow=True)
    signup.refresh_from_db()
    assert signup.checked_in_at == first_time
    assert any("was already checked in at" in m for m in messages_of(response))


def test_check_in_by_a_typed_code_forgives_case_and_spaces(client, liaison, today_event, signup):
    client.force_login(liaison.user)
    code = signup.volunteer.personal_code
    typed = f" {code[:4].lower()} {code[4:].lower()} "

    client.post(check_in_url(today_event), {"code": typed})

    signup.refresh_from_db()
    assert signup.checked_in_at is not None


def test_a_forged_code_is_refused_and_what_was_typed_is_kept(client, liaison, today_event, signup):
    client.force_login(liaison.user)

    response = client.post(check_in_url(today_event), {"code": "ZZZZ9999"})

    assert response.status_code == 400
    assert "No volunteer has the code “ZZZZ9999”" in response.content.decode()
    assert 'value="ZZZZ9999"' in response.content.decode()
    assert not SignUp.objects.filter(checked_in_at__isnull=False).exists()


def test_the_code_of_someone_not_signed_up_is_refused(client, liaison, today_event, hood):
    stranger = VolunteerFactory(neighborhoods=[hood])
    client.force_login(liaison.user)

    response = client.post(check_in_url(today_event), {"code": stranger.personal_code})

    assert f"{stranger.display_name} is not signed up for this event" in response.content.decode()
    assert not SignUp.objects.filter(volunteer=stranger).exists()


def test_a_waitlisted_code_is_not_checked_in_as_confirmed(client, liaison, today_event):
    waiting = SignUpFactory(event=today_event, status=SignUp.Status.WAITLISTED)
    client.force_login(liaison.user)

    response = client.post(check_in_url(today_event), {"code": waiting.volunteer.personal_code})

    assert "is on the waitlist" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_check_in_only_on_the_day_of_the_event(client, liaison, hood):
    next_week = EventFactory(neighborhood=hood)
    signup = SignUpFactory(event=next_week)
    client.force_login(liaison.user)

    response = client.post(check_in_url(next_week), {"signup": signup.pk}, follow=True)

    assert any("only open on the day of the event" in m for m in messages_of(response))
    signup.refresh_from_db()
    assert signup.checked_in_at is None
    page = client.get(roster_url(next_week)).content.decode()
    assert 'id="check-in-closed"' in page and 'name="signup"' not in page


def test_check_in_is_closed_for_a_cancelled_event(liaison, hood):
    event = happening_now(hood, status=VolunteerEvent.Status.CANCELLED)
    signup = SignUpFactory(event=event)
    with pytest.raises(on_the_day.DayOfRefused, match="published events"):
        on_the_day.check_in(event, signup.pk, by=liaison.user)


def test_a_sign_up_of_another_event_cannot_be_checked_in_here(liaison, today_event, hood):
    elsewhere = SignUpFactory(event=happening_now(hood))
    with pytest.raises(on_the_day.DayOfRefused, match="no confirmed place"):
        on_the_day.check_in(today_event, elsewhere.pk, by=liaison.user)


def test_a_refusal_is_translated(client, liaison, today_event):
    client.force_login(liaison.user)
    url = reverse("liaisons:check_in", args=[today_event.pk]).replace("/en/", "/es/")

    response = client.post(url, {"code": "ZZZZ9999"})

    assert "Ningún voluntario tiene el código «ZZZZ9999»" in response.content.decode()


# --- Walk-ins -----------------------------------------------------------------------------


def test_a_walk_in_takes_a_free_place(client, liaison, today_event, hood):
    volunteer = VolunteerFactory(neighborhoods=[hood])
    client.force_login(liaison.user)

    client.post(walk_in_url(today_event), {"who": volunteer.personal_code})

    signup = SignUp.objects.get(event=today_event, volunteer=volunteer)
    assert signup.status == SignUp.Status.CONFIRMED and signup.checked_in_at is not None
    assert not signup.walk_in
    today_event.refresh_from_db()
    assert today_event.places_taken == 1


def test_a_walk_in_at_a_full_event_is_recorded_beyond_the_places(client, liaison, hood):
    event = happening_now(hood, capacity=1)
    SignUpFactory(event=event)
    waiting = SignUpFactory(event=event, status=SignUp.Status.WAITLISTED)
    extra = VolunteerFactory(neighborhoods=[hood])
    client.force_login(liaison.user)

    response = client.post(walk_in_url(event), {"who": extra.user.email.upper()}, follow=True)
    client.post(walk_in_url(event), {"who": waiting.volunteer.personal_code})

    event.refresh_from_db()
    assert event.places_taken == 1 == event.capacity
    present = SignUp.objects.filter(event=event, checked_in_at__isnull=False)
    assert {s.volunteer_id for s in present} == {extra.pk, waiting.volunteer_id}
    assert all(s.walk_in and s.status == SignUp.Status.CONFIRMED for s in present)
    assert any("beyond the places" in m for m in messages_of(response))
    counts = client.get(roster_url(event)).content.decode()
    assert "Walk-ins beyond the places: <strong>2</strong>" in counts


def test_a_waitlisted_walk_in_takes_a_place_that_freed(liaison, today_event):
    waiting = SignUpFactory(event=today_event, status=SignUp.Status.WAITLISTED)

    signup = on_the_day.add_walk_in(today_event, waiting.volunteer.personal_code, by=liaison.user)

    assert signup.pk == waiting.pk and not signup.walk_in
    today_event.refresh_from_db()
    assert today_event.places_taken == 1


def test_a_walk_in_already_checked_in_is_refused(liaison, today_event, signup):
    on_the_day.check_in(today_event, signup.pk, by=liaison.user)
    with pytest.raises(on_the_day.DayOfRefused, match="already checked in"):
        on_the_day.add_walk_in(today_event, signup.volunteer.personal_code, by=liaison.user)


def test_an_unknown_e_mail_is_refused(liaison, today_event):
    with pytest.raises(on_the_day.DayOfRefused, match="No volunteer is registered"):
        on_the_day.add_walk_in(today_event, "nobody@example.org", by=liaison.user)


def test_a_minor_without_consent_or_a_volunteer_without_the_waiver_cannot_walk_in(
    liaison, today_event
):
    minor = VolunteerFactory(age_band=Volunteer.AgeBand.TEEN)
    unsigned = VolunteerFactory(waiver=False)
    with pytest.raises(on_the_day.DayOfRefused, match="consent"):
        on_the_day.add_walk_in(today_event, minor.personal_code, by=liaison.user)
    with pytest.raises(on_the_day.DayOfRefused, match="waiver"):
        on_the_day.add_walk_in(today_event, unsigned.personal_code, by=liaison.user)
    assert not SignUp.objects.filter(event=today_event).exists()


def test_someone_new_is_registered_and_checked_in(client, liaison, today_event):
    waiver = WaiverFactory()
    client.force_login(liaison.user)
    data = {
        "action": "new",
        "display_name": "Ana Ruiz",
        "email": "ana@example.org",
        "age_band": Volunteer.AgeBand.ADULT,
        "waiver": "on",
    }

    client.post(walk_in_url(today_event), data)

    volunteer = Volunteer.objects.get(user__email="ana@example.org")
    assert volunteer.display_name == "Ana Ruiz"
    assert not volunteer.user.has_usable_password()
    assert list(volunteer.neighborhoods.all()) == [today_event.neighborhood]
    assert WaiverAcceptance.objects.filter(volunteer=volunteer, waiver=waiver).exists()
    signup = SignUp.objects.get(volunteer=volunteer)
    assert signup.checked_in_at is not None


def test_someone_new_needs_the_waiver_and_keeps_what_was_typed(client, liaison, today_event):
    client.force_login(liaison.user)
    data = {"action": "new", "display_name": "Ana Ruiz", "email": "ana@example.org"}

    response = client.post(walk_in_url(today_event), {**data, "age_band": "18_64"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "They must accept the waiver" in page and 'value="Ana Ruiz"' in page
    assert not get_user_model().objects.filter(email="ana@example.org").exists()


def test_a_minor_is_not_registered_on_the_spot(liaison, today_event):
    with pytest.raises(on_the_day.DayOfRefused, match="guardian"):
        on_the_day.register_walk_in(
            today_event,
            display_name="Kid",
            email="kid@example.org",
            age_band=Volunteer.AgeBand.TEEN,
            by=liaison.user,
        )
    assert not get_user_model().objects.filter(email="kid@example.org").exists()


# --- The QR code's page -------------------------------------------------------------------


def test_the_qr_page_shows_the_volunteer_s_sign_up_today_and_checks_them_in(
    client, liaison, today_event, signup
):
    client.force_login(liaison.user)
    url = reverse("liaisons:check_in_by_code", args=[signup.volunteer.personal_code])

    page = client.get(url).content.decode()
    assert today_event.title in page and "Confirm check-in" in page

    response = client.post(url, {"event": today_event.pk})
    assert response.status_code == 302 and response["Location"] == roster_url(today_event)
    signup.refresh_from_db()
    assert signup.checked_in_by == liaison.user


def test_the_qr_page_offers_a_walk_in_at_today_s_events(client, liaison, today_event, hood):
    volunteer = VolunteerFactory(neighborhoods=[hood])
    client.force_login(liaison.user)
    url = reverse("liaisons:check_in_by_code", args=[volunteer.personal_code])

    page = client.get(url).content.decode()
    assert 'id="not-signed-up"' in page and 'id="walk-in-events"' in page

    client.post(url, {"event": today_event.pk, "action": "walk_in"})
    assert SignUp.objects.get(volunteer=volunteer).checked_in_at is not None


def test_the_qr_page_shows_nothing_out_of_scope(client, other_liaison, today_event, signup):
    client.force_login(other_liaison.user)
    url = reverse("liaisons:check_in_by_code", args=[signup.volunteer.personal_code])

    page = client.get(url).content.decode()
    assert today_event.title not in page

    client.post(url, {"event": today_event.pk})
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_the_qr_page_of_a_forged_code_is_404_and_residents_are_told_what_it_is(
    client, liaison, user_factory, signup
):
    client.force_login(liaison.user)
    response = client.get(reverse("liaisons:check_in_by_code", args=["ZZZZ9999"]))
    assert response.status_code == 404
    assert "No volunteer has the code" in response.content.decode()

    client.force_login(user_factory())
    url = reverse("liaisons:check_in_by_code", args=[signup.volunteer.personal_code])
    response = client.get(url)
    assert response.status_code == 403
    assert signup.volunteer.display_name not in response.content.decode()


def test_yesterday_s_sign_up_is_not_on_the_qr_page(client, liaison, hood):
    yesterday = timezone.now() - timedelta(days=1)
    event = EventFactory(
        neighborhood=hood, starts_at=yesterday, ends_at=yesterday + timedelta(hours=1)
    )
    signup = SignUpFactory(event=event)
    client.force_login(liaison.user)
    url = reverse("liaisons:check_in_by_code", args=[signup.volunteer.personal_code])
    assert event.title not in client.get(url).content.decode()


def test_a_new_walk_in_never_takes_over_an_existing_account(liaison, today_event, user_factory):
    resident = user_factory(email="rosa@example.org")
    registered = VolunteerFactory()

    with pytest.raises(on_the_day.DayOfRefused, match="register as a volunteer from their own"):
        on_the_day.register_walk_in(
            today_event,
            display_name="Not Rosa",
            email="ROSA@example.org",
            age_band=Volunteer.AgeBand.ADULT,
            by=liaison.user,
        )
    assert not Volunteer.objects.filter(user=resident).exists()

    signup = on_the_day.register_walk_in(
        today_event,
        display_name="Whatever",
        email=registered.user.email,
        age_band=Volunteer.AgeBand.ADULT,
        by=liaison.user,
    )
    assert signup.volunteer == registered and signup.checked_in_at is not None
    registered.refresh_from_db()
    assert registered.display_name != "Whatever"
