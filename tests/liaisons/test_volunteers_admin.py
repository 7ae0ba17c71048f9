"""Volunteers, the waiver and adopted blocks in the Wagtail admin ("Volunteering" menu)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.accounts.roles import STAFF
from liaisons.models import Volunteer, Waiver
from liaisons.services import adoptions as areas
from tests.factories import NeighborhoodFactory, UserFactory, square
from tests.liaisons.factories import LiaisonFactory, VolunteerFactory, WaiverFactory

VOLUNTEERS = "/admin/snippets/liaisons/volunteer/"
WAIVERS = "/admin/snippets/liaisons/waiver/"
ADOPTIONS = "/admin/snippets/liaisons/adoption/"


@pytest.fixture
def staff(db):
    return UserFactory(roles=[STAFF], display_name="Program office")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def people(db):
    """An adult in Riverside, a teen waiting for consent and one with it, in Hilltop."""
    WaiverFactory()
    riverside = NeighborhoodFactory(name="Riverside")
    hilltop = NeighborhoodFactory(name="Hilltop")
    return {
        "riverside": riverside,
        "hilltop": hilltop,
        "adult": VolunteerFactory(display_name="Adult Ada", neighborhoods=[riverside]),
        "waiting": VolunteerFactory(
            display_name="Teen Waiting",
            neighborhoods=[hilltop],
            age_band=Volunteer.AgeBand.TEEN,
            guardian_name="Pat",
            guardian_contact="555 111 2222",
        ),
        "consented": VolunteerFactory(
            display_name="Teen Consented",
            neighborhoods=[hilltop],
            age_band=Volunteer.AgeBand.UNDER_13,
            guardian_name="Lee",
            guardian_contact="lee@example.org",
            guardian_consent_at=timezone.now(),
        ),
    }


def names_in(response):
    page = response.content.decode()
    return {name for name in ("Adult Ada", "Teen Waiting", "Teen Consented") if name in page}


# --- Volunteers -----------------------------------------------------------------------------


def test_staff_list_and_filter_volunteers(staff_client, people):
    assert names_in(staff_client.get(VOLUNTEERS)) == {"Adult Ada", "Teen Waiting", "Teen Consented"}
    by_hood = staff_client.get(VOLUNTEERS, {"neighborhood": people["hilltop"].pk})
    assert names_in(by_hood) == {"Teen Waiting", "Teen Consented"}
    by_age = staff_client.get(VOLUNTEERS, {"age_band": Volunteer.AgeBand.ADULT})
    assert names_in(by_age) == {"Adult Ada"}
    missing = staff_client.get(VOLUNTEERS, {"consent_missing": "true"})
    assert names_in(missing) == {"Teen Waiting"}
    search = staff_client.get(VOLUNTEERS, {"q": "Consented"})
    assert names_in(search) == {"Teen Consented"}


def test_a_minor_waiting_has_a_button_to_record_the_paper_form(staff_client, people):
    page = staff_client.get(VOLUNTEERS).content.decode()
    waiting = reverse("liaisons:record_paper_consent", args=[people["waiting"].pk])
    consented = reverse("liaisons:record_paper_consent", args=[people["consented"].pk])
    assert waiting in page
    assert consented not in page


def test_the_consent_cannot_be_edited_here(staff_client, people):
    teen = people["waiting"]
    page = staff_client.get(f"{VOLUNTEERS}edit/{teen.pk}/").content.decode()
    assert 'name="guardian_consent_at"' not in page
    data = {
        "display_name": "Teen W.",
        "neighborhoods": [people["hilltop"].pk],
        "age_band": teen.age_band,
        "skills": "",
        "availability": "",
        "phone": "",
        "emergency_contact_name": "",
        "emergency_contact_phone": "",
        "guardian_name": "Pat",
        "guardian_contact": "555 111 2222",
        "guardian_consent_at": "2026-01-01 10:00",
    }
    response = staff_client.post(f"{VOLUNTEERS}edit/{teen.pk}/", data)
    assert response.status_code == 302
    teen.refresh_from_db()
    assert teen.display_name == "Teen W."
    assert teen.guardian_consent_at is None


def test_the_inspect_page_shows_the_record(staff_client, people):
    teen = people["consented"]
    page = staff_client.get(f"{VOLUNTEERS}inspect/{teen.pk}/").content.decode()
    assert "Teen Consented" in page
    assert "lee@example.org" in page
    assert "Guardian consent recorded" in page


def test_volunteers_register_on_the_public_site(staff_client, db):
    response = staff_client.get(f"{VOLUNTEERS}add/")
    assert response["Location"] == reverse("liaisons:volunteer_register")


def test_residents_and_liaisons_do_not_see_the_admin_lists(client, people):
    for person in (UserFactory(), LiaisonFactory(neighborhoods=[people["hilltop"]]).user):
        client.force_login(person)
        response = client.get(VOLUNTEERS)
        assert response.status_code in (302, 403)
        assert "Teen Waiting" not in response.content.decode()


# --- The waiver -----------------------------------------------------------------------------


def waiver_data(waiver, **changes):
    published = timezone.localtime(waiver.published_at).strftime("%Y-%m-%d %H:%M")
    return {"title": waiver.title, "text": waiver.text, "published_at": published, **changes}


def test_a_version_no_one_accepted_is_edited_in_place(staff_client, db):
    waiver = WaiverFactory(text="Draft text.")
    response = staff_client.post(
        f"{WAIVERS}edit/{waiver.pk}/", waiver_data(waiver, text="Fixed typo.")
    )
    assert response.status_code == 302
    assert Waiver.objects.count() == 1
    waiver.refresh_from_db()
    assert (waiver.version, waiver.text) == (1, "Fixed typo.")


def test_an_accepted_version_is_kept_and_the_edit_becomes_a_new_version(staff_client, db):
    waiver = WaiverFactory(text="Accepted text.", published_at=timezone.now() - timedelta(days=30))
    volunteer = VolunteerFactory()
    assert volunteer.waiver_acceptances.get().waiver == waiver

    data = waiver_data(waiver, text="Now with gloves.")
    response = staff_client.post(f"{WAIVERS}edit/{waiver.pk}/", data, follow=True)
    assert "Volunteers accepted version 1, so it is kept as it was." in response.content.decode()
    assert "published as version 2" in response.content.decode()

    waiver.refresh_from_db()
    assert waiver.text == "Accepted text."
    new = Waiver.objects.get(version=2)
    assert new.text == "Now with gloves."
    assert new.published_at > waiver.published_at
    assert Waiver.current() == new
    # The volunteer accepted version 1 only: they accept version 2 before their next sign-up.
    assert volunteer.waiver_acceptances.get().waiver == waiver


def test_the_waiver_list_counts_acceptances(staff_client, db):
    WaiverFactory(title="Waiver for 2026")
    VolunteerFactory()
    VolunteerFactory()
    page = staff_client.get(WAIVERS).content.decode()
    assert "Waiver for 2026" in page
    assert ">2<" in page.replace(" ", "").replace("\n", "")


# --- Adopted blocks -------------------------------------------------------------------------


def test_staff_list_adopted_blocks(staff_client, db):
    WaiverFactory()
    hood = NeighborhoodFactory(name="Old Town", boundary=square(-75.0, 40.0))
    volunteer = VolunteerFactory(display_name="Ana", neighborhoods=[hood])
    area = {
        "type": "Polygon",
        "coordinates": [
            [[-74.996, 40.004], [-74.995, 40.004], [-74.996, 40.005], [-74.996, 40.004]]
        ],
    }
    areas.adopt_area(volunteer, name="Elm Street", group_name="Elm Club", area=area)
    page = staff_client.get(ADOPTIONS).content.decode()
    assert "Elm Street" in page and "Elm Club" in page and "Old Town" in page
    assert staff_client.get(f"{ADOPTIONS}add/")["Location"] == reverse("liaisons:adopt")


def test_the_csv_export_neutralises_formulas(staff_client, people):
    VolunteerFactory(display_name='=HYPERLINK("http://evil")', skills="+1 cleaning")
    response = staff_client.get(VOLUNTEERS, {"export": "csv"})
    content = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Adult Ada" in content
    assert "'=HYPERLINK" in content
    assert "'+1 cleaning" in content
