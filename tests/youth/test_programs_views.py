"""The educator area's programs: the educator's home, creating and changing a program, the
program's page; who sees what (their own, staff all, nobody else anything)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from surveys.models import Audience
from youth.models import Attendance, Partner, Program

from .factories import (
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
    make_code_survey,
    make_curriculum,
    make_educator,
    make_staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def educator():
    return make_educator(display_name="Ms. Evans")


def program_url(program):
    return reverse("youth:program", args=[program.pk])


# --- the educator's home -------------------------------------------------------------------


def test_an_educator_sees_their_own_programs_only(client, educator):
    mine = ProgramFactory(educators=[educator], name="Lincoln 311 club")
    theirs = ProgramFactory(educators=[make_educator()], name="Other club")
    client.force_login(educator)

    page = client.get(reverse("youth:educator")).content.decode()

    assert mine.name in page and program_url(mine) in page
    assert theirs.name not in page


def test_staff_see_every_program_and_can_search(client):
    ProgramFactory(name="Lincoln 311 club", site="Lincoln Middle School")
    ProgramFactory(name="Library club", site="Main library")
    client.force_login(make_staff())

    page = client.get(reverse("youth:educator")).content.decode()
    assert "Lincoln 311 club" in page and "Library club" in page

    page = client.get(reverse("youth:educator"), {"q": "main lib"}).content.decode()
    assert "Library club" in page and "Lincoln 311 club" not in page


def test_the_home_is_paginated(client):
    ProgramFactory.create_batch(21)
    client.force_login(make_staff())
    page = client.get(reverse("youth:educator")).content.decode()
    assert "Page 1 of 2" in page


def test_a_resident_is_told_the_area_is_for_educators(client, user_factory):
    client.force_login(user_factory())
    for url in (reverse("youth:educator"), reverse("youth:program_new")):
        response = client.get(url)
        assert response.status_code == 403
        assert "educator role" in response.content.decode()


def test_a_visitor_is_asked_to_log_in(client):
    response = client.get(reverse("youth:educator"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- creating and changing -------------------------------------------------------------


def program_data(**overrides):
    today = timezone.localdate()
    data = {
        "name": "Lincoln 311 club",
        "description": "Middle-schoolers learn how the city works.",
        "site": "Lincoln Middle School",
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=60)).isoformat(),
    }
    data.update(overrides)
    return data


def test_an_educator_creates_a_program_and_runs_it(client, educator):
    curriculum = make_curriculum(lessons=1)
    before, after = make_code_survey("Before"), make_code_survey("After")
    cadets = Partner.objects.create(name="Police cadet program")
    client.force_login(educator)

    response = client.post(
        reverse("youth:program_new"),
        program_data(
            curriculum=curriculum.pk,
            pre_survey=before.pk,
            post_survey=after.pk,
            partners=[cadets.pk],
            allow_anonymous="on",
        ),
    )

    program = Program.objects.get()
    assert response.status_code == 302 and response["Location"] == program_url(program)
    assert list(program.educators.all()) == [educator]
    assert program.created_by == educator
    assert list(program.partners.all()) == [cadets]
    assert (program.curriculum_id, program.pre_survey_id, program.post_survey_id) == (
        curriculum.pk,
        before.pk,
        after.pk,
    )
    assert program.allow_anonymous
    page = client.get(program_url(program)).content.decode()
    assert "Police cadet program" in page and "Ms. Evans" in page


def test_only_surveys_for_a_code_and_live_curricula_are_offered(client, educator):
    code_survey = make_code_survey("For the class")
    public_survey = make_code_survey("For everyone", audience=Audience.ANYONE)
    client.force_login(educator)

    page = client.get(reverse("youth:program_new")).content.decode()

    assert "For the class" in page and "For everyone" not in page
    response = client.post(reverse("youth:program_new"), program_data(pre_survey=public_survey.pk))
    assert response.status_code == 400
    assert 'href="#program-pre_survey"' in response.content.decode()
    assert not Program.objects.exists()
    assert code_survey  # offered above


def test_an_educator_cannot_choose_the_educators(client, educator):
    other = make_educator()
    client.force_login(educator)

    page = client.get(reverse("youth:program_new")).content.decode()
    assert 'name="educators"' not in page

    client.post(reverse("youth:program_new"), program_data(educators=[other.pk]))
    assert list(Program.objects.get().educators.all()) == [educator]


def test_staff_choose_the_educators(client, educator):
    client.force_login(make_staff())
    response = client.post(reverse("youth:program_new"), program_data(educators=[educator.pk]))
    assert response.status_code == 302
    assert list(Program.objects.get().educators.all()) == [educator]


def test_a_wrong_form_keeps_what_was_typed(client, educator):
    survey = make_code_survey("Same")
    client.force_login(educator)
    data = program_data(
        ends_on="2000-01-01", pre_survey=survey.pk, post_survey=survey.pk, site="Room 9"
    )

    response = client.post(reverse("youth:program_new"), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="Lincoln 311 club"' in page and 'value="Room 9"' in page
    assert 'href="#program-ends_on"' in page
    assert "Choose two different surveys" in page
    assert not Program.objects.exists()


def test_changing_a_program(client, educator):
    program = ProgramFactory(educators=[educator], name="Old name")
    client.force_login(educator)

    response = client.post(reverse("youth:program_edit", args=[program.pk]), program_data())

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "Lincoln 311 club"
    assert list(program.educators.all()) == [educator]


def test_someone_elses_program_is_not_found(client, educator):
    program = ProgramFactory(educators=[make_educator()], name="Secret club")
    ParticipantFactory(program=program, first_name="Zelda")
    client.force_login(educator)

    for url in (
        program_url(program),
        reverse("youth:program_edit", args=[program.pk]),
        reverse("youth:session_new", args=[program.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Zelda" not in response.content.decode()
    response = client.post(reverse("youth:program_edit", args=[program.pk]), program_data())
    assert response.status_code == 404
    program.refresh_from_db()
    assert program.name == "Secret club"


# --- the program's page --------------------------------------------------------------------


def test_the_page_lists_sessions_next_first_then_past_ones(client, educator):
    program = ProgramFactory(educators=[educator])
    now = timezone.now()
    SessionFactory(program=program, title="Long ago", starts_at=now - datetime.timedelta(days=20))
    SessionFactory(program=program, title="Last week", starts_at=now - datetime.timedelta(days=7))
    SessionFactory(program=program, title="In a month", starts_at=now + datetime.timedelta(days=30))
    SessionFactory(program=program, title="Tomorrow", starts_at=now + datetime.timedelta(days=1))
    client.force_login(educator)

    page = client.get(program_url(program)).content.decode()

    order = [page.index(title) for title in ("Tomorrow", "In a month", "Last week", "Long ago")]
    assert order == sorted(order)


def test_the_page_links_to_everything_of_the_program(client, educator):
    program = ProgramFactory(educators=[educator])
    client.force_login(educator)

    page = client.get(program_url(program)).content.decode()

    for name in (
        "roster",
        "program_results",
        "program_report_pdf",
        "program_report_csv",
        "consent_form_pdf",
        "handouts_pdf",
        "program_edit",
        "session_new",
    ):
        assert reverse(f"youth:{name}", args=[program.pk]) in page, name


def test_the_page_shows_the_roster_and_attendance_figures(client, educator):
    program = ProgramFactory(educators=[educator])
    session = SessionFactory(program=program, starts_at=timezone.now())
    with_consent = ParticipantFactory(program=program, consent=True)
    without = ParticipantFactory(program=program)
    Attendance.objects.create(session=session, participant=with_consent, present=True)
    Attendance.objects.create(session=session, participant=without, present=False)
    client.force_login(educator)

    page = client.get(program_url(program)).content.decode()

    assert "2 participants on the roster." in page
    assert "1 has no consent on record yet." in page
    assert "Attendance: 50% of the marks" in page
    assert "Attendance: 1 present of 2 marked" in page


def test_the_page_costs_the_same_queries_for_3_or_30_sessions(client, educator):
    program = ProgramFactory(educators=[educator])
    now = timezone.now()

    def add(count):
        for number in range(count):
            session = SessionFactory(
                program=program, starts_at=now + datetime.timedelta(days=number - count // 2)
            )
            child = ParticipantFactory(program=program)
            Attendance.objects.create(session=session, participant=child, present=True)

    add(3)
    client.force_login(educator)
    client.get(program_url(program))  # what a first request caches
    with CaptureQueriesContext(connection) as few:
        client.get(program_url(program))
    add(27)
    with CaptureQueriesContext(connection) as many:
        client.get(program_url(program))
    assert len(many) == len(few)


def test_the_home_costs_the_same_queries_for_3_or_20_programs(client):
    staff = make_staff()

    def add(count):
        for _ in range(count):
            program = ProgramFactory()
            SessionFactory(program=program)
            ParticipantFactory(program=program)

    add(3)
    client.force_login(staff)
    client.get(reverse("youth:educator"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("youth:educator"))
    add(17)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("youth:educator"))
    assert len(many) == len(few)


def test_sessions_come_twenty_a_page_the_next_ones_first(client, educator):
    program = ProgramFactory(educators=[educator])
    now = timezone.now()
    for number in range(15):
        SessionFactory(
            program=program,
            title=f"Past {number:02d}",
            starts_at=now - datetime.timedelta(days=number + 1),
        )
    for number in range(15):
        SessionFactory(
            program=program,
            title=f"Coming {number:02d}",
            starts_at=now + datetime.timedelta(days=number + 1),
        )
    client.force_login(educator)

    first = client.get(program_url(program)).content.decode()
    second = client.get(program_url(program), {"sessions": 2}).content.decode()

    assert "Coming 00" in first and "Coming 14" in first and "Past 00" in first
    assert "Past 04" in first and "Past 05" not in first
    assert "Past 05" in second and "Past 14" in second and "Coming" not in second
    assert '?sessions=2#sessions"' in first


def test_odd_addresses_get_a_page_not_an_error(client, educator):
    program = ProgramFactory(educators=[educator])
    session = SessionFactory(program=program)
    client.force_login(educator)
    for url, query in (
        (reverse("youth:educator"), {"q": "x" * 500, "page": "abc"}),
        (reverse("youth:educator"), {"page": "-3"}),
        (program_url(program), {"sessions": "99999"}),
        (program_url(program), {"sessions": "' OR 1=1"}),
        (reverse("youth:attendance", args=[session.pk]), {"page": "0"}),
    ):
        assert client.get(url, query).status_code == 200, (url, query)
    assert client.get("/en/youth/programs/999999/").status_code == 404
    assert client.post(reverse("youth:free_name", args=[session.pk, 999999])).status_code == 302


def test_the_educator_area_speaks_spanish_under_es(client, educator):
    program = ProgramFactory(educators=[educator])
    client.force_login(educator)
    response = client.get(f"/es/youth/programs/{program.pk}/")
    assert response.status_code == 200
    assert '<html lang="es"' in response.content.decode()
