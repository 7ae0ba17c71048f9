"""A minor's guardian consents: through the e-mailed link (signed, expiring, tied to the
guardian named), or on paper, recorded by staff or the liaison of the volunteer's
neighborhood (who recorded it is kept)."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.signing import TimestampSigner
from django.urls import reverse

from liaisons import rules
from liaisons.models import Volunteer
from liaisons.services import volunteers as services
from tests.factories import NeighborhoodFactory, UserFactory
from tests.liaisons.factories import LiaisonFactory, VolunteerFactory, WaiverFactory
from tests.liaisons.test_volunteers_registration import form_data

LINK = re.compile(r"https?://[^\s\"<]+/consent/([^/\s\"<]+)/")


@pytest.fixture
def hood(db):
    return NeighborhoodFactory(name="Riverside")


@pytest.fixture
def waiver(db):
    return WaiverFactory(text="Young volunteers wear gloves and stay with an adult.")


@pytest.fixture
def minor_person(db):
    return UserFactory(display_name="Jo", email="jo@example.org")


@pytest.fixture
def register_minor(client, minor_person, hood, waiver, django_capture_on_commit_callbacks):
    def run(contact="pat@example.org"):
        client.force_login(minor_person)
        data = form_data(
            hood,
            waiver,
            display_name="Jo Park",
            age_band=Volunteer.AgeBand.TEEN,
            guardian_name="Pat Park",
            guardian_contact=contact,
        )
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("liaisons:volunteer_register"), data)
        assert response.status_code == 302
        return Volunteer.objects.get(user=minor_person)

    return run


def consent_link(message):
    return LINK.search(message.body).group(0)


# --- By the e-mailed link -------------------------------------------------------------------


def test_the_guardian_is_emailed_a_link_and_consents(client, register_minor):
    volunteer = register_minor()
    assert "A parent or guardian must give their consent" in rules.why_not_sign_up(volunteer)
    (message,) = mail.outbox
    assert message.to == ["pat@example.org"]
    assert "Jo Park" in message.subject
    assert "Hello Pat Park" in message.body
    link = consent_link(message)
    assert "List-Unsubscribe" not in message.extra_headers  # no account, no preferences

    client.logout()  # the guardian has no account
    page = client.get(link).content.decode()
    assert "Jo Park" in page
    assert "Young volunteers wear gloves and stay with an adult." in page

    response = client.post(link, {})
    assert "Please tick the box to give your consent." in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.guardian_consent_at is None

    response = client.post(link, {"consent": "on"})
    assert "Your consent for Jo Park was recorded" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.guardian_consent_at is not None
    assert volunteer.guardian_consent_recorded_by is None
    assert rules.why_not_sign_up(volunteer) is None

    # Consenting again changes nothing.
    first = volunteer.guardian_consent_at
    client.post(link, {"consent": "on"})
    volunteer.refresh_from_db()
    assert volunteer.guardian_consent_at == first


def test_a_forged_link_is_refused(client, register_minor):
    volunteer = register_minor()
    forged = TimestampSigner(salt="something-else").sign_object({"v": volunteer.pk, "g": "0" * 16})
    for token in (forged, "nonsense", forged[:-2] + "xx"):
        response = client.post(
            reverse("liaisons:guardian_consent", args=[token]), {"consent": "on"}
        )
        assert response.status_code == 400
        assert "This consent link is not valid." in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.guardian_consent_at is None


def test_an_expired_link_is_refused(client, register_minor, settings):
    volunteer = register_minor()
    link = consent_link(mail.outbox[0])
    later = timedelta(days=settings.GUARDIAN_CONSENT_LINK_DAYS, hours=1)
    # Signed tokens read the clock through time.time: move it past the link's life.
    real_time = time.time
    with mock.patch("time.time", lambda: real_time() + later.total_seconds()):
        response = client.post(link, {"consent": "on"})
    assert response.status_code == 400
    assert "This consent link has expired." in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.guardian_consent_at is None


def test_a_link_to_a_previous_guardian_stops_working(
    client, register_minor, minor_person, hood, waiver, django_capture_on_commit_callbacks
):
    volunteer = register_minor()
    old_link = consent_link(mail.outbox[0])
    data = form_data(
        hood,
        waiver,
        display_name="Jo Park",
        age_band=Volunteer.AgeBand.TEEN,
        guardian_name="Lee Park",
        guardian_contact="lee@example.org",
        action="save",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("liaisons:volunteer_details"), data)
    (message,) = mail.outbox
    assert message.to == ["lee@example.org"]

    response = client.post(old_link, {"consent": "on"})
    assert response.status_code == 400
    assert "no longer valid" in response.content.decode()
    response = client.post(consent_link(message), {"consent": "on"})
    assert response.status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.guardian_consent_at is not None


def test_a_new_guardian_must_consent_again(register_minor, hood):
    volunteer = register_minor()
    services.consent_by_link(services.consent_token(volunteer.pk, _fingerprint(volunteer)))
    volunteer.refresh_from_db()
    assert volunteer.guardian_consent_at is not None
    services.update_volunteer(
        volunteer, neighborhoods=[hood], guardian_name="Lee Park", guardian_contact="555 222 3333"
    )
    volunteer.refresh_from_db()
    assert volunteer.guardian_consent_at is None


def test_the_link_can_be_sent_again_a_few_times(
    client, register_minor, django_capture_on_commit_callbacks
):
    register_minor()
    details = reverse("liaisons:volunteer_details")
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(details, {"action": "resend_consent"})
    assert len(mail.outbox) == 4
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(details, {"action": "resend_consent"}, follow=True)
    assert "The link was sent several times in the last hour." in response.content.decode()
    assert len(mail.outbox) == 4


def test_with_a_phone_number_no_email_is_sent(client, register_minor):
    volunteer = register_minor(contact="555 111 2222")
    assert mail.outbox == []
    page = client.get(reverse("liaisons:volunteer_details")).content.decode()
    assert "needs to sign the consent form" in page
    assert volunteer.guardian_consent_at is None


# --- On paper ------------------------------------------------------------------------------


def paper_url(volunteer):
    return reverse("liaisons:record_paper_consent", args=[volunteer.pk])


def test_the_neighborhood_liaison_records_the_paper_form(client, register_minor, hood):
    volunteer = register_minor(contact="555 111 2222")
    liaison = LiaisonFactory(neighborhoods=[hood])
    client.force_login(liaison.user)
    page = client.get(paper_url(volunteer)).content.decode()
    assert "Pat Park" in page and "555 111 2222" in page

    response = client.post(paper_url(volunteer), {})
    assert "Please confirm that you hold the signed form." in response.content.decode()
    response = client.post(paper_url(volunteer), {"signed_form": "on"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.guardian_consent_at is not None
    assert volunteer.guardian_consent_recorded_by == liaison.user
    assert rules.why_not_sign_up(volunteer) is None

    with pytest.raises(services.VolunteerError, match="already on record"):
        services.record_paper_consent(volunteer, liaison.user)


def test_staff_record_the_paper_form(client, register_minor):
    volunteer = register_minor(contact="555 111 2222")
    staff = UserFactory(roles=["Staff"])
    client.force_login(staff)
    client.post(paper_url(volunteer), {"signed_form": "on"})
    volunteer.refresh_from_db()
    assert volunteer.guardian_consent_recorded_by == staff


def test_a_liaison_elsewhere_cannot_record_it(client, register_minor):
    volunteer = register_minor(contact="555 111 2222")
    elsewhere = LiaisonFactory(neighborhoods=[NeighborhoodFactory(name="Hilltop")])
    client.force_login(elsewhere.user)
    response = client.post(paper_url(volunteer), {"signed_form": "on"})
    assert response.status_code == 403
    assert "Only city staff or a liaison of this volunteer" in response.content.decode()
    assert "555 111 2222" not in response.content.decode()  # no other person's data
    volunteer.refresh_from_db()
    assert volunteer.guardian_consent_at is None


def test_a_resident_does_not_even_learn_the_volunteer_exists(client, register_minor):
    volunteer = register_minor(contact="555 111 2222")
    client.force_login(UserFactory())
    assert client.get(paper_url(volunteer)).status_code == 404


def test_an_adult_needs_no_consent(db, hood):
    adult = VolunteerFactory(neighborhoods=[hood])
    staff = UserFactory(roles=["Staff"])
    assert "not a minor" in rules.why_not_record_consent(staff, adult)


# --- helpers --------------------------------------------------------------------------


def _fingerprint(volunteer):
    return services._guardian_fingerprint(volunteer)


def test_an_adult_who_corrects_their_age_band_needs_consent(
    client, hood, waiver, django_capture_on_commit_callbacks
):
    volunteer = VolunteerFactory(neighborhoods=[hood], display_name="Kim")
    client.force_login(volunteer.user)
    data = form_data(
        hood,
        waiver,
        display_name="Kim",
        age_band=Volunteer.AgeBand.TEEN,
        guardian_name="Pat Park",
        guardian_contact="pat@example.org",
        action="save",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("liaisons:volunteer_details"), data)
    (message,) = mail.outbox
    assert message.to == ["pat@example.org"]
    volunteer.refresh_from_db()
    assert "A parent or guardian must give their consent" in rules.why_not_sign_up(volunteer)


def test_a_minor_cannot_be_their_own_guardian(client, minor_person, hood, waiver):
    client.force_login(minor_person)
    data = form_data(
        hood,
        waiver,
        age_band=Volunteer.AgeBand.TEEN,
        guardian_name="Pat Park",
        guardian_contact="JO@example.org",  # the minor's own account address
    )
    response = client.post(reverse("liaisons:volunteer_register"), data)
    assert "This is your own e-mail address." in response.content.decode()
    assert not Volunteer.objects.exists()
