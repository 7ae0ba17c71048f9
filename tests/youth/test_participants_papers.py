"""The papers an educator prints (the consent form a guardian signs, the handout slips
with each participant's code), read back with pypdf; and the public privacy page."""

import io

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from pypdf import PdfReader

from tests.factories import UserFactory
from tests.youth.factories import ParticipantFactory, ProgramFactory, make_educator
from youth.models import YouthRetention
from youth.services.participants import purge_date

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


@pytest.fixture
def educator():
    return make_educator(display_name="Ms. Rivera", email="rivera@example.org")


@pytest.fixture
def program(educator):
    return ProgramFactory(
        name="How my city works", site="Lincoln Middle School", educators=[educator]
    )


def test_the_blank_consent_form_says_what_is_kept_for_how_long_and_whom_to_ask(
    client, educator, program, settings
):
    settings.YOUTH_PRIVACY_CONTACT = "privacy@city.example.org"
    client.force_login(educator)

    text, pages = text_of(client.get(reverse("youth:consent_form_pdf", args=[program.pk])))

    assert pages >= 1
    assert "Consent form: How my city works" in text
    assert "Lincoln Middle School" in text
    assert "Ms. Rivera (rivera@example.org)" in text
    assert "What the program never keeps" in text
    assert "No birth date, home address" in text
    assert "12 months after the program" in text
    day = purge_date(program, 12)
    assert f"For this program, that is on {date_format(day, 'DATE_FORMAT')}." in text
    assert "More on our privacy page: http://testserver/en/" in text
    assert "privacy@city.example.org" in text
    assert "Signature" in text


def test_consent_forms_for_everyone_without_consent_carry_their_names(client, educator, program):
    ParticipantFactory(program=program, first_name="Maya", last_initial="T")
    ParticipantFactory(program=program, first_name="Leo", last_initial="B")
    ParticipantFactory(program=program, first_name="Consented", consent=True)
    client.force_login(educator)

    url = reverse("youth:consent_form_pdf", args=[program.pk]) + "?for=missing"
    text, pages = text_of(client.get(url))

    assert pages == 2  # one form each, each on its own page
    assert "Maya T." in text and "Leo B." in text
    assert "Consented" not in text


def test_a_consent_form_for_one_participant_of_another_program_is_not_found(
    client, educator, program
):
    stranger = ParticipantFactory(first_name="Zelda")
    client.force_login(educator)

    url = reverse("youth:consent_form_pdf", args=[program.pk]) + f"?participant={stranger.pk}"

    assert client.get(url).status_code == 404


def test_handout_slips_carry_each_code(client, educator, program):
    maya = ParticipantFactory(program=program, first_name="Maya", last_initial="T")
    leo = ParticipantFactory(program=program, first_name="Leo", last_initial="B")
    client.force_login(educator)

    text, _pages = text_of(client.get(reverse("youth:handouts_pdf", args=[program.pk])))

    assert f"Maya T. Your handout code: {maya.token}" in text
    assert f"Leo B. Your handout code: {leo.token}" in text


def test_the_handout_slips_leave_out_removed_participants(client, educator, program):
    from django.utils import timezone

    ParticipantFactory(program=program, first_name="Gone", purged_at=timezone.now())
    client.force_login(educator)

    text, _pages = text_of(client.get(reverse("youth:handouts_pdf", args=[program.pk])))

    assert "Gone" not in text and "Removed participant" not in text
    assert "Nobody is on the roster yet." in text


def test_the_privacy_page_states_the_retention_staff_set(client, settings):
    from wagtail.models import Site

    retention = YouthRetention.for_site(Site.objects.get(is_default_site=True))
    retention.months_after_program = 6
    retention.save()
    settings.YOUTH_PRIVACY_CONTACT = "privacy@city.example.org"

    response = client.get(reverse("youth:privacy"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "removed 6 months after the program&#x27;s last day" in html or (
        "removed 6 months after the program's last day" in html
    )
    assert "Only the program&#x27;s educators and city staff" in html or (
        "Only the program's educators and city staff" in html
    )
    assert "withdraw" in html
    assert "privacy@city.example.org" in html


def test_the_privacy_page_is_in_spanish_too(client):
    response = client.get("/es/youth/privacy/")

    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()


def test_the_roster_links_to_the_privacy_page_and_the_papers(client, educator, program):
    client.force_login(educator)

    html = client.get(reverse("youth:roster", args=[program.pk])).content.decode()

    assert reverse("youth:privacy") in html
    assert reverse("youth:consent_form_pdf", args=[program.pk]) in html
    assert reverse("youth:handouts_pdf", args=[program.pk]) in html


def test_a_resident_cannot_print_a_programs_papers(client, program):
    client.force_login(UserFactory())

    assert client.get(reverse("youth:handouts_pdf", args=[program.pk])).status_code == 404
