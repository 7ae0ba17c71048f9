"""Registering as a volunteer, my details, and the waiver: its versions and re-acceptance.

The rule sign-ups call, ``rules.why_not_sign_up``, is tested here with every
reason it gives.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from liaisons import rules
from liaisons.models import Volunteer, WaiverAcceptance
from liaisons.services import volunteers as services
from tests.factories import NeighborhoodFactory, UserFactory
from tests.liaisons.factories import VolunteerFactory, WaiverFactory

REGISTER = "liaisons:volunteer_register"
DETAILS = "liaisons:volunteer_details"


@pytest.fixture
def hood(db):
    return NeighborhoodFactory(name="Riverside")


@pytest.fixture
def waiver(db):
    return WaiverFactory(title="Volunteer waiver", text="I take part at my own risk.")


@pytest.fixture
def person(db):
    return UserFactory(display_name="Dana", email="dana@example.org")


def form_data(hood, waiver, **changes):
    data = {
        "display_name": "Dana Smith",
        "neighborhoods": [hood.pk],
        "skills": "First aid",
        "availability": "Saturday mornings",
        "phone": "555 123 4567",
        "age_band": Volunteer.AgeBand.ADULT,
        "emergency_contact_name": "Sam Smith",
        "emergency_contact_phone": "555 765 4321",
        "guardian_name": "",
        "guardian_contact": "",
        "waiver_version": waiver.version,
        "accept_waiver": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- Registering -------------------------------------------------------------------------


def test_the_form_shows_the_current_waiver_in_full(client, person, hood, waiver):
    WaiverFactory(text="A newer text, the one in force.")
    client.force_login(person)
    response = client.get(reverse(REGISTER))
    page = response.content.decode()
    assert response.status_code == 200
    assert "A newer text, the one in force." in page
    assert "I take part at my own risk." not in page
    assert 'value="2"' in page  # the version read, sent back with the form
    assert "Dana" in page  # the name on rosters starts as the account's name


def test_an_adult_registers_and_accepts_the_waiver(client, person, hood, waiver):
    client.force_login(person)
    response = client.post(reverse(REGISTER), form_data(hood, waiver))
    assert response.status_code == 302
    assert response["Location"] == reverse(DETAILS)
    volunteer = Volunteer.objects.get(user=person)
    assert volunteer.display_name == "Dana Smith"
    assert list(volunteer.neighborhoods.all()) == [hood]
    assert volunteer.emergency_contact_phone == "555 765 4321"
    acceptance = WaiverAcceptance.objects.get(volunteer=volunteer)
    assert acceptance.waiver == waiver
    assert rules.why_not_sign_up(volunteer) is None


def test_visitors_are_asked_to_log_in(client, waiver):
    response = client.get(reverse(REGISTER))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_errors_are_named_and_nothing_typed_is_lost(client, person, hood, waiver):
    client.force_login(person)
    data = form_data(hood, waiver, accept_waiver=None, neighborhoods=None, phone="12")
    response = client.post(reverse(REGISTER), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please accept the waiver to volunteer." in page
    assert "Please choose at least one neighborhood." in page
    assert "Please give a phone number with its area code." in page
    # What was typed is still in the form.
    assert 'value="Dana Smith"' in page
    assert "First aid" in page
    assert "Saturday mornings" in page
    assert not Volunteer.objects.exists()
    assert not WaiverAcceptance.objects.exists()


def test_a_minor_must_name_a_guardian(client, person, hood, waiver):
    client.force_login(person)
    data = form_data(hood, waiver, age_band=Volunteer.AgeBand.TEEN)
    response = client.post(reverse(REGISTER), data)
    page = response.content.decode()
    assert "Volunteers under 18 need a parent&#x27;s or guardian&#x27;s name." in page
    assert "Please give your parent&#x27;s or guardian&#x27;s e-mail address" in page
    assert not Volunteer.objects.exists()


def test_an_incomplete_guardian_address_is_refused(client, person, hood, waiver):
    client.force_login(person)
    data = form_data(
        hood,
        waiver,
        age_band=Volunteer.AgeBand.TEEN,
        guardian_name="Pat",
        guardian_contact="pat@",
    )
    response = client.post(reverse(REGISTER), data)
    assert "This e-mail address is not complete." in response.content.decode()


def test_an_adult_gives_no_guardian_details(client, person, hood, waiver):
    client.force_login(person)
    data = form_data(hood, waiver, guardian_name="Pat", guardian_contact="pat@example.org")
    client.post(reverse(REGISTER), data)
    volunteer = Volunteer.objects.get(user=person)
    assert volunteer.guardian_name == volunteer.guardian_contact == ""


def test_without_a_published_waiver_registration_waits(client, person, hood):
    WaiverFactory(published_at=timezone.now() + timedelta(days=2))  # not yet in force
    client.force_login(person)
    response = client.get(reverse(REGISTER))
    assert "Volunteer registration opens once the city publishes" in response.content.decode()
    assert "<form" not in response.content.decode().split("volunteer-register-heading")[1]
    response = client.post(reverse(REGISTER), {"display_name": "Dana"})
    assert response.status_code == 200
    assert not Volunteer.objects.exists()


def test_a_waiver_changed_while_reading_is_shown_again(client, person, hood, waiver):
    client.force_login(person)
    WaiverFactory(text="Version two.")
    response = client.post(reverse(REGISTER), form_data(hood, waiver))
    page = response.content.decode()
    assert "The waiver changed while you were reading it." in page
    assert "Version two." in page
    assert 'value="Dana Smith"' in page
    assert not Volunteer.objects.exists()
    # The new version goes with the form, and its box is to be ticked again.
    assert 'name="waiver_version" value="2"' in page
    assert 'name="accept_waiver"' in page
    assert "checked" not in page.split('name="accept_waiver"')[1].split(">")[0]
    response = client.post(reverse(REGISTER), form_data(hood, waiver, waiver_version=2))
    assert response.status_code == 302
    assert Volunteer.objects.get().waiver_acceptances.get().waiver.version == 2


def test_registering_twice_goes_to_my_details(client, person, hood, waiver):
    VolunteerFactory(user=person)
    client.force_login(person)
    response = client.post(reverse(REGISTER), form_data(hood, waiver))
    assert response.status_code == 302
    assert response["Location"] == reverse(DETAILS)
    assert Volunteer.objects.count() == 1


def test_the_service_refuses_a_second_registration(person, hood, waiver):
    VolunteerFactory(user=person)
    with pytest.raises(services.VolunteerError, match="already registered"):
        services.register_volunteer(
            person,
            neighborhoods=[hood],
            waiver_version=waiver.version,
            display_name="Again",
            age_band=Volunteer.AgeBand.ADULT,
        )


# --- My details ---------------------------------------------------------------------------


def test_my_details_are_saved(client, person, hood, waiver):
    volunteer = VolunteerFactory(user=person, neighborhoods=[hood])
    other = NeighborhoodFactory(name="Hilltop")
    client.force_login(person)
    data = form_data(other, waiver, display_name="D. Smith", action="save")
    response = client.post(reverse(DETAILS), data)
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.display_name == "D. Smith"
    assert list(volunteer.neighborhoods.all()) == [other]


def test_my_details_with_an_error_keep_what_was_typed(client, person, hood, waiver):
    volunteer = VolunteerFactory(user=person, neighborhoods=[hood], display_name="Old name")
    client.force_login(person)
    data = form_data(hood, waiver, display_name="New name", phone="1", action="save")
    response = client.post(reverse(DETAILS), data)
    page = response.content.decode()
    assert "Please give a phone number with its area code." in page
    assert 'value="New name"' in page
    volunteer.refresh_from_db()
    assert volunteer.display_name == "Old name"


def test_a_minor_cannot_make_themselves_an_adult(client, person, hood, waiver):
    volunteer = VolunteerFactory(
        user=person,
        neighborhoods=[hood],
        age_band=Volunteer.AgeBand.TEEN,
        guardian_name="Pat",
        guardian_contact="555 000 1111",
    )
    client.force_login(person)
    data = form_data(
        hood,
        waiver,
        age_band=Volunteer.AgeBand.ADULT,
        guardian_name="Pat",
        guardian_contact="555 000 1111",
        action="save",
    )
    client.post(reverse(DETAILS), data)
    volunteer.refresh_from_db()
    assert volunteer.age_band == Volunteer.AgeBand.TEEN  # the field is disabled
    with pytest.raises(services.VolunteerError):
        services.update_volunteer(volunteer, neighborhoods=[hood], age_band="18_64")


def test_someone_not_registered_is_sent_to_register(client, person, waiver):
    client.force_login(person)
    response = client.get(reverse(DETAILS))
    assert response["Location"] == reverse(REGISTER)


# --- Waiver versions and re-acceptance ------------------------------------------------------


def test_a_new_waiver_must_be_accepted_before_the_next_sign_up(client, person, hood, waiver):
    volunteer = VolunteerFactory(user=person, neighborhoods=[hood])
    assert rules.why_not_sign_up(volunteer) is None
    new = WaiverFactory(text="Now with gloves.")
    reason = rules.why_not_sign_up(volunteer)
    assert "The volunteer waiver has changed (version 2)" in reason

    client.force_login(person)
    page = client.get(reverse(DETAILS)).content.decode()
    assert "Now with gloves." in page
    assert "accept_waiver" in page

    response = client.post(reverse(DETAILS), {"action": "accept_waiver", "waiver_version": 2})
    assert "Please accept the waiver to volunteer." in response.content.decode()
    assert rules.why_not_sign_up(volunteer) is not None

    data = {"action": "accept_waiver", "waiver_version": 2, "accept_waiver": "on"}
    response = client.post(reverse(DETAILS), data)
    assert response.status_code == 302
    assert rules.why_not_sign_up(volunteer) is None
    versions = volunteer.waiver_acceptances.values_list("waiver__version", flat=True)
    assert sorted(versions) == [1, 2]
    assert new.acceptances.count() == 1


def test_a_newer_version_published_while_reading_is_shown_afresh(client, person, hood, waiver):
    VolunteerFactory(user=person, neighborhoods=[hood])
    WaiverFactory(text="Version two.")
    WaiverFactory(text="Version three.")
    client.force_login(person)
    data = {"action": "accept_waiver", "waiver_version": 2, "accept_waiver": "on"}
    response = client.post(reverse(DETAILS), data, follow=True)
    page = response.content.decode()
    assert "The waiver changed while you were reading it." in page
    assert "Version three." in page
    assert 'name="waiver_version" value="3"' in page


def test_accepting_an_outdated_version_is_refused(person, hood, waiver):
    volunteer = VolunteerFactory(user=person, neighborhoods=[hood])
    WaiverFactory()
    with pytest.raises(services.VolunteerError, match="The waiver changed"):
        services.accept_waiver(volunteer, waiver_version=1)


def test_accepting_twice_records_one_acceptance(person, hood, waiver):
    volunteer = VolunteerFactory(user=person, neighborhoods=[hood], waiver=False)
    services.accept_waiver(volunteer, waiver.version)
    services.accept_waiver(volunteer, waiver.version)
    assert volunteer.waiver_acceptances.count() == 1


def test_a_waiver_scheduled_for_later_is_not_yet_in_force(person, hood, waiver):
    volunteer = VolunteerFactory(user=person, neighborhoods=[hood])
    WaiverFactory(published_at=timezone.now() + timedelta(days=1))
    assert rules.why_not_sign_up(volunteer) is None


def test_without_any_waiver_no_one_signs_up(person, hood):
    volunteer = VolunteerFactory(user=person, neighborhoods=[hood], waiver=False)
    assert "Sign-ups open once the city publishes" in rules.why_not_sign_up(volunteer)


def test_a_minor_waits_for_the_guardian(person, hood, waiver):
    volunteer = VolunteerFactory(
        user=person, age_band=Volunteer.AgeBand.UNDER_13, guardian_name="Pat"
    )
    assert "A parent or guardian must give their consent" in rules.why_not_sign_up(volunteer)
    volunteer.guardian_consent_at = timezone.now()
    assert rules.why_not_sign_up(volunteer) is None


def test_the_form_answers_in_spanish_and_keeps_what_was_typed(client, person, hood, waiver):
    """The error, the page around it and the strings it shares with the site are Spanish."""
    client.force_login(person)
    with translation.override("es"):
        url = reverse(REGISTER)
    assert url.startswith("/es/")
    response = client.post(url, form_data(hood, waiver, accept_waiver=None))
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "Por favor, corrija los errores que se indican a continuación." in page
    with translation.override("es"):
        refusal = translation.gettext("Please accept the waiver to volunteer.")
    assert refusal != "Please accept the waiver to volunteer."
    assert refusal in page
    assert 'value="Dana Smith"' in page
    assert not Volunteer.objects.exists()


def test_a_waiver_changed_while_correcting_other_errors_is_said(client, person, hood, waiver):
    client.force_login(person)
    WaiverFactory(text="Version two.")
    response = client.post(reverse(REGISTER), form_data(hood, waiver, neighborhoods=None))
    page = response.content.decode()
    assert "Please choose at least one neighborhood." in page
    assert "The waiver changed while you were reading it." in page
    assert 'name="waiver_version" value="2"' in page
