"""Staff merging reports at the same moment, on a real PostgreSQL server.

Each thread has its own connection and a barrier releases them together. ``services.merge``
locks both reports (``select_for_update``, in primary-key order), so whatever the timing,
a report is merged once, never into a report that is itself being merged away, and the
surviving report's supporter count is exact.
"""

import os

import pytest
from django.db import connection

from engage.reports import services
from engage.reports.models import ReportSupport, ServiceReport
from tests.concurrency import run_together
from tests.factories import UserFactory
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


def file(category, filed_by=None):
    return services.file_report(
        category=category, description="A hole", lat=40.0, lng=-75.0, filed_by=filed_by
    )


def test_two_staff_merging_two_reports_into_each_other_leave_one_open():
    assert connection.vendor == "postgresql"
    category = CategoryFactory()
    a, b = file(category), file(category)

    outcomes = run_together([lambda: services.merge(a, b), lambda: services.merge(b, a)] * 3)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(e, services.MergeRefused) for e in errors), errors
    assert len(errors) == 5
    a.refresh_from_db()
    b.refresh_from_db()
    # Exactly one of them is the duplicate of the other, which stays open.
    statuses = sorted([a.status, b.status])
    assert statuses == sorted([Status.DUPLICATE, Status.SUBMITTED])
    duplicate, kept = (a, b) if a.status == Status.DUPLICATE else (b, a)
    assert duplicate.duplicate_of_id == kept.pk and kept.duplicate_of_id is None


def test_many_duplicates_merged_into_one_report_at_once_count_every_supporter():
    category = CategoryFactory()
    kept = file(category)
    filers = [UserFactory() for _ in range(12)]
    duplicates = [file(category, filed_by=filer) for filer in filers]

    outcomes = run_together([lambda d=d: services.merge(d, kept) for d in duplicates])

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    kept.refresh_from_db()
    assert kept.supporter_count == 12 == ReportSupport.objects.filter(report=kept).count()
    assert ServiceReport.objects.filter(duplicate_of=kept, status=Status.DUPLICATE).count() == 12


def test_a_chain_cannot_form_when_merges_cross():
    """A into B while B goes into C: A must not end up pointing at a duplicate."""
    category = CategoryFactory()
    for _attempt in range(5):
        a, b, c = file(category), file(category), file(category)

        outcomes = run_together(
            [lambda a=a, b=b: services.merge(a, b), lambda b=b, c=c: services.merge(b, c)]
        )

        errors = [o for o in outcomes if isinstance(o, Exception)]
        assert all(isinstance(e, services.MergeRefused) for e in errors), errors
        a.refresh_from_db()
        if a.duplicate_of_id is not None:
            assert ServiceReport.objects.get(pk=a.duplicate_of_id).status != Status.DUPLICATE
