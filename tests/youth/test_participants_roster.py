"""The roster: educators add participants several in a row on a phone and edit them; a
roster is seen by the program's educators and staff only (everyone else: not found)."""

import pytest
from django.urls import reverse

from engage.accounts.roles import STAFF
from tests.factories import UserFactory
from tests.youth.factories import ParticipantFactory, ProgramFactory, make_educator
from youth.models import Participant
from youth.services import participants as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def educator():
    return make_educator(display_name="Ms. Rivera")


@pytest.fixture
def program(educator):
    return ProgramFactory(name="How my city works", educators=[educator])


def add(client, program, **data):
    fields = {"first_name": "", "last_initial": "", "age_band": "", "school": "", "grade": ""}
    return client.post(reverse("youth:participant_new", args=[program.pk]), fields | data)


def test_an_educator_adds_participants_one_after_another(client, educator, program):
    client.force_login(educator)

    first = add(client, program, first_name="  Maya ", last_initial="t", age_band="11-13")
    second = add(client, program, first_name="Leo", age_band="11-13", school="Lincoln", grade="7")

    # Back to an empty form for the next one, with the last name confirmed.
    assert first.status_code == second.status_code == 302
    assert first.url == reverse("youth:participant_new", args=[program.pk])
    page = client.get(first.url)
    assert "Leo is on the roster" in page.content.decode()
    maya, leo = Participant.objects.filter(program=program).order_by("first_name").reverse()
    assert (maya.first_name, maya.last_initial, maya.display_name) == ("Maya", "T", "Maya T.")
    assert (leo.school, leo.grade) == ("Lincoln", "7")
    assert maya.token != leo.token and len(maya.token) == 8


def test_add_and_show_the_roster(client, educator, program):
    client.force_login(educator)

    response = add(client, program, first_name="Ana", age_band="8-10", then="roster")

    assert response.url == reverse("youth:roster", args=[program.pk])
    roster = client.get(response.url).content.decode()
    assert "Ana" in roster and "No consent yet" in roster


def test_a_form_with_errors_keeps_what_was_typed_and_links_each_error(client, educator, program):
    client.force_login(educator)

    response = add(client, program, first_name="", last_initial="7", school="Lincoln Middle")

    html = response.content.decode()
    assert response.status_code == 200
    assert not Participant.objects.exists()
    assert 'href="#id_first_name"' in html and "Type the participant&#x27;s first name." in html
    assert 'href="#id_age_band"' in html and "Choose the participant&#x27;s age." in html
    assert "Type one letter, the first of the last name." in html
    assert 'value="Lincoln Middle"' in html
    assert 'aria-describedby="id_first_name_helptext id_first_name_error"' in html


def test_the_roster_shows_consent_per_line_and_the_counts(client, educator, program):
    ParticipantFactory(program=program, first_name="Maya", consent=True)
    ParticipantFactory(program=program, first_name="Leo")
    client.force_login(educator)

    html = client.get(reverse("youth:roster", args=[program.pk])).content.decode()

    assert "<strong>2</strong> participants on the roster" in html
    assert "With consent: <strong>1</strong>" in html
    assert "Without consent yet: <strong>1</strong>" in html
    assert "signed form" in html and "No consent yet" in html


def test_the_schools_consent_covers_every_line(client, educator, program):
    program.school_consent_by = "J. Ortiz, principal"
    program.school_consent_on = program.starts_on
    program.save()
    ParticipantFactory(program=program, first_name="Leo")
    client.force_login(educator)

    html = client.get(reverse("youth:roster", args=[program.pk])).content.decode()

    assert "With consent: <strong>1</strong>" in html
    assert "the school's" in html
    assert "No consent yet" not in html


def test_the_roster_page_takes_a_flat_number_of_queries(client, educator, program):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(educator)
    url = reverse("youth:roster", args=[program.pk])

    def queries_with(count):
        for _ in range(count):
            ParticipantFactory(program=program, consent=True)
        client.get(url)  # warm the session and the settings
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.content.decode().count('id="participant-') == program.participants.count()
        return len(captured)

    assert queries_with(3) == queries_with(27)


def test_an_educator_edits_a_participant(client, educator, program):
    child = ParticipantFactory(program=program, first_name="Mya")
    client.force_login(educator)
    url = reverse("youth:participant_edit", args=[child.pk])

    assert 'value="Mya"' in client.get(url).content.decode()
    response = client.post(
        url, {"first_name": "Maya", "last_initial": "R", "age_band": "14-15", "grade": "8"}
    )

    assert response.url == reverse("youth:roster", args=[program.pk])
    child.refresh_from_db()
    assert (child.first_name, child.age_band, child.grade) == ("Maya", "14-15", "8")


@pytest.mark.parametrize("who", ["anonymous", "resident", "other educator"])
def test_nobody_else_sees_or_changes_a_roster(client, program, who):
    child = ParticipantFactory(program=program, first_name="Zelda")
    if who == "resident":
        client.force_login(UserFactory())
    elif who == "other educator":
        other = make_educator()
        ProgramFactory(educators=[other])
        client.force_login(other)
    urls = [
        reverse("youth:roster", args=[program.pk]),
        reverse("youth:participant_new", args=[program.pk]),
        reverse("youth:participant_edit", args=[child.pk]),
        reverse("youth:record_consent", args=[child.pk]),
        reverse("youth:send_consent_link", args=[child.pk]),
        reverse("youth:school_consent", args=[program.pk]),
        reverse("youth:consent_form_pdf", args=[program.pk]),
        reverse("youth:handouts_pdf", args=[program.pk]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == (302 if who == "anonymous" else 404), url
        assert "Zelda" not in response.content.decode()
    posted = add(client, program, first_name="Intruder", age_band="11-13")
    assert posted.status_code in (302, 404)
    assert not Participant.objects.filter(first_name="Intruder").exists()


def test_staff_see_every_roster(client, program):
    ParticipantFactory(program=program, first_name="Zelda")
    client.force_login(UserFactory(roles=[STAFF]))

    response = client.get(reverse("youth:roster", args=[program.pk]))

    assert response.status_code == 200
    assert "Zelda" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_a_purged_program_shows_no_names_and_takes_no_one(client, educator, program):
    ParticipantFactory(program=program, first_name="Zelda")
    program.ends_on = program.starts_on
    program.save()
    services.purge_youth_data(today=program.ends_on.replace(year=program.ends_on.year + 3))
    client.force_login(educator)

    roster = client.get(reverse("youth:roster", args=[program.pk])).content.decode()
    response = add(client, program, first_name="Late", age_band="11-13")

    assert "Zelda" not in roster
    assert "retention period" in roster
    assert 'id="add-form"' not in roster
    assert response.status_code == 200
    assert not Participant.objects.filter(first_name="Late").exists()


def test_the_service_checks_the_rule_itself(program):
    with pytest.raises(services.ParticipantError):
        services.add_participant(program, UserFactory(), first_name="X", age_band="11-13")
