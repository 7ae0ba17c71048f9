"""A crew member's status updates from the field: who may send one, what it changes, and
that the same update sent again (a phone that lost the first answer) changes nothing."""

import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from engage.reports.crews import services
from engage.reports.crews.services import CrewRefused, record_field_update
from engage.reports.models import FieldUpdate, ReportEvent, ServiceReport
from tests.factories import UserFactory
from tests.reports.contact_center_factories import CrewFactory
from tests.reports.factories import CategoryFactory, DepartmentFactory

Status = ServiceReport.Status
pytestmark = pytest.mark.django_db
KEY = "a" * 32


@pytest.fixture
def member():
    return UserFactory()


@pytest.fixture
def crew(member):
    return CrewFactory(members=[member])


@pytest.fixture
def report(crew):
    category = CategoryFactory(department=crew.department)
    filed = services.report_services.file_report(
        category=category, description="A hole", lat=40.0, lng=-75.0, address="1 Main St"
    )
    services.assign_to_crew([filed], crew, actor=None)
    filed.refresh_from_db()
    return filed


def photo_upload(name="after.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 200, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def post_update(client, report, *, json_answer=True, **fields):
    data = {"client_key": KEY, "status": Status.IN_PROGRESS, "public_note": "On it", **fields}
    headers = {"HTTP_ACCEPT": "application/json"} if json_answer else {}
    return client.post(reverse("reports:crew_update", args=[report.reference]), data, **headers)


# --- The service ---------------------------------------------------------------------------


def test_an_update_changes_the_status_with_a_public_note_and_is_recorded(report, member):
    update, created = record_field_update(
        report, user=member, client_key=KEY, status=Status.IN_PROGRESS, public_note="On it"
    )

    assert created
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    event = report.events.filter(kind=ReportEvent.Kind.STATUS).get()
    assert (event.to_status, event.public_note, event.actor) == (
        Status.IN_PROGRESS,
        "On it",
        member,
    )
    assert (update.crew, update.sent_by, update.status) == (report.crew, member, Status.IN_PROGRESS)


def test_the_same_update_sent_twice_is_stored_and_applied_once(report, member):
    first, _ = record_field_update(report, user=member, client_key=KEY, status=Status.RESOLVED)
    again, created = record_field_update(
        report, user=member, client_key=KEY, status=Status.RESOLVED
    )

    assert not created and again.pk == first.pk
    assert FieldUpdate.objects.count() == 1
    assert report.events.filter(kind=ReportEvent.Kind.STATUS).count() == 1
    report.refresh_from_db()
    assert (report.status, report.resolution) == (Status.RESOLVED, "fixed")


def test_a_replayed_update_is_already_received_even_once_the_report_is_closed(report, member):
    record_field_update(report, user=member, client_key=KEY, status=Status.RESOLVED)
    _, created = record_field_update(report, user=member, client_key=KEY, status=Status.RESOLVED)
    assert not created


def test_a_key_used_for_another_report_is_refused(report, member, crew):
    other = services.report_services.file_report(category=report.category, description="x")
    services.assign_to_crew([other], crew, actor=None)
    record_field_update(report, user=member, client_key=KEY, status=Status.IN_PROGRESS)

    with pytest.raises(CrewRefused, match="already used for another report"):
        record_field_update(other, user=member, client_key=KEY, status=Status.IN_PROGRESS)
    other.refresh_from_db()
    assert other.status == Status.SUBMITTED


def test_a_member_of_another_crew_is_refused_and_nothing_is_saved(report):
    outsider = UserFactory()
    CrewFactory(department=report.department, members=[outsider])

    with pytest.raises(CrewRefused, match="assigned to another crew"):
        record_field_update(report, user=outsider, client_key=KEY, status=Status.RESOLVED)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert not FieldUpdate.objects.exists()


def test_a_report_not_assigned_to_a_crew_is_refused(member, crew):
    category = CategoryFactory(department=crew.department)
    report = services.report_services.file_report(category=category, description="x")
    with pytest.raises(CrewRefused, match="not assigned to a crew"):
        record_field_update(report, user=member, client_key=KEY, status=Status.RESOLVED)


def test_a_report_moved_to_another_department_is_refused(report, member):
    ServiceReport.objects.filter(pk=report.pk).update(department=DepartmentFactory())
    with pytest.raises(CrewRefused, match="another department"):
        record_field_update(report, user=member, client_key=KEY, status=Status.RESOLVED)


def test_a_closed_report_is_refused(report, member):
    services.report_services.change_status(report, Status.CLOSED)
    with pytest.raises(CrewRefused, match="already closed"):
        record_field_update(report, user=member, client_key=KEY, status=Status.IN_PROGRESS)


def test_only_in_progress_or_resolved_can_be_sent(report, member):
    with pytest.raises(CrewRefused):
        record_field_update(report, user=member, client_key=KEY, status=Status.DUPLICATE)


def test_the_time_made_on_the_phone_is_kept_but_never_in_the_future(report, member):
    ServiceReport.objects.filter(pk=report.pk).update(
        submitted_at=timezone.now() - timedelta(hours=2)
    )
    earlier = timezone.now() - timedelta(minutes=20)
    update, _ = record_field_update(
        report, user=member, client_key=KEY, status=Status.IN_PROGRESS, made_at=earlier
    )
    assert update.made_at == earlier
    future, _ = record_field_update(
        report,
        user=member,
        client_key="b" * 32,
        status=Status.IN_PROGRESS,
        made_at=timezone.now() + timedelta(days=3),
    )
    assert future.made_at <= future.received_at
    long_before, _ = record_field_update(
        report,
        user=member,
        client_key="c" * 32,
        status=Status.IN_PROGRESS,
        made_at=timezone.now() - timedelta(days=3),
    )
    report.refresh_from_db()
    assert long_before.made_at == report.submitted_at


# --- The page it is posted to --------------------------------------------------------------


def test_the_json_answer_says_received_then_already_received(client, report, member):
    client.force_login(member)

    first = post_update(client, report)
    second = post_update(client, report)

    assert first.status_code == 200 and json.loads(first.content)["result"] == "received"
    assert second.status_code == 200
    assert json.loads(second.content)["result"] == "already_received"
    assert FieldUpdate.objects.count() == 1


def test_without_javascript_the_form_posts_and_returns_to_todays_work(client, report, member):
    client.force_login(member)
    response = post_update(client, report, json_answer=False, status=Status.RESOLVED)
    assert response.status_code == 302 and response.url == reverse("reports:crew_today")
    report.refresh_from_db()
    assert report.status == Status.RESOLVED


def test_an_after_photo_is_kept_cleaned_and_named_by_the_key(client, report, member):
    client.force_login(member)
    response = post_update(client, report, status=Status.RESOLVED, photo=photo_upload())
    assert response.status_code == 200
    update = FieldUpdate.objects.get()
    assert update.photo.name.startswith(f"reports/field/{KEY}")
    assert "after" not in update.photo.name

    # Residents see it on the report's page, after the work.
    client.logout()
    page = client.get(report.get_absolute_url()).content.decode()
    section = page.split('id="after-photos"')[1].split("</section>")[0]
    assert update.photo.url in section and "Photo taken by the crew on" in section


def test_a_refusal_is_translated_and_changes_nothing(client, report):
    outsider = UserFactory()
    CrewFactory(department=report.department, members=[outsider])
    client.force_login(outsider)

    response = client.post(
        "/es" + reverse("reports:crew_update", args=[report.reference])[3:],
        {"client_key": KEY, "status": Status.RESOLVED},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 403
    answer = json.loads(response.content)
    assert answer["result"] == "refused" and report.reference in answer["message"]
    assert not FieldUpdate.objects.exists()


def test_a_malformed_key_is_invalid_and_the_form_keeps_what_was_typed(client, report, member):
    client.force_login(member)
    response = post_update(client, report, json_answer=False, client_key="x", public_note="Cones")
    assert response.status_code == 400
    assert "Cones" in response.content.decode()
    assert "key is malformed" in response.content.decode()
    assert not FieldUpdate.objects.exists()


def test_done_without_fixing_asks_for_a_note(client, report, member):
    client.force_login(member)
    response = post_update(
        client, report, status=Status.RESOLVED, resolution="not_city", public_note=""
    )
    assert response.status_code == 400
    assert json.loads(response.content)["result"] == "invalid"


def test_someone_in_no_crew_is_refused_the_crew_pages(client, report):
    client.force_login(UserFactory())
    assert client.get(reverse("reports:crew_today")).status_code == 403
    assert client.get(reverse("reports:crew_report", args=[report.reference])).status_code == 403
    assert post_update(client, report).status_code == 403


def test_the_crew_pages_ask_to_log_in(client, report):
    response = client.get(reverse("reports:crew_today"))
    assert response.status_code == 302 and "login" in response.url
    assert client.post(reverse("reports:crew_update", args=[report.reference])).status_code == 302


def test_todays_work_lists_the_crews_open_reports_nearest_due_first(client, report, member, crew):
    category = CategoryFactory(department=crew.department)
    sooner = services.report_services.file_report(category=category, description="x")
    ServiceReport.objects.filter(pk=sooner.pk).update(due_at=timezone.now() + timedelta(hours=1))
    closed = services.report_services.file_report(category=category, description="x")
    elsewhere = services.report_services.file_report(category=category, description="x")
    services.assign_to_crew([sooner, closed], crew, actor=None)
    services.report_services.change_status(closed, Status.RESOLVED)
    client.force_login(member)

    page = client.get(reverse("reports:crew_today")).content.decode()

    assert page.index(sooner.reference) < page.index(report.reference)
    assert closed.reference not in page and elsewhere.reference not in page
    assert "https://www.openstreetmap.org/directions?to=40.0,-75.0" in page


def test_the_report_page_carries_a_fresh_key_in_the_form(client, report, member):
    client.force_login(member)
    first = client.get(reverse("reports:crew_report", args=[report.reference])).context["form"]
    second = client.get(reverse("reports:crew_report", args=[report.reference])).context["form"]
    assert first.initial["client_key"] != second.initial["client_key"]


def test_a_report_of_another_crew_is_refused_on_its_page(client, report):
    other_member = UserFactory()
    CrewFactory(members=[other_member])
    client.force_login(other_member)
    response = client.get(reverse("reports:crew_report", args=[report.reference]))
    assert response.status_code == 403
    assert "another crew" in response.content.decode()
