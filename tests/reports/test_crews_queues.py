"""Department queues in the admin: who sees which department, the tabs, assigning to a
crew (ticked in bulk or one by one), refusals, and flat query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engage.accounts.roles import MODERATOR, STAFF
from engage.reports import services as report_services
from engage.reports.crews.services import CrewRefused, assign_to_crew
from engage.reports.models import ReportEvent, ServiceReport
from tests.factories import UserFactory
from tests.reports.contact_center_factories import CrewFactory
from tests.reports.factories import CategoryFactory, DepartmentFactory

Status = ServiceReport.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def streets():
    return DepartmentFactory(name="Streets")


@pytest.fixture
def crew(streets):
    return CrewFactory(department=streets, name="North crew")


@pytest.fixture
def category(streets):
    return CategoryFactory(department=streets, target_days=5)


def file(category, **fields):
    return report_services.file_report(category=category, description="A hole", **fields)


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(roles=[STAFF]))
    return client


def queue_url(department, tab=""):
    url = reverse("reports_department_queue", args=[department.pk])
    return f"{url}?tab={tab}" if tab else url


def refused(response):
    """The Wagtail admin answers PermissionDenied with a redirect to its home page."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


# --- Who sees what -------------------------------------------------------------------------


def test_staff_see_every_department_their_own_first(client, streets):
    sanitation = DepartmentFactory(name="Sanitation")
    parks = DepartmentFactory(name="Parks")
    staff = UserFactory(roles=[STAFF])
    sanitation.members.add(staff)
    client.force_login(staff)

    page = client.get(reverse("reports_queues")).content.decode()

    assert page.index("Sanitation") < page.index("Parks") < page.index("Streets")
    assert parks.name in page


def test_a_department_member_without_staff_role_sees_only_their_department(client, streets):
    other = DepartmentFactory(name="Sanitation")
    moderator = UserFactory(roles=[MODERATOR])
    streets.members.add(moderator)
    client.force_login(moderator)

    page = client.get(reverse("reports_queues")).content.decode()
    assert "Streets" in page and other.name not in page
    assert client.get(queue_url(streets)).status_code == 200
    assert refused(client.get(queue_url(other)))


def test_admin_users_in_no_department_are_refused(client, streets):
    client.force_login(UserFactory(roles=[MODERATOR]))
    assert refused(client.get(reverse("reports_queues")))
    assert refused(client.get(queue_url(streets)))
    assert refused(client.post(queue_url(streets), {}))


def test_the_counts_per_department(staff_client, streets, crew, category):
    new = file(category)
    assigned, working, late = file(category), file(category), file(category)
    assign_to_crew([assigned, working, late], crew, actor=None)
    report_services.change_status(working, Status.IN_PROGRESS)
    ServiceReport.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    closed = file(category)
    report_services.change_status(closed, Status.RESOLVED)
    # Two members: a join with them must not count reports twice.
    streets.members.add(UserFactory(), UserFactory())

    departments = staff_client.get(reverse("reports_queues")).context["departments"]

    row = next(d for d in departments if d.pk == streets.pk)
    assert (row.new_count, row.assigned_count, row.in_progress_count, row.overdue_count) == (
        1,
        2,
        1,
        1,
    )
    assert new.pk


# --- The tabs ------------------------------------------------------------------------------


def test_the_tabs_hold_new_assigned_in_progress_and_overdue(staff_client, streets, crew, category):
    new, assigned, working = file(category), file(category), file(category)
    assign_to_crew([assigned, working], crew, actor=None)
    report_services.change_status(working, Status.IN_PROGRESS)
    ServiceReport.objects.filter(pk=new.pk).update(due_at=timezone.now() - timedelta(hours=1))
    other_department = file(CategoryFactory())

    def references(tab):
        response = staff_client.get(queue_url(streets, tab))
        return {r.reference for r in response.context["reports"]}

    assert references("new") == {new.reference}
    assert references("assigned") == {assigned.reference}
    assert references("in_progress") == {working.reference}
    assert references("overdue") == {new.reference}
    assert other_department.reference not in references("new")


def test_the_queue_is_paginated_with_flat_query_counts(staff_client, streets, crew, category):
    for _ in range(3):
        assign_to_crew([file(category)], crew, actor=None)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(queue_url(streets, "assigned")).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(12):
        assign_to_crew([file(category)], crew, actor=None)
    CrewFactory(department=streets)
    assert queries() == few


# --- Assigning -----------------------------------------------------------------------------


def test_ticked_reports_are_assigned_to_a_crew_with_a_staff_only_entry(
    staff_client, streets, crew, category
):
    first, second, untouched = file(category), file(category), file(category)

    response = staff_client.post(
        queue_url(streets, "new"), {"crew": crew.pk, "reports": [first.pk, second.pk]}
    )

    assert response.status_code == 302
    assert set(crew.reports.values_list("pk", flat=True)) == {first.pk, second.pk}
    untouched.refresh_from_db()
    assert untouched.crew is None
    event = first.events.get(kind=ReportEvent.Kind.ASSIGNED)
    assert not event.is_public and "North crew" in event.internal_note


def test_one_report_is_assigned_with_its_own_row_choice(staff_client, streets, crew, category):
    south = CrewFactory(department=streets, name="South crew")
    one, other = file(category), file(category)

    staff_client.post(
        queue_url(streets),
        {"assign_one": one.pk, f"crew-{one.pk}": south.pk, f"crew-{other.pk}": crew.pk},
    )

    one.refresh_from_db()
    other.refresh_from_db()
    assert one.crew == south and other.crew is None


def test_assigning_without_a_crew_or_a_ticked_report_says_why(staff_client, streets, category):
    CrewFactory(department=streets)
    report = file(category)
    response = staff_client.post(queue_url(streets), {"reports": [report.pk]})
    assert response.status_code == 400
    assert "Choose the crew" in response.content.decode()
    response = staff_client.post(queue_url(streets), {"crew": streets.crews.get().pk})
    assert "Tick at least one report" in response.content.decode()


def test_a_crew_of_another_department_cannot_be_chosen(staff_client, streets, category):
    foreign = CrewFactory()
    report = file(category)
    response = staff_client.post(queue_url(streets), {"crew": foreign.pk, "reports": [report.pk]})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.crew is None


def test_the_service_refuses_a_report_of_another_department_and_moves_nothing(crew, category):
    mine, foreign = file(category), file(CategoryFactory())
    with pytest.raises(CrewRefused, match="not in the queue"):
        assign_to_crew([mine, foreign], crew, actor=None)
    mine.refresh_from_db()
    assert mine.crew is None


def test_the_service_refuses_a_report_closed_meanwhile(crew, category):
    report = file(category)
    report_services.change_status(report, Status.CLOSED)
    with pytest.raises(CrewRefused, match="closed meanwhile"):
        assign_to_crew([report], crew, actor=None)


def test_an_inactive_crew_is_refused(crew, category):
    crew.active = False
    crew.save()
    with pytest.raises(CrewRefused, match="no longer active"):
        assign_to_crew([file(category)], crew, actor=None)


def test_assigning_again_to_the_same_crew_adds_no_history(crew, category):
    report = file(category)
    assert assign_to_crew([report], crew, actor=None) == 1
    assert assign_to_crew([report], crew, actor=None) == 0
    assert report.events.filter(kind=ReportEvent.Kind.ASSIGNED).count() == 1
