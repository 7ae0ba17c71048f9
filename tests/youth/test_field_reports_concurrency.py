"""Two educators sending the same report at the same moment, on a real PostgreSQL server.

``services.release`` locks the field report first, so whatever the timing the report
reaches the city once: one service report, and every other attempt is told it was sent.
"""

import os

import pytest

from engage.accounts.roles import EDUCATOR
from engage.reports.models import ServiceReport
from tests.concurrency import run_together
from tests.factories import UserFactory
from youth.models import FieldReport
from youth.services import field_reports as services

from .factories import FieldReportFactory, ProgramFactory, SessionFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_report_sent_from_two_phones_at_once_reaches_the_city_once():
    educators = [UserFactory(roles=[EDUCATOR]) for _ in range(2)]
    session = SessionFactory(program=ProgramFactory(educators=educators))
    held = FieldReportFactory(session=session, photos=1)

    outcomes = run_together([lambda by=by: services.release(held, by=by) for by in educators * 3])

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 5
    assert all(isinstance(e, services.ReviewRefused) for e in errors), errors
    assert ServiceReport.objects.count() == 1
    held.refresh_from_db()
    assert held.review == FieldReport.Review.RELEASED
    assert held.report == ServiceReport.objects.get()


def test_sending_and_keeping_back_at_once_leave_one_decision():
    educators = [UserFactory(roles=[EDUCATOR]) for _ in range(2)]
    session = SessionFactory(program=ProgramFactory(educators=educators))
    held = FieldReportFactory(session=session)

    run_together(
        [
            lambda: services.reject(held, by=educators[0], reason="A joke"),
            lambda: services.release(held, by=educators[1]),
        ]
    )

    held.refresh_from_db()
    # Either order is possible; whichever came second saw the first's decision. A
    # rejection after the release is refused; a release after the rejection is allowed.
    assert held.review == FieldReport.Review.RELEASED
    assert ServiceReport.objects.count() == 1
