"""Educators' and staff's actions on youth programs reach the audit trail, naming no child."""

import datetime

import pytest
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
from youth.services import field_reports, participants, programs

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
