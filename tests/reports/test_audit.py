"""Staff actions on service reports, crews, Open311 keys and callers reach the audit trail."""

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Locale, ModelLogEntry

from engage.accounts.roles import MODERATOR, STAFF
from engage.reports import services
from engage.reports.contact_center import merge, people
from engage.reports.contact_center import services as contact_services
from engage.reports.crews.services import assign_to_crew
from engage.reports.models import (
    Contact,
    Crew,
    Department,
    Open311ApiKey,
    ServiceCategory,
    ServiceReport,
)
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


# The contact center ----------------------------------------------------------------------

CALLER_WORDS = ("Landlord dispute", "She is afraid of her neighbour")


def test_a_contact_logged_by_an_agent_is_recorded_without_what_was_said(staff):
    caller = PersonFactory(name="Ana Ruiz")

    contact = contact_services.log_contact(
        person=caller,
        agent=staff,
        kind=Contact.Kind.COMPLAINT,
        channel=Contact.Channel.PHONE,
        topic=CALLER_WORDS[0],
        notes=CALLER_WORDS[1],
    )

    logged = entry("reports.contact_log", contact)
    assert logged.user == staff
    assert logged.data["kind"] == Contact.Kind.COMPLAINT
    assert logged.data["channel"] == Contact.Channel.PHONE
    assert logged.data["person"] == caller.pk
    assert logged.message == "Complaint (Phone)"
    for words in CALLER_WORDS:
        assert words not in f"{logged.label} {logged.data}"


def test_an_anonymous_call_is_recorded_with_no_person(staff):
    contact = contact_services.log_contact(
        person=None, agent=staff, kind=Contact.Kind.INFORMATION, channel=Contact.Channel.WALK_IN
    )
    logged = entry("reports.contact_log", contact)
    assert logged.data["person"] is None
    assert logged.message == "Information given (Walk-in)"


def test_a_request_filed_for_a_caller_is_recorded_as_the_agents_contact(staff, pothole):
    caller = PersonFactory(name="Ana Ruiz")

    report = contact_services.file_for(
        caller, agent=staff, category=pothole, description="A hole", address="5 Main St"
    )

    contact = Contact.objects.get(report=report)
    logged = entry("reports.contact_log", contact)
    assert logged.user == staff
    assert logged.data["report"] == report.reference
    assert logged.data["person"] == caller.pk
    assert logged.message == "Service request filed (Phone)"


def test_a_contact_logged_on_the_intake_screen_names_the_agent(client, staff_client, staff):
    caller = PersonFactory(name="Ana Ruiz")

    response = staff_client.post(
        f"/admin/contact-center/people/{caller.pk}/call/",
        {"action": "log", "log-kind": "compliment", "log-channel": "phone", "log-topic": "Park"},
    )

    assert response.status_code == 302
    logged = entry("reports.contact_log", Contact.objects.get())
    assert logged.user == staff
    # Staff work the contact center, so they read its entries; moderators never see callers.
    html = staff_client.get(AUDIT_TRAIL, {"action": "reports.contact_log"}).content.decode()
    assert "Compliment (Phone)" in html
    client.force_login(UserFactory(roles=[MODERATOR]))
    html = client.get(AUDIT_TRAIL, {"action": "reports.contact_log"}).content.decode()
    assert "Compliment (Phone)" not in html


def test_a_refused_contact_leaves_no_entry(staff):
    with pytest.raises(contact_services.CallRefused):
        contact_services.log_contact(
            person=None, agent=staff, kind=Contact.Kind.REQUEST, channel=Contact.Channel.PHONE
        )
    assert not ModelLogEntry.objects.filter(action="reports.contact_log").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_contact_rolled_back_leaves_no_entry():
    agent = UserFactory(roles=[STAFF])
    with pytest.raises(RuntimeError), transaction.atomic():
        contact_services.log_contact(
            person=None, agent=agent, kind=Contact.Kind.COMPLAINT, channel=Contact.Channel.PHONE
        )
        raise RuntimeError("the request failed after the service")
    assert not Contact.objects.exists()
    assert not ModelLogEntry.objects.filter(action="reports.contact_log").exists()


def test_a_note_is_recorded_on_the_record_kept_without_its_words(staff_client, staff):
    kept = PersonFactory(name="Ana Ruiz")
    merged_away = PersonFactory(name="Ana R.", merged_into=kept)

    note = people.add_note(merged_away, "Hard of hearing: speak slowly", author=staff)

    logged = entry("reports.person_note", kept)
    assert logged.user == staff
    assert logged.data == {"note": note.pk}
    assert logged.message == "Note written on a caller record"
    assert "hearing" not in str(list(ModelLogEntry.objects.values_list("label", "data")))

    response = staff_client.post(f"/admin/contact-center/people/{kept.pk}/", {"text": "Called"})
    assert response.status_code == 302
    assert ModelLogEntry.objects.filter(action="reports.person_note", user=staff).count() == 2


def test_an_empty_note_leaves_no_entry(staff):
    with pytest.raises(people.NoteRefused):
        people.add_note(PersonFactory(), "   ", author=staff)
    assert not ModelLogEntry.objects.filter(action="reports.person_note").exists()


def test_a_crew_made_and_changed_in_the_admin_is_in_the_audit_trail(staff_client, staff, streets):
    member = UserFactory()
    fields = {"department": streets.pk, "name": "North crew", "members": [member.pk]}

    response = staff_client.post("/admin/snippets/reports/crew/add/", {**fields, "active": "on"})
    assert response.status_code == 302
    crew = Crew.objects.get()
    response = staff_client.post(f"/admin/snippets/reports/crew/edit/{crew.pk}/", fields)
    assert response.status_code == 302

    assert entry("wagtail.create", crew).user == staff
    assert entry("wagtail.edit", crew).user == staff
    html = staff_client.get(AUDIT_TRAIL).content.decode()
    assert "North crew" in html
