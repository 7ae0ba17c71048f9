"""Several devices at the same instant, on a real PostgreSQL server: one name is joined by
one device only, and a report filed while the session closes is either saved whole or not
at all."""

import os

import pytest

from tests.concurrency import run_together
from tests.reports.factories import CategoryFactory
from tests.youth.factories import ParticipantFactory, SessionFactory, open_session
from youth.models import FieldReport, SessionJoin
from youth.services import joining

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_six_devices_choosing_the_same_name_at_once_give_one_join():
    session = open_session(SessionFactory())
    child = ParticipantFactory(program=session.program, consent=True)

    outcomes = run_together(
        [
            lambda n=n: joining.join(session, device_key=f"device-{n}", participant=child)
            for n in range(6)
        ]
    )

    joined = [o for o in outcomes if isinstance(o, SessionJoin)]
    refused = [o for o in outcomes if isinstance(o, joining.JoinRefused)]
    assert len(joined) == 1 and len(refused) == 5
    assert all(r.status == 409 for r in refused)
    assert SessionJoin.objects.filter(participant=child).count() == 1


def test_reports_filed_from_several_devices_at_once_are_all_kept():
    session = open_session(SessionFactory())
    category = CategoryFactory()
    joins = [
        SessionJoin.objects.create(session=session, device_key=f"tablet-{n}") for n in range(5)
    ]

    outcomes = run_together(
        [
            lambda j=j: joining.file_field_report(j, category=category, description="Tags")
            for j in joins
        ]
    )

    assert all(isinstance(o, FieldReport) for o in outcomes)
    assert FieldReport.objects.filter(session=session).count() == 5
