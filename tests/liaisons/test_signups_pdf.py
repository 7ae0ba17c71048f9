"""The printed roster and sign-in sheet, read back with pypdf."""

import io

import pytest
from pypdf import PdfReader

from engage.accounts.roles import STAFF
from liaisons.models import Volunteer
from liaisons.services import signups as services
from tests.factories import UserFactory
from tests.liaisons.factories import EventFactory, LiaisonFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)  # lines wrap inside table cells


@pytest.fixture
def event():
    event = EventFactory(title="Alley cleanup", capacity=2, meeting_point="Corner of Main St")
    services.sign_up(
        event,
        VolunteerFactory(
            display_name="Ana Ruiz",
            phone="215-555-0101",
            emergency_contact_name="Luis Ruiz",
            emergency_contact_phone="215-555-0199",
        ),
    )
    services.sign_up(event, VolunteerFactory(display_name="Bo Chen", phone="215-555-0102"))
    services.sign_up(event, VolunteerFactory(display_name="Cy Waiting"))
    event.refresh_from_db()
    return event


def test_the_organiser_prints_the_roster_with_phones_and_emergency_contacts(client, event):
    client.force_login(event.organiser)

    text, _pages = text_of(client.get(f"/en/volunteer/events/{event.pk}/roster.pdf"))

    assert "Alley cleanup" in text
    assert "Corner of Main St" in text
    for expected in ("Ana Ruiz", "215-555-0101", "Luis Ruiz", "215-555-0199", "Bo Chen"):
        assert expected in text
    assert "Waitlist, in order" in text
    assert "Cy Waiting" in text
    assert "Places: 2 / 2" in text


def test_the_sign_in_sheet_has_names_but_nothing_private_and_lines_for_walk_ins(client, event):
    client.force_login(event.organiser)

    response = client.get(f"/en/volunteer/events/{event.pk}/sign-in-sheet.pdf")
    text, _pages = text_of(response)

    assert "Ana Ruiz" in text and "Bo Chen" in text
    assert "215-555-0101" not in text and "Luis Ruiz" not in text
    assert "Cy Waiting" not in text  # the waitlist has no place
    assert "Walk-ins" in text
    assert "Time in" in text and "Signature" in text
    assert response["Content-Disposition"].endswith('-sign-in-sheet.pdf"')


def test_a_minor_is_marked_on_the_roster_with_the_guardian(client):
    event = EventFactory()
    services.sign_up(
        event,
        VolunteerFactory(
            display_name="Teen Volunteer",
            age_band=Volunteer.AgeBand.TEEN,
            guardian_consent_at="2026-01-01T10:00:00Z",
            guardian_name="Parent Name",
            guardian_contact="215-555-0150",
        ),
    )
    client.force_login(event.organiser)

    text, _pages = text_of(client.get(f"/en/volunteer/events/{event.pk}/roster.pdf"))

    assert "guardian's consent on record" in text
    assert "Parent Name" in text


@pytest.mark.parametrize("who", ["liaison", "staff"])
def test_the_events_liaison_and_staff_print_it_too(client, event, who):
    if who == "liaison":
        liaison = LiaisonFactory(neighborhoods=[event.neighborhood])
        event.liaison = liaison
        event.save(update_fields=["liaison"])
        client.force_login(liaison.user)
    else:
        client.force_login(UserFactory(roles=[STAFF]))

    text, _pages = text_of(client.get(f"/en/volunteer/events/{event.pk}/roster.pdf"))
    assert "215-555-0101" in text


@pytest.mark.parametrize("path", ["roster.pdf", "sign-in-sheet.pdf"])
def test_nobody_else_sees_them(client, event, path):
    url = f"/en/volunteer/events/{event.pk}/{path}"

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/en/accounts/login/")

    client.force_login(VolunteerFactory().user)
    assert client.get(url).status_code == 403
    client.force_login(LiaisonFactory().user)  # a liaison, but of another event
    assert client.get(url).status_code == 403
