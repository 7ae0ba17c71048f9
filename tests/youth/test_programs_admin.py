"""Youth programs in the Wagtail admin: staff see every program, session, participant, field
report and purge; changes open the educator area; educators see none of it."""

import pytest
from django.utils import timezone

from engage.reports.models import ServiceCategory
from youth.models import FieldReport, Partner, PurgeLog

from .factories import (
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
    make_educator,
    make_staff,
)

pytestmark = pytest.mark.django_db

PROGRAMS = "/admin/youth/programs/"
SESSIONS = "/admin/youth/sessions/"
PARTICIPANTS = "/admin/youth/participants/"
FIELD_REPORTS = "/admin/youth/field-reports/"
PURGES = "/admin/youth/purges/"
PARTNERS = "/admin/snippets/youth/partner/"


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


@pytest.fixture
def program():
    program = ProgramFactory(name="Lincoln 311 club", educators=[make_educator()])
    SessionFactory(program=program, title="Our neighborhood walk")
    ParticipantFactory(program=program, first_name="Ana", consent=True)
    ParticipantFactory(program=program, first_name="Noor")
    return program


def test_the_menu_and_every_list_open_for_staff(staff_client, program):
    dashboard = staff_client.get("/admin/").content.decode()
    assert "Youth programs" in dashboard
    for url, expected in (
        (PROGRAMS, "Lincoln 311 club"),
        (SESSIONS, "Our neighborhood walk"),
        (PARTICIPANTS, "Noor"),
        (FIELD_REPORTS, "Field reports"),
        (PURGES, "Purge log"),
        (PARTNERS, "Partners"),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url


def test_the_program_list_counts_and_links_to_the_educator_area(staff_client, program):
    page = staff_client.get(PROGRAMS).content.decode()
    assert f"/en/youth/programs/{program.pk}/" in page
    row = next(row for row in page.split("<tr") if "Lincoln 311 club" in row)
    cells = ["".join(cell.split("</td>")[0].split()) for cell in row.split("<td")[1:]]
    assert cells[-2:] == [">1", ">2"]  # one session, two participants


def test_editing_opens_the_educator_area(staff_client, program):
    session = program.sessions.get()
    participant = program.participants.first()
    for url, target in (
        (f"{PROGRAMS}edit/{program.pk}/", f"/youth/programs/{program.pk}/edit/"),
        (f"{SESSIONS}edit/{session.pk}/", f"/youth/sessions/{session.pk}/edit/"),
        (f"{PARTICIPANTS}edit/{participant.pk}/", f"/youth/participants/{participant.pk}/edit/"),
    ):
        response = staff_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].endswith(target), url


def test_programs_are_added_in_the_educator_area(staff_client):
    response = staff_client.get(f"{PROGRAMS}new/")
    assert response.status_code == 302
    assert response["Location"].endswith("/youth/programs/new/")


def test_participants_filter_by_consent_and_are_not_deleted_here(staff_client, program):
    page = staff_client.get(PARTICIPANTS, {"consent": "false"}).content.decode()
    assert "Noor" in page and "Ana" not in page
    participant = program.participants.get(first_name="Noor")
    staff_client.post(f"{PARTICIPANTS}delete/{participant.pk}/")
    assert program.participants.filter(pk=participant.pk).exists()


def test_school_consent_counts_as_consent_in_the_list(staff_client, program):
    program.school_consent_by = "J. Ortiz"
    program.school_consent_on = timezone.localdate()
    program.save()
    page = staff_client.get(PARTICIPANTS, {"consent": "false"}).content.decode()
    assert "Noor" not in page


def test_the_field_report_list_filters_by_review(staff_client, program):
    category = ServiceCategory.objects.create(code="graffiti", name="Graffiti")
    session = program.sessions.get()
    FieldReport.objects.create(session=session, category=category, description="Tags")
    page = staff_client.get(FIELD_REPORTS, {"review": "held"}).content.decode()
    assert "Graffiti" in page and "Waiting for review" in page
    page = staff_client.get(FIELD_REPORTS, {"review": "released"}).content.decode()
    assert "Graffiti" not in page


def test_the_purge_log_is_read_only(staff_client):
    log = PurgeLog.objects.create(programs=1, participants=28)
    response = staff_client.get(f"{PURGES}new/")
    assert response.status_code == 302 and response["Location"].endswith(PURGES)
    staff_client.post(f"{PURGES}delete/{log.pk}/")
    assert PurgeLog.objects.filter(pk=log.pk).exists()
    assert "28" in staff_client.get(PURGES).content.decode()


def test_staff_add_partners_here(staff_client):
    response = staff_client.post(
        f"{PARTNERS}add/", {"name": "Police cadet program", "description": "Cadets"}
    )
    assert response.status_code == 302
    assert Partner.objects.filter(name="Police cadet program").exists()


def test_an_educator_has_no_admin(client, program):
    client.force_login(program.educators.get())
    for url in (PROGRAMS, PARTICIPANTS, PARTNERS):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Noor" not in response.content.decode()
