"""Educators' and staff's actions on youth programs reach the audit trail, naming no child."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.youth.factories import (
    FieldReportFactory,
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
    make_educator,
    make_staff,
)
from youth.models import Attendance
from youth.services import field_reports, participants, programs, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def educator():
    return make_educator(display_name="Ms. Rivera")


@pytest.fixture
def program(educator):
    return ProgramFactory(name="How my city works", educators=[educator])


@pytest.fixture
def child(program):
    return ParticipantFactory(program=program, first_name="Zebulon", last_initial="Q")


def entry(action, instance):
    return ModelLogEntry.objects.get(action=action, object_id=str(instance.pk))


def program_fields(**overrides):
    today = timezone.localdate()
    return {
        "name": "Streets and us",
        "description": "",
        "site": "Lincoln Middle School",
        "neighborhood": None,
        "starts_on": today,
        "ends_on": today + datetime.timedelta(days=30),
        "curriculum": None,
        "pre_survey": None,
        "post_survey": None,
        "allow_anonymous": False,
        **overrides,
    }


def test_creating_and_changing_a_program_are_recorded(educator):
    program = programs.create_program(educator, program_fields())
    programs.update_program(educator, program, program_fields(name="Streets and all of us"))

    assert entry("youth.program_create", program).user == educator
    changed = entry("youth.program_update", program)
    assert changed.user == educator
    assert "name" in changed.data["fields"]


def test_consents_recorded_and_withdrawn_name_no_child(educator, child):
    participants.record_paper_consent(
        child,
        educator,
        guardian_name="Rosa Torres",
        guardian_contact="215-555-0101",
        given_on=timezone.localdate(),
    )
    participants.withdraw_consent(child, educator)

    recorded = entry("youth.consent_record", child)
    withdrawn = entry("youth.consent_withdraw", child)
    for logged in (recorded, withdrawn):
        assert logged.user == educator
        assert logged.label == f"Participant {child.pk}"
        assert logged.data == {"program": child.program_id}
    everything = str(list(ModelLogEntry.objects.values_list("label", "data")))
    for personal in ("Zebulon", "Rosa", "215-555"):
        assert personal not in everything


def test_the_schools_consent_is_recorded(educator, program):
    participants.record_school_consent(
        program, educator, given_by="Principal Lee", given_on=timezone.localdate()
    )
    participants.withdraw_school_consent(program, educator)

    assert entry("youth.school_consent_record", program).user == educator
    assert entry("youth.school_consent_withdraw", program).user == educator


def test_releasing_and_keeping_back_field_reports_are_recorded(educator, program, child):
    session = SessionFactory(program=program)
    participants.record_paper_consent(
        child, educator, guardian_name="R", guardian_contact="", given_on=timezone.localdate()
    )
    sent = FieldReportFactory(session=session, participant=child)
    kept = FieldReportFactory(session=session, participant=child)

    released = field_reports.release(sent, by=educator)
    field_reports.reject(kept, by=educator, reason="Not a city matter")

    logged = entry("youth.field_report_release", sent)
    assert logged.user == educator
    assert logged.data["report"] == released.report_id
    assert logged.label == f"Field report {sent.pk}"
    rejected = entry("youth.field_report_reject", kept)
    assert rejected.message == "Kept back: Not a city matter"


def test_staff_actions_are_recorded_as_theirs(program):
    staff = make_staff()
    programs.update_program(staff, program, program_fields(name="Renamed by staff"))
    assert entry("youth.program_update", program).user == staff


# Sessions and attendance -----------------------------------------------------------------


def session_fields(**overrides):
    starts = timezone.now() + datetime.timedelta(days=2)
    return {
        "title": "Our walk",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=1),
        "place": "Room 12",
        "neighborhood": None,
        "lesson": None,
        "presenters": "",
        "survey": "",
        **overrides,
    }


def test_planning_and_changing_a_session_are_recorded(educator, program):
    fields = session_fields()
    session = sessions.create_session(educator, program, fields)
    sessions.update_session(educator, session, {**fields, "place": "The library"})

    planned = entry("youth.session_create", session)
    assert planned.user == educator
    assert planned.data == {"program": program.pk}
    changed = entry("youth.session_update", session)
    assert changed.data["fields"] == ["place"]


def test_opening_and_closing_a_session_are_recorded(educator, program):
    session = SessionFactory(program=program, title="Our walk")

    sessions.open_session(educator, session, hours=2)
    sessions.open_session(educator, session, hours=3)  # kept open longer
    sessions.close_session(educator, session)
    sessions.close_session(educator, session)  # already closed: nothing changes

    opened, extended = ModelLogEntry.objects.filter(action="youth.session_open").order_by("pk")
    assert (opened.user, extended.user) == (educator, educator)
    assert (opened.data["extended"], extended.data["extended"]) == (False, True)
    assert extended.data["hours"] == 3
    assert opened.label == "Our walk"
    assert opened.message.startswith("Join code works until ")
    closed = ModelLogEntry.objects.filter(action="youth.session_close")
    assert [logged.user for logged in closed] == [educator]


def test_a_session_refused_opening_leaves_no_entry(educator, program):
    session = SessionFactory(program=program, survey="pre")  # the program has no survey
    with pytest.raises(sessions.SessionRefused):
        sessions.open_session(educator, session)
    assert not ModelLogEntry.objects.filter(action="youth.session_open").exists()


@pytest.fixture
def todays_session(program):
    return SessionFactory(program=program, starts_at=timezone.now() - datetime.timedelta(hours=1))


def test_each_attendance_mark_is_recorded_as_counts_never_names(educator, program, todays_session):
    zeb, ana, bo = (
        ParticipantFactory(program=program, first_name=name, last_initial="Q")
        for name in ("Zebulon", "Anastasia", "Bartholomew")
    )

    sessions.mark_attendance(educator, todays_session, zeb.pk, True)
    sessions.mark_attendance(educator, todays_session, ana.pk, True)
    sessions.mark_attendance(educator, todays_session, bo.pk, False)
    sessions.mark_attendance(educator, todays_session, ana.pk, False)  # changed her mind

    marks = ModelLogEntry.objects.filter(action="youth.attendance").order_by("pk")
    assert [(m.data["present"], m.data["absent"]) for m in marks] == [
        (1, 0),
        (2, 0),
        (2, 1),
        (1, 2),
    ]
    assert {m.user for m in marks} == {educator}
    assert marks.last().message == "Attendance: 1 present, 2 absent"
    everything = str(list(ModelLogEntry.objects.values_list("label", "data")))
    for name in ("Zebulon", "Anastasia", "Bartholomew"):
        assert name not in everything
    for participant in (zeb, ana, bo):
        assert f"'participant': {participant.pk}" not in everything


def test_a_mark_on_the_attendance_sheet_is_recorded_once(client, educator, todays_session, child):
    client.force_login(educator)

    response = client.post(
        f"/en/youth/sessions/{todays_session.pk}/attendance/",
        {"participant": child.pk, "present": "1"},
    )

    assert response.status_code == 302
    logged = entry("youth.attendance", todays_session)
    assert logged.user == educator
    assert logged.data == {"program": todays_session.program_id, "present": 1, "absent": 0}


def test_a_refused_mark_leaves_no_entry(educator, todays_session):
    stranger = ParticipantFactory()  # on another program's roster
    with pytest.raises(sessions.SessionRefused):
        sessions.mark_attendance(educator, todays_session, stranger.pk, True)
    assert not ModelLogEntry.objects.filter(action="youth.attendance").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mark_rolled_back_leaves_no_entry():
    educator = make_educator()
    session = SessionFactory(
        program=ProgramFactory(educators=[educator]),
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    child = ParticipantFactory(program=session.program)
    with pytest.raises(RuntimeError), transaction.atomic():
        sessions.mark_attendance(educator, session, child.pk, True)
        raise RuntimeError("the request failed after the service")
    assert not Attendance.objects.exists()
    assert not ModelLogEntry.objects.filter(action="youth.attendance").exists()


# Papers and reports downloaded ------------------------------------------------------------


def exports():
    return list(ModelLogEntry.objects.filter(action="engage.export").order_by("pk"))


def test_the_program_report_pdf_and_csv_are_recorded(client, educator, program):
    client.force_login(educator)

    pdf = client.get(reverse("youth:program_report_pdf", args=[program.pk]))
    csv = client.get(reverse("youth:program_report_csv", args=[program.pk]))

    assert pdf["Content-Type"] == "application/pdf"
    assert csv.status_code == 200
    pdf_entry, csv_entry = exports()
    assert pdf_entry.user == csv_entry.user == educator
    assert (pdf_entry.data["format"], csv_entry.data["format"]) == ("PDF", "CSV")
    assert pdf_entry.data["filename"] in pdf["Content-Disposition"]


def test_papers_with_childrens_names_are_recorded_a_blank_form_is_not(client, educator, child):
    client.force_login(educator)
    program = child.program

    blank = client.get(reverse("youth:consent_form_pdf", args=[program.pk]))
    assert blank["Content-Type"] == "application/pdf"
    assert exports() == []

    client.get(reverse("youth:consent_form_pdf", args=[program.pk]) + "?for=missing")
    client.get(reverse("youth:handouts_pdf", args=[program.pk]))

    consent, handouts = exports()
    assert consent.user == handouts.user == educator
    assert consent.data["filters"] == {"for": "missing"}
    assert consent.data["filename"].endswith("-consent-form.pdf")
    assert handouts.data["filename"].endswith("-handouts.pdf")
    assert "Zebulon" not in str([(entry.label, entry.data) for entry in exports()])
