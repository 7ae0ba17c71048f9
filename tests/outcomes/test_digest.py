"""The weekly service-level digest: one e-mail per department and week, at the
department's address, with its counts, its goal and its overdue reports."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.models import Locale

from engage.outcomes.service_levels import last_week, send_digests
from engage.reports.models import Department, ServiceCategory
from tests.outcomes.follow_up_factories import at, close, filed

# Monday 13 April 2026: the digest covers Monday 6 to Sunday 12 April.
MONDAY = datetime.date(2026, 4, 13)


def test_last_week_is_monday_to_sunday_before_today():
    for today in (MONDAY, datetime.date(2026, 4, 19)):
        week = last_week(today)
        assert (week.start, week.end) == (datetime.date(2026, 4, 6), datetime.date(2026, 4, 13))


@pytest.fixture
def departments(db):
    sanitation = Department.objects.create(
        name="Sanitation", email="sanitation@city.example", goal_percent=90
    )
    nobody = Department.objects.create(name="Archives")  # no address
    bins = ServiceCategory.objects.create(
        locale=Locale.get_default(),
        code="bins",
        name="Missed bin collection",
        department=sanitation,
        target_days=2,
    )
    on_time = close(filed(bins, submitted=at(2026, 4, 6, 9)), at(2026, 4, 7))
    late = close(filed(bins, submitted=at(2026, 4, 1, 9)), at(2026, 4, 8))
    overdue = filed(bins, submitted=at(2026, 4, 8, 9), address="12 Elm Street")
    return {
        "sanitation": sanitation,
        "nobody": nobody,
        "reports": (on_time, late, overdue),
    }


def test_each_department_hears_once_a_week(departments, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        period, queued = send_digests(MONDAY)
    assert len(queued) == 1
    [message] = mail.outbox
    assert message.to == ["sanitation@city.example"]
    assert "Sanitation" in message.subject
    body = message.body
    assert "Closed on time: 1" in body
    assert "Closed late: 1" in body
    assert "Still open and overdue at the end of the week: 1" in body
    assert "Resolved by the deadline: 33%" in body and "goal: 90%" in body and "not met" in body
    _on_time, _late, overdue = departments["reports"]
    assert overdue.reference in body and "12 Elm Street" in body
    assert f"/admin/queues/{departments['sanitation'].pk}/?tab=overdue" in body
    assert "<table>" in message.alternatives[0][0]

    with django_capture_on_commit_callbacks(execute=True):
        _period, again = send_digests(MONDAY)
    assert again == [] and len(mail.outbox) == 1


def test_the_command_names_the_departments_without_an_address(departments, capsys):
    call_command("send_service_level_digests")
    out, err = capsys.readouterr()
    assert "digests queued" in out
    assert "Archives" in err
