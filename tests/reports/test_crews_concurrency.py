"""The same field update arriving twice at the same instant (a phone that retried while
its first copy was still on the way), on a real PostgreSQL server: it is stored and
applied once, and the other copy is answered "already received"."""

import os

import pytest
from django.db import connection

from engage.reports import services as report_services
from engage.reports.crews.services import assign_to_crew, record_field_update
from engage.reports.models import FieldUpdate, ReportEvent, ServiceReport
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.reports.contact_center_factories import CrewFactory
from tests.reports.factories import CategoryFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

Status = ServiceReport.Status


def test_copies_of_one_update_sent_at_once_are_applied_once():
    assert connection.vendor == "postgresql"
    member = UserFactory()
    crew = CrewFactory(members=[member])
    report = report_services.file_report(
        category=CategoryFactory(department=crew.department), description="A hole"
    )
    assign_to_crew([report], crew, actor=None)

    def send():
        return record_field_update(
            report, user=member, client_key="k" * 32, status=Status.RESOLVED, public_note="Done"
        )

    outcomes = run_together([send] * 4)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(created for _update, created in outcomes) == [False, False, False, True]
    assert FieldUpdate.objects.count() == 1
    assert report.events.filter(kind=ReportEvent.Kind.STATUS).count() == 1
    report.refresh_from_db()
    assert report.status == Status.RESOLVED


def test_two_different_updates_at_once_are_both_recorded_in_turn():
    member = UserFactory()
    crew = CrewFactory(members=[member])
    report = report_services.file_report(
        category=CategoryFactory(department=crew.department), description="A hole"
    )
    assign_to_crew([report], crew, actor=None)

    outcomes = run_together(
        [
            lambda key=key: record_field_update(
                report, user=member, client_key=key * 32, status=Status.IN_PROGRESS
            )
            for key in "xy"
        ]
    )

    assert all(created for _update, created in outcomes), outcomes
    assert FieldUpdate.objects.count() == 2
