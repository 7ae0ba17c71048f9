"""Asking and answering at the same moment, on a real PostgreSQL server: two cron runs ask
once; two answers (a double click, two tabs) record one."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from engage.notifications.models import Notification
from engage.outcomes import follow_up
from engage.outcomes.models import FixedCheck
from engage.reports import services
from engage.reports.models import ReportEvent, ServiceReport
from tests.concurrency import run_together
from tests.reports.factories import CategoryFactory, ReportFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def resolved_a_week_ago(count):
    category = CategoryFactory()
    reports = []
    for n in range(count):
        report = ReportFactory(category=category, contact_email=f"r{n}@example.org")
        services.change_status(report, ServiceReport.Status.RESOLVED)
        reports.append(report)
    ServiceReport.objects.filter(pk__in=[r.pk for r in reports]).update(
        closed_at=timezone.now() - timedelta(days=8)
    )
    return reports


def test_two_runs_at_once_ask_each_reporter_once():
    reports = resolved_a_week_ago(5)
    outcomes = run_together([follow_up.ask_if_fixed, follow_up.ask_if_fixed])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(len(o) for o in outcomes) == 5
    assert FixedCheck.objects.count() == 5
    for report in reports:
        assert (
            Notification.objects.filter(dedupe_key__startswith="fixed-check-")
            .filter(
                params__check__in=list(
                    FixedCheck.objects.filter(report=report).values_list("pk", flat=True)
                )
            )
            .count()
            == 1
        )


def test_two_answers_at_once_record_one():
    resolved_a_week_ago(1)
    [check] = follow_up.ask_if_fixed()
    outcomes = run_together(
        [
            lambda: follow_up.answer(check, fixed=False, satisfaction=1),
            lambda: follow_up.answer(check, fixed=False, satisfaction=2),
        ]
    )
    refused = [o for o in outcomes if isinstance(o, follow_up.AnswerRefused)]
    assert len(refused) == 1, outcomes
    assert ReportEvent.objects.filter(kind=ReportEvent.Kind.REOPENED).count() == 1
