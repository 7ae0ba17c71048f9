"""Attendance on a phone: one tap per participant, a second tap changes the mark; the rates
per participant and per program; what may not be marked."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from youth.listing.programs import attendance_sheet, participant_rates, program_rate, rate
from youth.models import Attendance
from youth.services import sessions as services

from .factories import ParticipantFactory, ProgramFactory, SessionFactory, make_educator

pytestmark = pytest.mark.django_db


@pytest.fixture
def educator():
    return make_educator()


@pytest.fixture
def program(educator):
    return ProgramFactory(educators=[educator])


def today_session(program, **fields):
    return SessionFactory(program=program, starts_at=timezone.now(), **fields)


def attendance_url(session):
    return reverse("youth:attendance", args=[session.pk])


def test_one_tap_marks_present_and_another_changes_it(client, educator, program):
    session = today_session(program)
    ana = ParticipantFactory(program=program, first_name="Ana", last_initial="R")
    client.force_login(educator)

    response = client.post(attendance_url(session), {"participant": ana.pk, "present": "1"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"#line-{ana.pk}")
    mark = Attendance.objects.get()
    assert mark.present is True and mark.marked_by == educator

    client.post(attendance_url(session), {"participant": ana.pk, "present": "0"})
    mark = Attendance.objects.get()
    assert mark.present is False

    page = client.get(attendance_url(session)).content.decode()
    assert "Ana R." in page
    assert "0 present, 1 absent, of 1 on the roster." in page


def test_the_sheet_has_two_buttons_per_line_that_work_without_javascript(client, educator, program):
    session = today_session(program)
    ParticipantFactory.create_batch(3, program=program)
    client.force_login(educator)

    page = client.get(attendance_url(session)).content.decode()

    sheet = page.split('id="attendance-sheet"')[1]
    assert sheet.count('name="present"') == 6
    assert sheet.count('name="participant"') == 3
    assert sheet.count(f'action="{attendance_url(session)}"') == 3


def test_a_participant_of_another_program_cannot_be_marked(client, educator, program):
    session = today_session(program)
    stranger = ParticipantFactory()
    client.force_login(educator)

    response = client.post(attendance_url(session), {"participant": stranger.pk, "present": "1"})

    assert response.status_code == 403
    assert "is not on the program" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_waits_for_the_day_of_the_session(educator, program):
    session = SessionFactory(program=program, starts_at=timezone.now() + datetime.timedelta(days=2))
    child = ParticipantFactory(program=program)
    with pytest.raises(services.SessionRefused, match="from the day of the session"):
        services.mark_attendance(educator, session, child.pk, True)
    assert not Attendance.objects.exists()


def test_a_purged_program_takes_no_attendance(educator, program):
    session = today_session(program)
    child = ParticipantFactory(program=program)
    program.personal_data_purged_at = timezone.now()
    program.save()
    with pytest.raises(services.SessionRefused, match="removed"):
        services.mark_attendance(educator, session, child.pk, True)


def test_another_educator_gets_not_found_and_nothing_is_marked(client, program):
    session = today_session(program)
    child = ParticipantFactory(program=program, first_name="Zelda")
    client.force_login(make_educator())

    assert client.get(attendance_url(session)).status_code == 404
    response = client.post(attendance_url(session), {"participant": child.pk, "present": "1"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_a_forged_tap_is_not_understood(client, educator, program):
    session = today_session(program)
    client.force_login(educator)
    response = client.post(attendance_url(session), {"participant": "x", "present": "maybe"})
    assert response.status_code == 302
    assert not Attendance.objects.exists()


# --- rates ---------------------------------------------------------------------------------


def test_rates_count_what_was_marked(educator, program):
    first, second, third = (today_session(program) for _ in range(3))
    ana = ParticipantFactory(program=program, first_name="Ana")
    ben = ParticipantFactory(program=program, first_name="Ben")
    cal = ParticipantFactory(program=program, first_name="Cal")
    for session, present in ((first, True), (second, True), (third, False)):
        services.mark_attendance(educator, session, ana.pk, present)
    services.mark_attendance(educator, first, ben.pk, False)
    # Cal was never marked: no rate rather than 0 %.

    rows = {row.first_name: row for row in participant_rates(program)}

    assert (rows["Ana"].present_count, rows["Ana"].marked_count) == (2, 3)
    assert rows["Ana"].attendance_rate == 67
    assert rows["Ben"].attendance_rate == 0
    assert rows["Cal"].attendance_rate is None
    # 2 "present" among 4 marks.
    assert program_rate(program) == 50
    sheet = {row.first_name: row for row in attendance_sheet(third)}
    assert sheet["Ana"].present_here is False
    assert sheet["Ben"].present_here is None
    assert sheet["Cal"].attendance_rate is None
    assert cal.pk in {row.pk for row in sheet.values()}


def test_rate_is_none_when_nothing_was_marked():
    assert rate(0, 0) is None
    assert rate(1, 3) == 33


def test_marks_of_other_programs_do_not_count(educator, program):
    session = today_session(program)
    child = ParticipantFactory(program=program)
    services.mark_attendance(educator, session, child.pk, True)
    other = ProgramFactory(educators=[educator])
    other_session = today_session(other)
    other_child = ParticipantFactory(program=other)
    services.mark_attendance(educator, other_session, other_child.pk, False)

    assert program_rate(program) == 100
    assert program_rate(other) == 0


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_sheet_costs_the_same_queries_for_3_or_30_participants(client, educator, program):
    session = today_session(program)
    for child in ParticipantFactory.create_batch(3, program=program):
        services.mark_attendance(educator, session, child.pk, True)
    client.force_login(educator)
    _queries(client, attendance_url(session))  # what a first request caches
    few = _queries(client, attendance_url(session))

    for child in ParticipantFactory.create_batch(27, program=program):
        services.mark_attendance(educator, session, child.pk, False)
    many = _queries(client, attendance_url(session))

    assert many == few


def test_a_big_roster_is_taken_a_page_at_a_time(client, educator, program):
    session = today_session(program)
    children = [
        ParticipantFactory(program=program, first_name=f"Kid{number:03d}") for number in range(65)
    ]
    client.force_login(educator)

    first = client.get(attendance_url(session)).content.decode()
    second = client.get(attendance_url(session), {"page": 2}).content.decode()
    assert "Kid000" in first and "Kid059" in first and "Kid060" not in first
    assert "Kid060" in second and "Kid064" in second
    assert "of 65 on the roster" in second

    last = children[-1]
    response = client.post(
        attendance_url(session), {"participant": last.pk, "present": "1", "page": "2"}
    )
    assert response["Location"].endswith(f"?page=2#line-{last.pk}")
