"""The public tracking page of a report, and what residents do there."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale

from engage.reports import services
from engage.reports.models import ReportEvent, ReportFollow, ServiceReport
from tests.reports.factories import CategoryFactory, ReportFactory, translate_category

Status = ServiceReport.Status


@pytest.fixture
def category(db):
    return CategoryFactory(code="graffiti", name="Graffiti", target_days=7)


@pytest.fixture
def report(category, resident):
    return ReportFactory(
        category=category,
        filed_by=resident,
        description="Tags all over the bus shelter",
        address="12 Elm Street",
        contact_name="Rosa Secret",
        contact_email="rosa.private@example.org",
        contact_phone="555-0199",
    )


def url(report, action=""):
    return f"/en/reports/{report.reference}/{action + '/' if action else ''}"


def page(response):
    return response.content.decode()


def close(report, days_ago=0, status=Status.RESOLVED):
    services.change_status(report, status)
    ServiceReport.objects.filter(pk=report.pk).update(
        closed_at=timezone.now() - timedelta(days=days_ago)
    )
    report.refresh_from_db()
    return report


def test_the_tracking_page_shows_the_report(client, report):
    response = client.get(url(report))

    content = page(response)
    assert response.status_code == 200
    assert report.reference in content
    assert "Graffiti" in content
    assert "Submitted" in content and "Due by" in content
    assert "12 Elm Street" in content
    assert "/en/reports/map/?report=" in content
    assert "Filed" in content  # the history
    assert "Overdue" not in content


def test_a_reference_typed_in_lower_case_works_and_an_unknown_one_is_404(client, report):
    assert client.get(f"/en/reports/{report.reference.lower()}/").status_code == 200
    assert client.get("/en/reports/NOPE2345/").status_code == 404


def test_the_page_never_shows_contact_details_or_internal_notes(client, report, user_factory):
    staff = user_factory(email="clerk.private@example.org")
    services.change_status(
        report,
        Status.IN_PROGRESS,
        actor=staff,
        public_note="A crew is on the way.",
        internal_note="Caller sounded upset; crew 7.",
    )
    services.assign([report], report.department, actor=staff)

    content = page(client.get(url(report)))

    assert "A crew is on the way." in content
    assert "In progress" in content
    for secret in [
        "rosa.private@example.org",
        "Rosa Secret",
        "555-0199",
        "Caller sounded upset",
        "clerk.private@example.org",
        "resident@example.org",
        "Assigned",
    ]:
        assert secret not in content


def test_a_closed_report_shows_how_it_was_closed(client, report):
    services.change_status(report, Status.CLOSED, resolution=ServiceReport.Resolution.NOT_CITY)

    content = page(client.get(url(report)))

    assert "Closed without action" in content
    assert "Not the city&#x27;s responsibility" in content or "Not the city's" in content
    assert "Due by" not in content


def test_an_overdue_report_says_so(client, report):
    ServiceReport.objects.filter(pk=report.pk).update(due_at=timezone.now() - timedelta(days=1))

    assert "Overdue" in page(client.get(url(report)))


def test_a_merged_report_points_to_the_one_it_was_merged_into(client, report, category):
    original = ReportFactory(category=category)
    services.merge(report, original)

    content = page(client.get(url(report)))

    assert "merged into" in content
    assert f'href="/en/reports/{original.reference}/"' in content


def test_the_spanish_page_renders(client, report):
    Locale.objects.get_or_create(language_code="es")
    translate_category(report.category, "es", name="Grafiti")

    response = client.get(f"/es/reports/{report.reference}/")

    assert response.status_code == 200
    assert 'lang="es"' in page(response)
    assert "Grafiti" in page(response)


# Support


def test_support_needs_a_log_in_and_comes_back_to_the_report(client, report):
    response = client.post(url(report, "support"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert f"next=/en/reports/{report.reference}/" in response["Location"].replace("%2F", "/")
    report.refresh_from_db()
    assert report.supporter_count == 0


def test_support_counts_a_person_once_and_makes_them_follow(client, report, user_factory):
    neighbour = user_factory()
    client.force_login(neighbour)

    first = client.post(url(report, "support"), follow=True)
    client.post(url(report, "support"))

    report.refresh_from_db()
    assert report.supporter_count == 1
    assert "you are counted as affected" in page(first)
    assert "1 person said this affects them too" in page(first)
    assert ReportFollow.objects.filter(report=report, user=neighbour).exists()


def test_support_is_post_only(client, report, resident):
    client.force_login(resident)

    assert client.get(url(report, "support")).status_code == 405


# Follow


def test_follow_toggles(client, report, user_factory):
    neighbour = user_factory()
    client.force_login(neighbour)

    client.post(url(report, "follow"))
    assert ReportFollow.objects.filter(report=report, user=neighbour).exists()
    assert "Stop following" in page(client.get(url(report)))

    client.post(url(report, "follow"))
    assert not ReportFollow.objects.filter(report=report, user=neighbour).exists()


def test_following_needs_a_log_in(client, report):
    response = client.post(url(report, "follow"))

    assert "/login/" in response["Location"]


# Reopen


def test_the_filer_can_reopen_within_30_days(client, report, resident):
    close(report, days_ago=29)
    client.force_login(resident)
    assert "Not fixed" in page(client.get(url(report)))

    response = client.post(
        url(report, "reopen"), {"reason": "Still covered in paint."}, follow=True
    )

    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    event = report.events.last()
    assert event.kind == ReportEvent.Kind.REOPENED and event.is_public
    assert "Still covered in paint." in page(response)
    assert "open again" in page(response)


def test_reopening_needs_a_reason(client, report, resident):
    close(report)
    client.force_login(resident)

    response = client.post(url(report, "reopen"), {"reason": ""})

    assert response.status_code == 200
    assert "Tell us why the problem is not fixed." in page(response)
    report.refresh_from_db()
    assert report.status == Status.RESOLVED


def test_someone_else_cannot_reopen(client, report, user_factory):
    close(report)
    client.force_login(user_factory())

    assert "Not fixed" not in page(client.get(url(report)))
    client.post(url(report, "reopen"), {"reason": "Not fixed"})

    report.refresh_from_db()
    assert report.status == Status.RESOLVED


def test_the_filer_cannot_reopen_after_31_days(client, report, resident):
    close(report, days_ago=31)
    client.force_login(resident)

    response = client.post(url(report, "reopen"), {"reason": "Still there"}, follow=True)

    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    assert "within 30 days" in page(response)


def test_the_filer_is_not_offered_to_support_their_own_report(client, report, resident):
    client.force_login(resident)

    content = page(client.get(url(report)))

    assert "You filed this report." in content
    assert f'action="/en/reports/{report.reference}/support/"' not in content


def test_a_closed_report_cannot_be_supported(client, report, user_factory):
    close(report)
    client.force_login(user_factory())

    response = client.post(url(report, "support"), follow=True)

    report.refresh_from_db()
    assert report.supporter_count == 0
    assert "no longer open" in page(response)


def test_an_explicit_follow_is_idempotent(client, report, user_factory):
    neighbour = user_factory()
    client.force_login(neighbour)

    client.post(url(report, "follow"), {"action": "follow"})
    client.post(url(report, "follow"), {"action": "follow"})

    assert ReportFollow.objects.filter(report=report, user=neighbour).count() == 1


def test_the_page_maps_the_location_without_loading_anything_from_elsewhere(
    client, report, settings
):
    settings.MAP_TILE_URL = ""

    html = page(client.get(url(report)))

    assert 'id="report-location-config"' in html
    assert f"[{report.lat}, {report.lng}]" in html
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "http://" not in html.split("<main")[1].split("</main>")[0].replace(
        "http://testserver", ""
    )
    assert "https://" not in html.split("<main")[1].split("</main>")[0]
