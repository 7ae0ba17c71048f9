"""Freezing a month's figures and downloading them reach the audit trail."""

import datetime

import pytest
from wagtail.models import ModelLogEntry

from engage.accounts.roles import STAFF
from engage.outcomes import monthly_report
from tests.factories import PASSWORD, UserFactory
from tests.outcomes.dashboard_factories import local, plug_report_figures, report_at

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)
APRIL_1 = datetime.date(2026, 4, 1)


@pytest.fixture
def use_report_figures(monkeypatch):
    return plug_report_figures(monkeypatch)


@pytest.fixture
def staff_client(client):
    staff = UserFactory(roles=[STAFF])
    client.login(email=staff.email, password=PASSWORD)
    client.user = staff
    return client


def test_freezing_a_month_is_recorded_once(use_report_figures):
    report_at(local(2026, 3, 2, 9))
    staff = UserFactory(roles=[STAFF])

    snapshot, created = monthly_report.freeze_month(MARCH, today=APRIL_1, user=staff)
    again, created_again = monthly_report.freeze_month(MARCH, today=APRIL_1, user=staff)

    assert created and not created_again and again == snapshot
    logged = ModelLogEntry.objects.get(action="outcomes.snapshot")
    assert logged.user == staff
    assert logged.object_id == str(snapshot.pk)
    assert logged.data == {"month": "2026-03-01"}


def test_the_schedules_freeze_is_the_systems(use_report_figures):
    monthly_report.freeze_month(MARCH, today=APRIL_1)
    assert ModelLogEntry.objects.get(action="outcomes.snapshot").user is None


def test_downloading_the_figures_is_recorded(staff_client, use_report_figures):
    report_at(local(2026, 3, 2, 9))

    response = staff_client.get(
        "/admin/performance/figures.csv", {"start": "2026-03-01", "end": "2026-03-31"}
    )

    assert response.status_code == 200
    logged = ModelLogEntry.objects.get(action="engage.export")
    assert logged.user == staff_client.user
    assert logged.data["format"] == "CSV"


def test_downloading_a_monthly_report_is_recorded(staff_client, use_report_figures):
    report_at(local(2026, 3, 2, 9))
    monthly_report.freeze_month(MARCH, today=APRIL_1)

    staff_copy = staff_client.get("/admin/performance/monthly/2026-03.pdf")
    public_copy = staff_client.get("/admin/performance/monthly/2026-03.pdf?audience=public")

    assert staff_copy["Content-Type"] == public_copy["Content-Type"] == "application/pdf"
    first, second = ModelLogEntry.objects.filter(action="engage.export").order_by("pk")
    assert first.user == second.user == staff_client.user
    assert first.data["format"] == "PDF"
    assert first.data["filename"].startswith("performance-report-staff-2026-03")
    assert "filters" not in first.data
    assert second.data["filters"] == {"audience": "public"}


def test_the_published_monthly_report_is_open_data_and_not_recorded(client, use_report_figures):
    report_at(local(2026, 3, 2, 9))
    monthly_report.freeze_month(MARCH, today=APRIL_1)
    client.force_login(UserFactory(roles=[STAFF]))

    response = client.get("/en/performance/reports/2026-03.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert not ModelLogEntry.objects.filter(action="engage.export").exists()
