"""Opening and closing a session: the join code and the survey's access code live and die
together; who may open; what the educator is told when a session cannot be opened."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from surveys.models import AccessCode
from surveys.rules import refusal as survey_refusal
from youth.models import Session
from youth.services import sessions as services

from .factories import (
    ProgramFactory,
    SessionFactory,
    make_code_survey,
    make_educator,
    make_staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def educator():
    return make_educator()


@pytest.fixture
def program(educator):
    program = ProgramFactory(educators=[educator], name="Lincoln 311 club")
    program.pre_survey = make_code_survey("Before")
    program.post_survey = make_code_survey("After")
    program.save()
    return program


@pytest.fixture
def session(program):
    return SessionFactory(
        program=program,
        title="Our neighborhood walk",
        survey=Session.Survey.PRE,
        starts_at=timezone.make_aware(datetime.datetime(2026, 12, 5, 10, 0)),
    )


def test_opening_makes_the_join_code_and_the_survey_code_work_for_three_hours(educator, session):
    now = timezone.now()

    opened = services.open_session(educator, session, now=now)

    assert opened.opened_at == now
    assert opened.open_until == now + datetime.timedelta(hours=3)
    code = AccessCode.objects.get(pk=opened.access_code_id)
    assert code.code == opened.join_code
    assert code.survey_id == session.program.pre_survey.pk
    assert code.valid_until == opened.open_until
    assert code.segment == "Lincoln 311 club · Our neighborhood walk · 5 Dec 2026"
    assert opened.survey_segment == code.segment
    # The surveys part accepts the code for the survey the session runs, not the other one.
    assert survey_refusal(session.program.pre_survey, AnonymousUser(), code) is None
    assert survey_refusal(session.program.post_survey, AnonymousUser(), code).kind == "code"


def test_closing_stops_both_codes_now(educator, session):
    services.open_session(educator, session)

    closed = services.close_session(educator, session)

    session.refresh_from_db()
    assert not session.is_open()
    code = AccessCode.objects.get(pk=session.access_code_id)
    assert not code.is_valid()
    assert code.valid_until == closed.open_until
    assert survey_refusal(session.program.pre_survey, AnonymousUser(), code).kind == "code"


def test_reopening_keeps_the_code_and_the_segment(educator, session):
    first = services.open_session(educator, session, hours=1)
    services.close_session(educator, session)
    session.program.name = "Renamed"
    session.program.save()

    again = services.open_session(educator, session, hours=2)

    assert again.join_code == first.join_code
    assert again.survey_segment == first.survey_segment
    assert AccessCode.objects.filter(youth_session=again).count() == 1
    assert again.access_code.is_valid()


def test_opening_an_open_session_keeps_it_open_longer(educator, session):
    start = timezone.now()
    services.open_session(educator, session, hours=1, now=start)
    later = start + datetime.timedelta(minutes=50)

    extended = services.open_session(educator, session, hours=2, now=later)

    assert extended.opened_at == start
    assert extended.open_until == later + datetime.timedelta(hours=2)
    assert extended.access_code.valid_until == extended.open_until


def test_a_session_without_survey_makes_no_survey_code(educator, program):
    session = SessionFactory(program=program, survey=Session.Survey.NONE)

    services.open_session(educator, session)

    session.refresh_from_db()
    assert session.is_open()
    assert session.access_code is None
    assert not AccessCode.objects.exists()


def test_a_session_whose_survey_is_not_chosen_is_not_opened(educator):
    program = ProgramFactory(educators=[educator])
    session = SessionFactory(program=program, survey=Session.Survey.POST)

    with pytest.raises(services.SessionRefused, match="the program has no such survey"):
        services.open_session(educator, session)

    session.refresh_from_db()
    assert session.open_until is None
    assert not AccessCode.objects.exists()


def test_a_staff_made_access_code_with_the_same_characters_gives_the_session_a_new_code(
    educator, session
):
    AccessCode.objects.create(
        survey=session.program.post_survey, code=session.join_code, segment="Staff"
    )
    old = session.join_code

    opened = services.open_session(educator, session)

    assert opened.join_code != old
    assert opened.access_code.code == opened.join_code
    assert Session.objects.get(pk=session.pk).join_code == opened.join_code


def test_hours_outside_the_limits_are_refused(educator, session, settings):
    settings.YOUTH_SESSION_MAX_OPEN_HOURS = 4
    with pytest.raises(services.SessionRefused, match="1 to 4 hours"):
        services.open_session(educator, session, hours=5)


def test_another_educator_cannot_open_or_close(session):
    stranger = make_educator()
    with pytest.raises(services.SessionRefused):
        services.open_session(stranger, session)
    with pytest.raises(services.SessionRefused):
        services.close_session(stranger, session)
    session.refresh_from_db()
    assert session.open_until is None


def test_changing_the_programs_survey_moves_an_open_sessions_code(educator, session):
    from youth.services.programs import PROGRAM_FIELDS, update_program

    services.open_session(educator, session)
    program = session.program
    other = make_code_survey("Another before")
    fields = {name: getattr(program, name) for name in PROGRAM_FIELDS}
    fields["pre_survey"] = other

    update_program(educator, program, fields, partners=[])

    session.refresh_from_db()
    assert session.access_code.survey_id == other.pk
    assert session.access_code.is_valid()


def test_a_session_changed_to_no_survey_expires_its_survey_code(educator, session):
    services.open_session(educator, session)
    fields = {name: getattr(session, name) for name in services.SESSION_FIELDS}
    fields["survey"] = Session.Survey.NONE

    services.update_session(educator, session, fields)

    session.refresh_from_db()
    assert session.is_open()
    assert not session.access_code.is_valid()


# --- through the pages --------------------------------------------------------------------


def test_the_educator_opens_and_closes_from_the_session_page(client, educator, session):
    client.force_login(educator)

    response = client.post(reverse("youth:session_open", args=[session.pk]), {"hours": "2"})

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_open()
    page = client.get(reverse("youth:session", args=[session.pk])).content.decode()
    assert "Open</strong>" in page
    assert f"{session.join_code[:4]} {session.join_code[4:]}" in page

    client.post(reverse("youth:session_close", args=[session.pk]))
    session.refresh_from_db()
    assert not session.is_open()
    page = client.get(reverse("youth:session", args=[session.pk])).content.decode()
    assert "Closed</strong>" in page


def test_a_bad_number_of_hours_shows_the_form_again(client, educator, session):
    client.force_login(educator)
    response = client.post(reverse("youth:session_open", args=[session.pk]), {"hours": "99"})
    assert response.status_code == 400
    assert 'id="open-form"' in response.content.decode()
    session.refresh_from_db()
    assert session.open_until is None


def test_the_refusal_is_explained_on_the_page(client, educator):
    program = ProgramFactory(educators=[educator])
    session = SessionFactory(program=program, survey=Session.Survey.PRE)
    client.force_login(educator)

    page = client.get(reverse("youth:session", args=[session.pk])).content.decode()
    assert 'id="open-refused"' in page
    assert 'id="open-form"' not in page

    response = client.post(reverse("youth:session_open", args=[session.pk]), {"hours": "2"})
    assert response.status_code == 403
    assert "the program has no such survey" in response.content.decode()


def test_someone_elses_session_is_not_found(client, session):
    client.force_login(make_educator())
    for name in ("youth:session", "youth:session_open", "youth:session_close"):
        response = client.post(reverse(name, args=[session.pk]), {"hours": "2"})
        assert response.status_code == 404, name
    session.refresh_from_db()
    assert session.open_until is None


def test_staff_open_any_session(client, session):
    client.force_login(make_staff())
    response = client.post(reverse("youth:session_open", args=[session.pk]), {"hours": "1"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_open()


def test_opening_needs_a_post_and_a_login(client, session):
    response = client.post(reverse("youth:session_open", args=[session.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(session.program.educators.get())
    assert client.get(reverse("youth:session_open", args=[session.pk])).status_code == 405


def test_a_survey_added_to_an_open_session_gets_its_code_and_segment(educator, program):
    session = SessionFactory(program=program, title="Walk", survey=Session.Survey.NONE)
    services.open_session(educator, session)
    fields = {name: getattr(session, name) for name in services.SESSION_FIELDS}
    fields["survey"] = Session.Survey.POST

    services.update_session(educator, session, fields)

    session.refresh_from_db()
    assert session.access_code.survey_id == program.post_survey.pk
    assert session.access_code.valid_until == session.open_until
    assert session.access_code.segment == session.survey_segment
    assert session.survey_segment.startswith("Lincoln 311 club · Walk · ")
