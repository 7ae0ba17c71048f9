"""The crews' demo: crews for every demo department, the demo staff member in one with
open reports to work on, and nothing more on a second run."""

import pytest
from django.core.management import call_command

from engage.reports.crews import demo
from engage.reports.models import Crew, Department, ReportEvent


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def test_the_demo_staff_member_has_todays_work(seeded):
    crew = Crew.objects.get(members__email=demo.STAFF_EMAIL)
    assert crew.department.name == demo.STAFF_DEPARTMENT
    assert crew.department.members.filter(email=demo.STAFF_EMAIL).exists()
    assert 1 <= crew.reports.open().count() <= demo.REPORTS_FOR_TODAY
    assert Crew.objects.count() == len(demo.CREW_NAMES) * Department.objects.count()


def test_loading_again_adds_nothing(seeded):
    crews = Crew.objects.count()
    assignments = ReportEvent.objects.filter(kind=ReportEvent.Kind.ASSIGNED).count()
    demo.load_demo()
    assert Crew.objects.count() == crews
    assert ReportEvent.objects.filter(kind=ReportEvent.Kind.ASSIGNED).count() == assignments
