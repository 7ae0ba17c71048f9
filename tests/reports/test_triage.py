"""Triage on a report's admin page: the map with the open reports nearby, merging by
picking one of them with a confirmation step, where the merge note goes, and the
surviving report's Open311 ``updated_datetime``."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from engage.accounts.roles import MODERATOR, STAFF
from engage.reports import services
from engage.reports.models import ReportEvent, ServiceReport
from tests.factories import UserFactory
from tests.reports.factories import CategoryFactory

Status = ServiceReport.Status
QUEUE = "/admin/snippets/reports/servicereport/"
pytestmark = pytest.mark.django_db

# About 11 m of latitude per 0.0001°.
LAT, LNG = 40.0, -75.0


def edit_url(report):
    return f"{QUEUE}edit/{report.pk}/"


def inspect_url(report):
    return f"{QUEUE}inspect/{report.pk}/"


@pytest.fixture
def category():
    return CategoryFactory(name="Pothole")


@pytest.fixture
def staff():
    return UserFactory(roles=[STAFF])


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def file(category, *, north=0.0, **fields):
    fields.setdefault("description", "A hole in the road")
    return services.file_report(category=category, lat=LAT + north, lng=LNG, **fields)


@pytest.fixture
def street(category):
    """The report on screen and what lies around it."""
    other_category = CategoryFactory(name="Graffiti")
    reports = {
        "this": file(category, address="1 Main Street"),
        "near": file(category, north=0.0002, address="3 Main Street"),
        "nearer": file(other_category, north=0.0001, address="2 Main Street"),
        "far": file(category, north=0.01),
        "closed": file(category, north=0.0001),
        "merged": file(category, north=0.0001),
    }
    services.change_status(reports["closed"], Status.RESOLVED)
    services.merge(reports["merged"], reports["near"])
    return reports


def config(html):
    start = html.index('id="triage-map-config"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_the_page_maps_the_report_and_lists_the_open_reports_nearby(staff_client, street):
    html = staff_client.get(edit_url(street["this"])).content.decode()

    data = config(html)
    assert data["point"] == [LAT, LNG]
    assert data["tileUrl"] == ""  # no tile server needed: the outlines and markers show
    nearby = [(n["reference"], n["distance"], n["status"]) for n in data["nearby"]]
    assert nearby == [
        (street["nearer"].reference, 11, "Submitted"),
        (street["near"].reference, 22, "Submitted"),
    ]
    # The list beside the map says the same in text, nearest first.
    table = " ".join(html[html.index("data-nearby-reports") :].split())
    assert table.index(street["nearer"].reference) < table.index(street["near"].reference)
    assert "Graffiti · 2 Main Street" in table
    assert "11 m" in table and "22 m" in table
    for left_out in ("far", "closed", "merged"):
        assert street[left_out].reference not in table
    # Picking is a radio button per nearby report, not a reference to type.
    assert html.count('name="merge-target"') == 2
    assert 'type="radio"' in html
    assert 'type="text" name="merge-target"' not in html


def test_picking_a_report_asks_for_confirmation_before_merging(staff_client, street):
    this, near = street["this"], street["near"]

    response = staff_client.post(
        edit_url(this),
        {"action": "merge", "merge-target": near.reference, "merge-public_note": "Same hole."},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Merge {this.reference} into {near.reference}?" in html
    assert "Same hole." in html
    this.refresh_from_db()
    assert this.status == Status.SUBMITTED  # nothing happened yet

    response = staff_client.post(
        edit_url(this),
        {
            "action": "merge",
            "merge-target": near.reference,
            "merge-public_note": "Same hole.",
            "merge-confirm": "on",
        },
    )

    assert response.status_code == 302
    this.refresh_from_db()
    assert this.status == Status.DUPLICATE and this.duplicate_of == near


def test_only_a_nearby_open_report_can_be_picked(staff_client, street):
    for target in ("far", "closed", "merged", "this"):
        response = staff_client.post(
            edit_url(street["this"]),
            {"action": "merge", "merge-target": street[target].reference, "merge-confirm": "on"},
        )
        assert response.status_code == 200, target
        assert "no longer open near this one" in response.content.decode()
    response = staff_client.post(
        edit_url(street["this"]), {"action": "merge", "merge-confirm": "on"}
    )
    assert "Choose the report this one repeats." in response.content.decode()
    assert ServiceReport.objects.get(pk=street["this"].pk).status == Status.SUBMITTED


def test_the_merge_note_is_written_only_on_the_report_merged_away(client, category):
    kept, duplicate = file(category), file(category, north=0.0001)

    services.merge(duplicate, kept, public_note="Someone reported this hole already.")

    assert kept.events.filter(kind=ReportEvent.Kind.MERGED, is_public=False).exists()
    assert not kept.events.exclude(public_note="").exists()
    assert duplicate.events.filter(public_note="Someone reported this hole already.").exists()
    kept_page = client.get(kept.get_absolute_url()).content.decode()
    duplicate_page = client.get(duplicate.get_absolute_url()).content.decode()
    assert "Someone reported this hole already." not in kept_page
    assert "Someone reported this hole already." in duplicate_page


def test_merging_changes_the_surviving_reports_open311_updated_datetime(client, category):
    kept, duplicate = file(category), file(category, north=0.0001)
    two_days_ago = timezone.now() - timedelta(days=2)
    ServiceReport.objects.update(updated_at=two_days_ago)
    url = f"/open311/v2/requests/{kept.reference}.json"
    before = client.get(url).json()[0]["updated_datetime"]

    services.merge(duplicate, kept)

    after = client.get(url).json()[0]["updated_datetime"]
    assert after > before
    kept.refresh_from_db()
    assert timezone.now() - kept.updated_at < timedelta(minutes=1)


def test_a_merge_made_meanwhile_is_refused_with_a_message(staff_client, street):
    this, near = street["this"], street["near"]
    # Someone else merges this report while the confirmation page is open.
    services.merge(this, street["nearer"])

    response = staff_client.post(
        edit_url(this),
        {"action": "merge", "merge-target": near.reference, "merge-confirm": "on"},
        follow=True,
    )

    assert "already been merged" in response.content.decode()
    this.refresh_from_db()
    assert this.duplicate_of == street["nearer"]


def test_services_refuse_merging_twice_or_into_a_duplicate(category):
    a, b, c = file(category), file(category), file(category)
    services.merge(a, b)

    with pytest.raises(services.MergeRefused):
        services.merge(a, c)
    with pytest.raises(services.MergeRefused):
        services.merge(c, a)


def test_a_report_without_a_point_is_offered_the_reports_at_its_address(staff_client, category):
    report = services.file_report(category=category, description="Here", address="12 Elm St")
    same = services.file_report(category=category, description="Also", address="12 elm st")
    services.file_report(category=category, description="Elsewhere", address="14 Elm St")
    lonely = services.file_report(category=category, description="Alone", address="Park")

    html = staff_client.get(edit_url(report)).content.decode()

    assert "triage-map-config" not in html
    assert "no point on the map" in html
    assert html.count('name="merge-target"') == 1 and same.reference in html
    assert "same address" in html
    response = staff_client.post(
        edit_url(report), {"action": "merge", "merge-target": same.reference}
    )
    assert "They have the same address." in response.content.decode()
    assert "No other open report at this address." in (
        staff_client.get(edit_url(lonely)).content.decode()
    )


def test_the_read_only_page_lists_the_nearby_reports_without_merging(client, street):
    viewer = UserFactory(roles=[MODERATOR])
    client.force_login(viewer)

    html = client.get(inspect_url(street["this"])).content.decode()

    assert street["near"].reference in html
    assert 'name="merge-target"' not in html
