"""The service-report triage queue in the Wagtail admin: listing, filters, actions, export."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Locale

from engage.accounts.roles import EDUCATOR, LIAISON, MODERATOR, STAFF
from engage.core.exports import neutralise
from engage.reports import services
from engage.reports.models import (
    Department,
    ReportEvent,
    ReportFollow,
    ReportSupport,
    ServiceCategory,
    ServiceReport,
)
from tests.factories import UserFactory

QUEUE = "/admin/snippets/reports/servicereport/"
CATEGORIES = "/admin/snippets/reports/servicecategory/"
DEPARTMENTS = "/admin/snippets/reports/department/"
API_KEYS = "/admin/snippets/reports/open311apikey/"

Status = ServiceReport.Status


def edit_url(report):
    return f"{QUEUE}edit/{report.pk}/"


@pytest.fixture
def streets(db):
    return Department.objects.create(name="Streets", email="streets@example.org")


@pytest.fixture
def sanitation(db):
    return Department.objects.create(name="Sanitation")


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
def graffiti(sanitation):
    return ServiceCategory.objects.create(
        code="graffiti", name="Graffiti", department=sanitation, locale=Locale.get_default()
    )


@pytest.fixture
def staff(db):
    return UserFactory(roles=[STAFF], display_name="Sam Staff")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def file(category, **fields):
    fields.setdefault("description", "A hole in the road")
    return services.file_report(category=category, **fields)


def listing(client, **params):
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_staff_see_the_queue_with_its_columns(staff_client, pothole):
    report = file(pothole, address="12 Main Street")

    html = listing(staff_client)

    assert report.reference in html
    assert "Pothole" in html
    assert "Streets" in html
    for heading in ("Category", "Neighborhood", "Status", "Channel", "Department", "Due"):
        assert heading in html
    # Phone and walk-in reports go through the public form; there is no "add" here.
    assert f"{QUEUE}add/" not in html
    assert "/en/reports/new/" in html


@pytest.mark.django_db
def test_the_queue_filters_by_category_status_and_overdue(staff_client, pothole, graffiti):
    late = file(pothole, submitted_at=timezone.now() - timedelta(days=10))
    fresh = file(pothole)
    tagged = file(graffiti)
    done = file(pothole, submitted_at=timezone.now() - timedelta(days=10))
    services.change_status(done, Status.RESOLVED)

    by_category = listing(staff_client, category=graffiti.pk)
    assert tagged.reference in by_category
    assert late.reference not in by_category and fresh.reference not in by_category

    resolved = listing(staff_client, status=Status.RESOLVED)
    assert done.reference in resolved
    assert late.reference not in resolved

    still_open = listing(staff_client, status="open")
    assert all(r.reference in still_open for r in (late, fresh, tagged))
    assert done.reference not in still_open

    overdue = listing(staff_client, overdue="true")
    assert late.reference in overdue
    assert fresh.reference not in overdue
    assert tagged.reference not in overdue  # no deadline
    assert done.reference not in overdue  # past its deadline, but resolved

    not_overdue = listing(staff_client, overdue="false")
    assert late.reference not in not_overdue
    assert all(r.reference in not_overdue for r in (fresh, tagged, done))


@pytest.mark.django_db
def test_the_queue_filters_by_department_channel_and_submitted_dates(
    staff_client, pothole, graffiti, sanitation
):
    old = file(pothole, submitted_at=timezone.now() - timedelta(days=40))
    phoned = file(graffiti, channel=ServiceReport.Channel.PHONE)

    by_department = listing(staff_client, department=sanitation.pk)
    assert phoned.reference in by_department and old.reference not in by_department

    by_channel = listing(staff_client, channel="phone")
    assert phoned.reference in by_channel and old.reference not in by_channel

    since = (timezone.localdate() - timedelta(days=5)).isoformat()
    recent = listing(staff_client, submitted_from=since)
    assert phoned.reference in recent and old.reference not in recent


@pytest.mark.django_db
def test_the_queue_searches_reference_description_and_address(staff_client, pothole):
    hole = file(pothole, description="Deep hole near the school", address="4 Elm Street")
    other = file(pothole, description="Cracked pavement", address="9 Oak Avenue")

    for query in ("school", "Elm Street", hole.reference):
        html = listing(staff_client, q=query)
        assert hole.reference in html, query
        assert other.reference not in html, query


@pytest.mark.django_db
def test_the_queue_orders_by_due_date(staff_client, pothole):
    soon = file(pothole, submitted_at=timezone.now() - timedelta(days=6))
    later = file(pothole)

    html = listing(staff_client, ordering="due_at")
    assert html.index(soon.reference) < html.index(later.reference)
    html = listing(staff_client, ordering="-due_at")
    assert html.index(later.reference) < html.index(soon.reference)


@pytest.mark.django_db
def test_overdue_reports_are_highlighted(staff_client, pothole):
    file(pothole, submitted_at=timezone.now() - timedelta(days=10))
    assert "data-overdue" in listing(staff_client)


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["resident", LIAISON, EDUCATOR])
@pytest.mark.parametrize("url", [QUEUE, CATEGORIES, DEPARTMENTS, API_KEYS])
def test_residents_liaisons_and_educators_cannot_reach_the_admin(client, person, url, pothole):
    report = file(pothole)
    client.force_login(UserFactory() if person == "resident" else UserFactory(roles=[person]))

    for target in (url, edit_url(report)):
        response = client.get(target)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response.url.split("?")[0] in {"/admin/login/", "/admin/"}


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, pothole):
    report = file(pothole)
    for url in (QUEUE, edit_url(report), f"{QUEUE}?export=csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


@pytest.mark.django_db
def test_the_contact_details_are_for_staff_only(client, staff, pothole):
    resident = UserFactory(email="caller@example.org")
    report = file(pothole, filed_by=resident, contact_phone="555-0101")

    client.force_login(staff)
    html = client.get(edit_url(report)).content.decode()
    assert "data-contact-details" in html and "555-0101" in html

    client.force_login(UserFactory(roles=[MODERATOR]))
    response = client.get(edit_url(report))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-contact-details" not in html
    assert "555-0101" not in html and "caller@example.org" not in html


@pytest.mark.django_db
def test_the_report_page_shows_public_and_internal_history(staff_client, staff, pothole):
    report = file(pothole)
    services.change_status(
        report,
        Status.ACKNOWLEDGED,
        actor=staff,
        public_note="We are on it",
        internal_note="Crew B next week",
    )

    html = staff_client.get(edit_url(report)).content.decode()

    assert "We are on it" in html
    assert "Crew B next week" in html
    assert 'data-event="filed"' in html and 'data-event="status"' in html


@pytest.mark.django_db
def test_changing_the_status_records_who_and_why_and_tells_followers(
    staff_client, staff, pothole, django_capture_on_commit_callbacks
):
    resident = UserFactory(email="rosa@example.org")
    report = file(pothole, filed_by=resident)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            edit_url(report),
            {
                "action": "status",
                "status-status": Status.IN_PROGRESS,
                "status-public_note": "A crew is scheduled for Monday.",
                "status-internal_note": "Ticket 4411 in the works system.",
            },
        )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    event = report.events.get(kind=ReportEvent.Kind.STATUS)
    assert event.actor == staff
    assert (event.from_status, event.to_status) == (Status.SUBMITTED, Status.IN_PROGRESS)
    assert event.public_note == "A crew is scheduled for Monday."
    assert event.internal_note == "Ticket 4411 in the works system."
    assert [message.to for message in mail.outbox] == [["rosa@example.org"]]
    assert "A crew is scheduled for Monday." in mail.outbox[0].body
    assert "Ticket 4411" not in mail.outbox[0].body


@pytest.mark.django_db
def test_resolving_requires_a_resolution(staff_client, pothole):
    report = file(pothole)

    response = staff_client.post(
        edit_url(report), {"action": "status", "status-status": Status.RESOLVED}
    )

    assert response.status_code == 200
    assert "Say how the report was resolved" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert not report.events.filter(kind=ReportEvent.Kind.STATUS).exists()

    response = staff_client.post(
        edit_url(report),
        {
            "action": "status",
            "status-status": Status.RESOLVED,
            "status-resolution": ServiceReport.Resolution.NOT_CITY,
            "status-public_note": "This is a private road.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.resolution) == (Status.RESOLVED, "not_city")
    assert report.closed_at is not None


@pytest.mark.django_db
def test_closing_without_action_requires_a_reason(staff_client, pothole):
    report = file(pothole)
    data = {
        "action": "status",
        "status-status": Status.CLOSED,
        "status-resolution": ServiceReport.Resolution.NO_ACTION,
    }

    response = staff_client.post(edit_url(report), data)
    assert response.status_code == 200
    assert "Give the resident a reason" in response.content.decode()

    response = staff_client.post(
        edit_url(report), {**data, "status-public_note": "The hole was filled by the utility."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.resolution) == (Status.CLOSED, "no_action")


@pytest.mark.django_db
def test_merging_carries_supporters_and_followers_and_marks_the_duplicate(
    staff_client, staff, pothole
):
    original = file(pothole, lat=40.0, lng=-75.0)
    filer = UserFactory()
    supporter = UserFactory()
    follower = UserFactory()
    duplicate = file(pothole, filed_by=filer, lat=40.0001, lng=-75.0)
    services.support(duplicate, supporter)
    services.follow(duplicate, follower)

    response = staff_client.post(
        edit_url(duplicate),
        {"action": "merge", "merge-target": original.reference, "merge-confirm": "on"},
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    original.refresh_from_db()
    assert duplicate.status == Status.DUPLICATE
    assert duplicate.duplicate_of == original
    assert set(ReportSupport.objects.filter(report=original).values_list("user", flat=True)) == {
        filer.pk,
        supporter.pk,
    }
    assert {filer.pk, supporter.pk, follower.pk} <= set(
        ReportFollow.objects.filter(report=original).values_list("user", flat=True)
    )
    assert original.supporter_count == 2
    merged = original.events.get(kind=ReportEvent.Kind.MERGED)
    assert merged.actor == staff and merged.internal_note == duplicate.reference


@pytest.mark.django_db
def test_a_report_cannot_be_merged_into_itself_or_an_unknown_reference(staff_client, pothole):
    report = file(pothole, lat=40.0, lng=-75.0)
    far_away = file(pothole, lat=40.1, lng=-75.0)

    for target in (report.reference, "NOSUCHREF", far_away.reference, ""):
        response = staff_client.post(
            edit_url(report), {"action": "merge", "merge-target": target, "merge-confirm": "on"}
        )
        assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


@pytest.mark.django_db
def test_assigning_a_department_from_the_report_page(staff_client, staff, pothole, sanitation):
    report = file(pothole)

    response = staff_client.post(
        edit_url(report), {"action": "assign", "assign-department": sanitation.pk}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.department == sanitation
    event = report.events.get(kind=ReportEvent.Kind.ASSIGNED)
    assert (event.actor, event.is_public, event.internal_note) == (staff, False, "Sanitation")


@pytest.mark.django_db
def test_bulk_assign_sets_the_department_and_records_history(
    staff_client, staff, pothole, sanitation
):
    first, second, untouched = file(pothole), file(pothole), file(pothole)
    url = (
        f"/admin/bulk/reports/servicereport/assign_department/"
        f"?id={first.pk}&id={second.pk}&next={QUEUE}"
    )

    confirm = staff_client.get(url)
    assert confirm.status_code == 200
    assert first.reference in confirm.content.decode()

    response = staff_client.post(url, {"department": sanitation.pk})

    assert response.status_code == 302
    assert response.url == QUEUE
    for report in (first, second):
        report.refresh_from_db()
        assert report.department == sanitation
        assert report.events.get(kind=ReportEvent.Kind.ASSIGNED).actor == staff
    untouched.refresh_from_db()
    assert untouched.department.name == "Streets"
    assert not untouched.events.filter(kind=ReportEvent.Kind.ASSIGNED).exists()


@pytest.mark.django_db
def test_bulk_select_all_does_not_escape_the_filters(staff_client, pothole, sanitation):
    report = file(pothole)
    url = "/admin/bulk/reports/servicereport/assign_department/?id=all"

    page = staff_client.get(url)
    assert page.status_code == 200
    assert "No reports were selected" in page.content.decode()

    staff_client.post(url, {"department": sanitation.pk})
    report.refresh_from_db()
    assert report.department.name == "Streets"


@pytest.mark.django_db
def test_bulk_status_change_goes_through_the_service(
    staff_client, staff, pothole, django_capture_on_commit_callbacks
):
    follower = UserFactory(email="follower@example.org")
    first, second = file(pothole, filed_by=follower), file(pothole)
    url = f"/admin/bulk/reports/servicereport/change_status/?id={first.pk}&id={second.pk}"

    response = staff_client.post(url, {"status": Status.RESOLVED})
    assert response.status_code == 200  # a resolution is required
    first.refresh_from_db()
    assert first.status == Status.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url,
            {"status": Status.RESOLVED, "resolution": "fixed", "public_note": "Patched."},
        )

    assert response.status_code == 302
    for report in (first, second):
        report.refresh_from_db()
        assert (report.status, report.resolution) == (Status.RESOLVED, "fixed")
        event = report.events.get(kind=ReportEvent.Kind.STATUS)
        assert (event.actor, event.public_note) == (staff, "Patched.")
    assert [message.to for message in mail.outbox] == [["follower@example.org"]]


@pytest.mark.django_db
def test_liaisons_cannot_use_the_bulk_actions(client, pothole, sanitation):
    report = file(pothole)
    client.force_login(UserFactory(roles=[LIAISON]))

    response = client.post(
        f"/admin/bulk/reports/servicereport/assign_department/?id={report.pk}",
        {"department": sanitation.pk},
    )

    assert response.status_code in (302, 403)
    report.refresh_from_db()
    assert report.department.name == "Streets"


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


@pytest.mark.django_db
def test_csv_export_holds_only_the_filtered_reports(staff_client, pothole, graffiti):
    hole = file(pothole, address="4 Elm Street")
    tag = file(graffiti)

    rows = read_csv(staff_client.get(QUEUE, {"category": pothole.pk, "export": "csv"}))

    assert [row["Reference"] for row in rows] == [hole.reference]
    assert rows[0]["Category"] == "Pothole"
    assert rows[0]["Department"] == "Streets"
    assert rows[0]["Address"] == "4 Elm Street"
    assert rows[0]["Status"] == "Submitted"
    assert tag.reference not in {row["Reference"] for row in rows}
    # Contact details never leave the admin in a spreadsheet.
    assert "Phone" not in rows[0] and "Contact e-mail" not in rows[0]


@pytest.mark.django_db
def test_csv_export_neutralises_formulas(staff_client, pothole):
    file(pothole, description='=HYPERLINK("http://evil.example","Click")', address="+1 Main")

    rows = read_csv(staff_client.get(QUEUE, {"export": "csv"}))

    assert rows[0]["Description"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert rows[0]["Address"] == "'+1 Main"


@pytest.mark.django_db
def test_xlsx_export_works(staff_client, pothole):
    file(pothole, description="=1+1")
    response = staff_client.get(QUEUE, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Pothole on Main", "Pothole on Main"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.mark.django_db
def test_the_add_url_sends_staff_to_the_public_form(staff_client):
    response = staff_client.get(f"{QUEUE}add/")
    assert response.status_code == 302
    assert response.url == "/en/reports/new/"
    assert [str(m).strip() for m in response.wsgi_request._messages] == [
        "Reports are filed through the public form. For a phone call or a walk-in, "
        "fill it in while logged in and choose the channel."
    ]
