"""Staff actions on service reports, crews, Open311 keys and callers reach the audit trail."""

import pytest
from django.core.management import call_command
from wagtail.models import Locale, ModelLogEntry

from engage.accounts.roles import STAFF
from engage.reports import services
from engage.reports.contact_center import merge
from engage.reports.contact_center import services as contact_services
from engage.reports.crews.services import assign_to_crew
from engage.reports.models import Department, Open311ApiKey, ServiceCategory, ServiceReport
from engage.reports.open311.keys import create_key, revoke
from tests.factories import UserFactory
from tests.reports.contact_center_factories import CrewFactory, PersonFactory

Status = ServiceReport.Status
QUEUE = "/admin/snippets/reports/servicereport/"
API_KEYS = "/admin/snippets/reports/open311apikey/"
AUDIT_TRAIL = "/admin/reports/audit-trail/"


@pytest.fixture
def streets(db):
    return Department.objects.create(name="Streets")


@pytest.fixture
def pothole(streets):
    return ServiceCategory.objects.create(
        code="pothole",
        name="Pothole",
        department=streets,
        target_days=7,
        locale=Locale.get_default(),
    )


@pytest.fixture
def staff(db):
    return UserFactory(roles=[STAFF], display_name="Sam Staff")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def file(category):
    return services.file_report(category=category, description="A hole in the road")


def entry(action, instance):
    return ModelLogEntry.objects.get(action=action, object_id=str(instance.pk))


@pytest.mark.django_db
def test_a_status_change_in_the_admin_is_recorded_with_old_and_new(staff_client, staff, pothole):
    report = file(pothole)

    response = staff_client.post(
        f"{QUEUE}edit/{report.pk}/",
        {"action": "status", "status-status": Status.IN_PROGRESS, "status-public_note": "Monday"},
    )

    assert response.status_code == 302
    logged = entry("reports.status", report)
    assert logged.user == staff
    assert logged.data["from"] == Status.SUBMITTED
    assert logged.data["to"] == Status.IN_PROGRESS
    assert logged.data["note"] == "Monday"
    assert logged.message == "Status: Submitted → In progress"
    assert report.reference in logged.label

    html = staff_client.get(AUDIT_TRAIL, {"action": "reports.status"}).content.decode()
    assert "Status: Submitted → In progress" in html


@pytest.mark.django_db
def test_a_status_change_that_fails_leaves_no_entry(staff_client, pothole):
    report = file(pothole)
    # Resolved needs a resolution: the form refuses, nothing changes, nothing is recorded.
    staff_client.post(
        f"{QUEUE}edit/{report.pk}/", {"action": "status", "status-status": "resolved"}
    )
    assert not ModelLogEntry.objects.filter(action="reports.status").exists()


@pytest.mark.django_db
def test_assigning_to_a_department_is_recorded(staff, pothole):
    report = file(pothole)
    parks = Department.objects.create(name="Parks")

    services.assign([report], parks, actor=staff)

    logged = entry("reports.assign", report)
    assert logged.user == staff
    assert logged.data["department"] == "Parks"
    assert logged.data["department_id"] == parks.pk
    assert logged.message == "Assigned to Parks"


@pytest.mark.django_db
def test_a_merge_is_recorded_on_the_duplicate(staff, pothole):
    duplicate, kept = file(pothole), file(pothole)

    services.merge(duplicate, kept, actor=staff, public_note="Same hole")

    logged = entry("reports.merge", duplicate)
    assert logged.user == staff
    assert logged.data["into"] == kept.pk
    assert logged.message == f"Merged into {kept.reference}"
    closed = ModelLogEntry.objects.get(action="reports.status", object_id=str(duplicate.pk))
    assert closed.data["to"] == Status.DUPLICATE


@pytest.mark.django_db
def test_giving_reports_to_a_crew_is_recorded(staff, pothole, streets):
    report = file(pothole)
    crew = CrewFactory(department=streets, name="North crew")

    assign_to_crew([report], crew, actor=staff)

    logged = entry("reports.assign_crew", report)
    assert logged.user == staff
    assert logged.data["crew_id"] == crew.pk
    assert logged.message == "Given to crew North crew (Streets)"


@pytest.mark.django_db
def test_creating_and_revoking_an_api_key_in_the_admin_is_recorded(staff_client, staff):
    response = staff_client.post(f"{API_KEYS}add/", {"name": "SeeClickFix"})
    assert response.status_code == 200
    key = Open311ApiKey.objects.get()

    created = entry("reports.api_key_create", key)
    assert created.user == staff
    assert created.data == {"name": "SeeClickFix", "prefix": key.prefix}
    # Never the key itself: only its prefix, which the admin's list shows anyway.
    assert len(str(created.data)) < 80

    staff_client.post(f"{API_KEYS}revoke/{key.pk}/")
    assert entry("reports.api_key_revoke", key).user == staff


@pytest.mark.django_db
def test_a_key_made_on_the_command_line_is_recorded_as_the_systems(capsys):
    call_command("open311_key", "create", "Legacy app")
    key = Open311ApiKey.objects.get()
    assert entry("reports.api_key_create", key).user is None

    revoke(key)
    revoke(key)  # already revoked: no second entry
    assert ModelLogEntry.objects.filter(action="reports.api_key_revoke").count() == 1


@pytest.mark.django_db
def test_a_key_created_in_code_names_its_creator(staff):
    key, _plain = create_key("Tool", user=staff)
    assert entry("reports.api_key_create", key).user == staff


@pytest.mark.django_db
def test_caller_records_created_and_merged_are_recorded(staff):
    person = contact_services.create_person(name="Ana Ruiz", phone="215 555 0100")
    assert entry("reports.person_create", person).user is None  # no admin request here

    duplicate = PersonFactory(name="Ana R.")
    merge.merge_people(duplicate, person, actor=staff)

    logged = entry("reports.person_merge", person)
    assert logged.user == staff
    assert logged.data["duplicate"] == duplicate.pk
