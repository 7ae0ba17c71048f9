"""Two phones acting on one session at the same instant, on a real PostgreSQL server: the
session's row lock serves them one after the other, so its join code and its survey code
never disagree, one survey code is made however many "open" taps arrive, and a double tap
on the attendance sheet leaves one mark."""

import os

import pytest
from django.utils import timezone

from surveys.models import AccessCode
from tests.concurrency import run_together
from youth.models import Attendance, Session
from youth.services import sessions as services

from .factories import (
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
    make_code_survey,
    make_educator,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _session():
    educator = make_educator()
    program = ProgramFactory(educators=[educator])
    program.pre_survey = make_code_survey("Before")
    program.save()
    session = SessionFactory(program=program, survey=Session.Survey.PRE, starts_at=timezone.now())
    return educator, session


def test_six_open_taps_at_once_make_one_survey_code():
    educator, session = _session()

    outcomes = run_together([lambda: services.open_session(educator, session)] * 6)

    assert not [o for o in outcomes if isinstance(o, Exception)]
    session.refresh_from_db()
    assert AccessCode.objects.count() == 1
    code = AccessCode.objects.get()
    assert session.access_code_id == code.pk
    assert code.code == session.join_code and code.valid_until == session.open_until


def test_open_and_close_at_once_leave_both_codes_agreeing():
    educator, session = _session()
    services.open_session(educator, session)

    for _ in range(3):
        run_together(
            [
                lambda: services.open_session(educator, session),
                lambda: services.close_session(educator, session),
            ]
        )
        session.refresh_from_db()
        assert session.access_code.valid_until == session.open_until


def test_a_double_tap_on_attendance_leaves_one_mark():
    educator, session = _session()
    child = ParticipantFactory(program=session.program)

    outcomes = run_together(
        [
            lambda: services.mark_attendance(educator, session, child.pk, True),
            lambda: services.mark_attendance(educator, session, child.pk, True),
            lambda: services.mark_attendance(educator, session, child.pk, False),
        ]
    )

    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert Attendance.objects.filter(session=session, participant=child).count() == 1
