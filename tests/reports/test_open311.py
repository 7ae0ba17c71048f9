"""The Open311 GeoReport v2 API at /open311/v2/."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from io import StringIO
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Locale

from engage.reports import services
from engage.reports.models import (
    Department,
    Open311ApiKey,
    ReportEvent,
    ServiceAttribute,
    ServiceCategory,
    ServiceReport,
)
from engage.reports.open311 import keys, throttle

BASE = "/open311/v2"
OFFSET_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
NY = ZoneInfo("America/New_York")
Status = ServiceReport.Status


@pytest.fixture
def streets(db):
    return Department.objects.create(name="Streets", email="streets@city.example")


@pytest.fixture
def pothole(streets):
    category = ServiceCategory.objects.create(
        locale=Locale.get_default(),
        code="pothole",
        name="Pothole",
        description="A hole in the road",
        group="Streets",
        keywords="road, hole",
        department=streets,
        target_days=7,
    )
    ServiceAttribute.objects.create(
        category=category,
        sort_order=0,
        code="size",
        description="How big is it?",
        datatype="singlevaluelist",
        required=True,
        values=[{"key": "small", "name": "Small"}, {"key": "large", "name": "Large"}],
    )
    ServiceAttribute.objects.create(
        category=category,
        sort_order=1,
        code="depth",
        description="Depth in cm",
        datatype="number",
        datatype_description="A number",
    )
    ServiceAttribute.objects.create(
        category=category,
        sort_order=2,
        code="seen",
        description="When did you see it?",
        datatype="datetime",
    )
    ServiceAttribute.objects.create(
        category=category,
        sort_order=3,
        code="lanes",
        description="Which lanes?",
        datatype="multivaluelist",
        values=[{"key": "left", "name": "Left"}, {"key": "right", "name": "Right"}],
    )
    return category


@pytest.fixture
def graffiti(db):
    return ServiceCategory.objects.create(
        locale=Locale.get_default(), code="graffiti", name="Graffiti", group="Cleanliness"
    )


@pytest.fixture
def retired(db):
    return ServiceCategory.objects.create(
        locale=Locale.get_default(), code="retired", name="Retired", active=False
    )


@pytest.fixture
def api_key(db):
    return keys.create_key("Test client")[1]


def report(category, **fields):
    fields.setdefault("lat", 39.95)
    fields.setdefault("lng", -75.16)
    fields.setdefault("address", "1 Main St")
    fields.setdefault("description", "It is there")
    return services.file_report(category=category, **fields)


def as_json(response):
    return json.loads(response.content)


def as_xml(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def valid_post(api_key, **extra):
    data = {
        "api_key": api_key,
        "service_code": "pothole",
        "lat": "39.95",
        "long": "-75.16",
        "attribute[size]": "large",
        "description": "Deep one",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def error_descriptions(response):
    return [e["description"] for e in as_json(response)]


# --- Discovery and services ----------------------------------------------------------


def test_discovery_json(client, db):
    response = client.get(f"{BASE}/discovery.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = as_json(response)
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert data["changeset"] and data["contact"] and data["key_service"]


def test_discovery_xml(client, db):
    root = as_xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    endpoint = root.find("endpoints/endpoint")
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in endpoint.findall("formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_services_json(client, pothole, graffiti, retired):
    data = as_json(client.get(f"{BASE}/services.json"))
    by_code = {s["service_code"]: s for s in data}
    assert set(by_code) == {"pothole", "graffiti"}  # not the inactive one
    assert by_code["pothole"] == {
        "service_code": "pothole",
        "service_name": "Pothole",
        "description": "A hole in the road",
        "metadata": True,
        "type": "realtime",
        "keywords": "road, hole",
        "group": "Streets",
    }
    assert by_code["graffiti"]["metadata"] is False


def test_services_only_default_locale(client, pothole):
    spanish = Locale.objects.create(language_code="es")
    translated = pothole.copy_for_translation(spanish)
    translated.name = "Bache"
    translated.save()
    data = as_json(client.get(f"{BASE}/services.json"))
    assert [s["service_name"] for s in data] == ["Pothole"]


def test_services_xml(client, pothole, graffiti):
    root = as_xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    services_ = {s.findtext("service_code"): s for s in root.findall("service")}
    assert services_["pothole"].findtext("metadata") == "true"
    assert services_["graffiti"].findtext("metadata") == "false"
    assert services_["pothole"].findtext("type") == "realtime"


def test_service_definition_json(client, pothole):
    data = as_json(client.get(f"{BASE}/services/pothole.json"))
    assert data["service_code"] == "pothole"
    codes = [a["code"] for a in data["attributes"]]
    assert codes == ["size", "depth", "seen", "lanes"]
    size = data["attributes"][0]
    assert size == {
        "variable": True,
        "code": "size",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": None,
        "order": 1,
        "description": "How big is it?",
        "values": [{"key": "small", "name": "Small"}, {"key": "large", "name": "Large"}],
    }
    assert data["attributes"][1]["datatype_description"] == "A number"


def test_service_definition_xml(client, pothole):
    root = as_xml(client.get(f"{BASE}/services/pothole.xml"))
    assert root.tag == "service_definition"
    attribute = root.find("attributes/attribute")
    assert attribute.findtext("variable") == "true"
    assert attribute.findtext("required") == "true"
    assert [v.findtext("key") for v in attribute.findall("values/value")] == ["small", "large"]


def test_service_definition_unknown_or_inactive(client, retired):
    for code in ("nope", "retired"):
        response = client.get(f"{BASE}/services/{code}.json")
        assert response.status_code == 404
        assert as_json(response) == [{"code": 404, "description": "service_code not found"}]
    root = as_xml(client.get(f"{BASE}/services/nope.xml"))
    assert root.tag == "errors"
    assert root.findtext("error/code") == "404"


def test_unknown_format_is_404_json(client, pothole):
    for url in ("services.html", "discovery.csv", "services/pothole.yaml", "requests.txt"):
        response = client.get(f"{BASE}/{url}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert as_json(response)[0]["code"] == 404


def test_wrong_jurisdiction(client, pothole, api_key):
    response = client.get(f"{BASE}/services.json", {"jurisdiction_id": "elsewhere.gov"})
    assert response.status_code == 404
    assert as_json(response) == [{"code": 404, "description": "jurisdiction_id not found"}]
    ok = client.get(f"{BASE}/services.json", {"jurisdiction_id": "engage.localhost"})
    assert ok.status_code == 200
    response = client.post(
        f"{BASE}/requests.json", valid_post(api_key, jurisdiction_id="elsewhere.gov")
    )
    assert response.status_code == 404
    assert ServiceReport.objects.count() == 0


def test_method_not_allowed(client, db):
    response = client.post(f"{BASE}/services.json")
    assert response.status_code == 405
    assert as_json(response)[0]["code"] == 405


# --- Filing a request ----------------------------------------------------------------


def test_post_request_json(client, pothole, api_key):
    response = client.post(
        f"{BASE}/requests.json",
        valid_post(
            api_key,
            **{
                "attribute[depth]": "12.5",
                "attribute[seen]": "2026-11-23T11:05:00-05:00",
                "attribute[lanes][]": ["left", "right"],
                "email": "rosa@example.org",
                "first_name": "Rosa",
                "last_name": "Parks",
                "phone": "555-0100",
                "device_id": "phone-1",
                "account_id": "42",
                "media_url": "https://img.example.org/1.jpg",
                "description": "<b>Deep</b> one",
            },
        ),
    )
    assert response.status_code == 200, response.content
    data = as_json(response)
    saved = ServiceReport.objects.get()
    assert data == [
        {
            "service_request_id": saved.reference,
            "service_notice": "The city aims to resolve this within 7 days.",
            "account_id": None,
        }
    ]
    assert saved.channel == ServiceReport.Channel.OPEN311
    assert saved.category == pothole
    assert saved.department.name == "Streets"
    assert (saved.lat, saved.lng) == (39.95, -75.16)
    assert saved.description == "Deep one"
    assert saved.attributes == {
        "size": "large",
        "depth": 12.5,
        "seen": "2026-11-23T11:05:00-05:00",
        "lanes": ["left", "right"],
    }
    assert saved.contact_email == "rosa@example.org"
    assert saved.contact_name == "Rosa Parks"
    assert saved.contact_phone == "555-0100"
    assert saved.device_id == "phone-1"
    assert saved.media_url == "https://img.example.org/1.jpg"
    assert saved.neighborhood is None  # outside every neighborhood: accepted anyway
    assert saved.events.get().kind == ReportEvent.Kind.FILED
    assert Open311ApiKey.objects.get().last_used_at is not None


def test_post_request_xml_with_address(client, pothole, api_key):
    response = client.post(
        f"{BASE}/requests.xml",
        valid_post(api_key, lat=None, long=None, address_string="1 Main St & 2nd"),
    )
    assert response.status_code == 200, response.content
    root = as_xml(response)
    assert root.tag == "service_requests"
    reference = root.findtext("request/service_request_id")
    saved = ServiceReport.objects.get(reference=reference)
    assert saved.address == "1 Main St & 2nd"
    assert saved.lat is None


def test_post_request_with_address_id(client, pothole, api_key):
    response = client.post(
        f"{BASE}/requests.json", valid_post(api_key, lat=None, long=None, address_id="A-17")
    )
    assert response.status_code == 200
    assert ServiceReport.objects.get().address == "address_id A-17"


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        (None, "api_key required"),
        ("not-a-key", "api_key not valid"),
    ],
)
def test_post_request_needs_a_key(client, pothole, posted, message):
    response = client.post(f"{BASE}/requests.json", valid_post(posted))
    assert response.status_code == 403
    assert as_json(response) == [{"code": 403, "description": message}]
    assert ServiceReport.objects.count() == 0


def test_revoked_key_is_refused(client, pothole):
    key, plain = keys.create_key("Old client")
    keys.revoke(key)
    response = client.post(f"{BASE}/requests.xml", valid_post(plain))
    assert response.status_code == 403
    assert as_xml(response).findtext("error/description") == "api_key not valid"
    assert ServiceReport.objects.count() == 0


@pytest.mark.parametrize("code", ["nope", "retired", ""])
def test_unknown_or_inactive_service_is_400(client, pothole, retired, api_key, code):
    response = client.post(f"{BASE}/requests.json", valid_post(api_key, service_code=code))
    assert response.status_code == 400
    assert "service_code" in error_descriptions(response)[0]
    assert ServiceReport.objects.count() == 0


def test_location_required(client, pothole, api_key):
    response = client.post(f"{BASE}/requests.json", valid_post(api_key, lat=None, long=None))
    assert response.status_code == 400
    assert error_descriptions(response) == [
        "location required: lat and long, address_string or address_id"
    ]
    assert ServiceReport.objects.count() == 0


def test_coordinates_must_be_in_range(client, pothole, api_key):
    response = client.post(f"{BASE}/requests.json", valid_post(api_key, lat="91", long="abc"))
    assert response.status_code == 400
    assert error_descriptions(response) == [
        "lat must be between -90 and 90",
        "long must be a number",
    ]
    response = client.post(f"{BASE}/requests.json", valid_post(api_key, long=None))
    assert error_descriptions(response) == ["lat and long must be given together"]
    assert ServiceReport.objects.count() == 0


def test_all_errors_at_once(client, pothole, api_key):
    response = client.post(
        f"{BASE}/requests.json",
        valid_post(
            api_key,
            lat=None,
            long=None,
            description="x" * 4001,
            media_url="ftp://example.org/a.jpg",
            email="not-an-email",
            **{
                "attribute[size]": None,  # required
                "attribute[depth]": "deep",
                "attribute[seen]": "yesterday",
                "attribute[lanes][]": ["left", "middle"],
                "attribute[colour]": "red",
            },
        ),
    )
    assert response.status_code == 400
    errors = as_json(response)
    assert all(e["code"] == 400 for e in errors)
    text = "\n".join(e["description"] for e in errors)
    for expected in (
        "location required",
        "description may be at most 4000 characters",
        "media_url must be an http or https URL",
        "email is not a valid e-mail address",
        "attribute[size] is required",
        "attribute[depth] must be a number",
        "attribute[seen] must be an ISO 8601 date-time",
        "attribute[lanes] has unknown values (middle)",
        "attribute[colour] is not a question of this service",
    ):
        assert expected in text
    assert len(errors) == 9
    assert ServiceReport.objects.count() == 0
    assert ReportEvent.objects.count() == 0


def test_all_errors_at_once_xml(client, pothole, api_key):
    response = client.post(
        f"{BASE}/requests.xml",
        valid_post(api_key, **{"attribute[size]": "huge", "attribute[depth]": "x"}),
    )
    assert response.status_code == 400
    root = as_xml(response)
    assert root.tag == "errors"
    assert len(root.findall("error")) == 2
    assert {e.findtext("code") for e in root.findall("error")} == {"400"}


def test_description_too_long_after_stripping_tags(client, pothole, api_key):
    ok = client.post(
        f"{BASE}/requests.json", valid_post(api_key, description="<p>" + "y" * 4000 + "</p>")
    )
    assert ok.status_code == 200
    too_long = client.post(f"{BASE}/requests.json", valid_post(api_key, description="y" * 4001))
    assert too_long.status_code == 400
    assert error_descriptions(too_long) == ["description may be at most 4000 characters, not 4001"]
    assert ServiceReport.objects.count() == 1


def test_single_value_list_rejects_unknown_key(client, pothole, api_key):
    response = client.post(f"{BASE}/requests.json", valid_post(api_key, **{"attribute[size]": "x"}))
    assert error_descriptions(response) == ["attribute[size] must be one of: large, small"]


@override_settings(OPEN311_RATE_LIMIT="2/m")
def test_rate_limit_per_key(client, pothole, api_key, monkeypatch):
    # One fixed moment, so the test never straddles the start of a new minute's window.
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))
    other = keys.create_key("Other client")[1]
    for _ in range(2):
        assert client.post(f"{BASE}/requests.json", valid_post(api_key)).status_code == 200
    response = client.post(f"{BASE}/requests.json", valid_post(api_key))
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert as_json(response)[0]["code"] == 429
    assert ServiceReport.objects.count() == 2
    # Another key has its own budget.
    assert client.post(f"{BASE}/requests.json", valid_post(other)).status_code == 200


# --- Reading requests ----------------------------------------------------------------


def test_get_requests_json(client, pothole, graffiti):
    filed = report(
        pothole,
        contact_email="secret@example.org",
        contact_name="Secret Person",
        contact_phone="555-0199",
        media_url="https://img.example.org/2.jpg",
    )
    data = as_json(client.get(f"{BASE}/requests.json"))
    assert len(data) == 1
    item = data[0]
    assert item["service_request_id"] == filed.reference
    assert item["status"] == "open"
    assert item["status_notes"] == "Submitted."
    assert item["service_code"] == "pothole"
    assert item["service_name"] == "Pothole"
    assert item["agency_responsible"] == "Streets"
    assert item["service_notice"] == "The city aims to resolve this within 7 days."
    assert item["address"] == "1 Main St"
    assert item["address_id"] == "" and item["zipcode"] == ""
    assert (item["lat"], item["long"]) == (39.95, -75.16)
    assert item["media_url"] == "https://img.example.org/2.jpg"
    for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert OFFSET_RE.match(item[field]), item[field]
    body = json.dumps(data)
    assert "secret@example.org" not in body
    assert "Secret Person" not in body
    assert "555-0199" not in body


def test_get_requests_xml(client, pothole):
    filed = report(pothole)
    root = as_xml(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request.findtext("service_request_id") == filed.reference
    assert request.findtext("status") == "open"
    assert request.findtext("lat") == "39.95"
    assert request.findtext("zipcode") == ""
    assert OFFSET_RE.match(request.findtext("requested_datetime"))


def test_dates_have_the_site_offset_and_expected_from_target_days(client, pothole):
    submitted = datetime(2026, 11, 23, 11, 5, tzinfo=NY)
    filed = report(pothole, submitted_at=submitted)
    data = as_json(client.get(f"{BASE}/requests/{filed.reference}.json"))
    assert data[0]["requested_datetime"] == "2026-11-23T11:05:00-05:00"
    assert data[0]["expected_datetime"] == "2026-11-30T11:05:00-05:00"
    # Across the change to daylight saving time, the wall-clock time stays.
    spring = report(pothole, submitted_at=datetime(2026, 3, 5, 9, 0, tzinfo=NY))
    data = as_json(client.get(f"{BASE}/requests/{spring.reference}.json"))
    assert data[0]["requested_datetime"] == "2026-03-05T09:00:00-05:00"
    assert data[0]["expected_datetime"] == "2026-03-12T09:00:00-04:00"


def test_expected_datetime_empty_without_target(client, graffiti):
    filed = report(graffiti)
    data = as_json(client.get(f"{BASE}/requests/{filed.reference}.json"))
    assert data[0]["expected_datetime"] is None
    assert data[0]["agency_responsible"] == ""
    root = as_xml(client.get(f"{BASE}/requests/{filed.reference}.xml"))
    assert root.findtext("request/expected_datetime") == ""


@pytest.mark.parametrize(
    ("status", "resolution", "expected", "notes"),
    [
        (Status.SUBMITTED, "", "open", "Submitted."),
        (Status.ACKNOWLEDGED, "", "open", "Acknowledged. Seen it."),
        (Status.IN_PROGRESS, "", "open", "In progress. Seen it."),
        (Status.RESOLVED, "", "closed", "Resolved: Fixed. Seen it."),
        (Status.CLOSED, "not_city", "closed", "Closed without action: "),
        (Status.DUPLICATE, "", "closed", "Duplicate: Duplicate of another report. Seen it."),
    ],
)
def test_status_mapping(client, pothole, status, resolution, expected, notes):
    filed = report(pothole)
    if status != Status.SUBMITTED:
        services.change_status(filed, status, public_note="Seen it.", resolution=resolution)
    data = as_json(client.get(f"{BASE}/requests/{filed.reference}.json"))
    assert data[0]["status"] == expected
    assert data[0]["status_notes"].startswith(notes)


def test_status_notes_use_last_public_note_only(client, pothole):
    filed = report(pothole)
    services.change_status(filed, Status.IN_PROGRESS, public_note="Crew scheduled.")
    services.change_status(
        filed, Status.RESOLVED, public_note="Patched.", internal_note="Cost $300"
    )
    ReportEvent.objects.create(
        report=filed, kind=ReportEvent.Kind.NOTE, public_note="Secret", is_public=False
    )
    data = as_json(client.get(f"{BASE}/requests/{filed.reference}.json"))
    assert data[0]["status_notes"] == "Resolved: Fixed. Patched."
    assert "Cost" not in json.dumps(data)


def test_duplicates_only_when_asked_by_id(client, pothole):
    kept = report(pothole)
    merged = report(pothole)
    services.merge(merged, kept)
    listed = [r["service_request_id"] for r in as_json(client.get(f"{BASE}/requests.json"))]
    assert listed == [kept.reference]
    by_id = as_json(client.get(f"{BASE}/requests.json", {"service_request_id": merged.reference}))
    assert by_id[0]["status"] == "closed"


def test_request_detail_unknown_is_404(client, db):
    response = client.get(f"{BASE}/requests/NOPE2345.json")
    assert response.status_code == 404
    assert as_json(response) == [{"code": 404, "description": "service_request_id not found"}]
    assert as_xml(client.get(f"{BASE}/requests/NOPE2345.xml")).tag == "errors"


def test_request_detail_xml(client, pothole):
    filed = report(pothole)
    root = as_xml(client.get(f"{BASE}/requests/{filed.reference.lower()}.xml"))
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [filed.reference]


def test_filters(client, pothole, graffiti):
    now = timezone.now()
    old = report(pothole, submitted_at=now - timedelta(days=100))
    recent_pothole = report(pothole, submitted_at=now - timedelta(days=2))
    recent_graffiti = report(graffiti, submitted_at=now - timedelta(days=1))
    closed = report(pothole, submitted_at=now - timedelta(hours=5))
    services.change_status(closed, Status.RESOLVED)

    def ids(**params):
        response = client.get(f"{BASE}/requests.json", params)
        assert response.status_code == 200, response.content
        return [r["service_request_id"] for r in as_json(response)]

    # Default: the last 90 days, newest first.
    assert ids() == [closed.reference, recent_graffiti.reference, recent_pothole.reference]
    assert ids(service_code="graffiti") == [recent_graffiti.reference]
    assert ids(service_code="graffiti,pothole", status="open") == [
        recent_graffiti.reference,
        recent_pothole.reference,
    ]
    assert ids(status="closed") == [closed.reference]
    assert len(ids(status="open,closed")) == 3
    start = (now - timedelta(days=120)).isoformat()
    end = (now - timedelta(days=95)).isoformat()
    assert ids(start_date=start, end_date=end) == [old.reference]
    assert ids(end_date=end) == [old.reference]
    # service_request_id overrides every other filter.
    assert ids(
        service_request_id=f"{old.reference},{recent_graffiti.reference}",
        service_code="nope",
        status="closed",
        start_date="garbage",
    ) == [recent_graffiti.reference, old.reference]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start_date": "yesterday"}, "start_date is not an ISO 8601 date-time"),
        ({"end_date": "2026-13-45"}, "end_date is not an ISO 8601 date-time"),
        (
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
            "start_date and end_date may be at most 90 days apart",
        ),
        (
            {"start_date": "2026-06-01", "end_date": "2026-01-01"},
            "end_date is before start_date",
        ),
        ({"status": "pending"}, "status must be open or closed, not pending"),
    ],
)
def test_bad_filters_are_400(client, db, params, message):
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 400
    assert error_descriptions(response)[0].startswith(message)


def test_results_are_capped(client, graffiti, monkeypatch):
    monkeypatch.setattr("engage.reports.open311.views.MAX_RESULTS", 3)
    for _ in range(5):
        report(graffiti)
    assert len(as_json(client.get(f"{BASE}/requests.json"))) == 3


def test_query_count_does_not_grow(
    client, pothole, graffiti, streets, django_assert_max_num_queries
):
    report(pothole)
    with django_assert_max_num_queries(5) as few:
        client.get(f"{BASE}/requests.json")
    for i in range(20):
        filed = report(pothole if i % 2 else graffiti)
        services.change_status(filed, Status.IN_PROGRESS, public_note=f"Note {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"{BASE}/requests.xml")
    assert len(as_xml(response).findall("request")) == 21


# --- Service request updates (extension) ---------------------------------------------


def test_updates_get(client, pothole):
    filed = report(pothole)
    services.change_status(filed, Status.IN_PROGRESS, public_note="On our way")
    services.change_status(filed, Status.RESOLVED, public_note="Done")
    ReportEvent.objects.create(
        report=filed, kind=ReportEvent.Kind.NOTE, internal_note="x", is_public=False
    )
    data = as_json(client.get(f"{BASE}/servicerequestupdates.json"))
    assert [(u["status"], u["description"]) for u in data] == [
        ("open", "On our way"),
        ("closed", "Done"),
    ]
    assert set(data[0]) == {
        "update_id",
        "service_request_id",
        "status",
        "updated_datetime",
        "description",
        "media_url",
    }
    assert data[0]["service_request_id"] == filed.reference
    assert isinstance(data[0]["update_id"], str)
    assert OFFSET_RE.match(data[0]["updated_datetime"])
    root = as_xml(client.get(f"{BASE}/servicerequestupdates.xml"))
    assert root.tag == "service_request_updates"
    assert [u.findtext("description") for u in root.findall("request_update")] == [
        "On our way",
        "Done",
    ]
    # The window applies.
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert as_json(client.get(f"{BASE}/servicerequestupdates.json", {"start_date": future})) == []
    response = client.get(f"{BASE}/servicerequestupdates.json", {"start_date": "nope"})
    assert response.status_code == 400


def test_updates_post(client, pothole, api_key):
    filed = report(pothole)
    response = client.post(
        f"{BASE}/servicerequestupdates.json",
        {
            "api_key": api_key,
            "service_request_id": filed.reference,
            "status": "closed",
            "description": "<i>Filled</i> the hole",
            "updated_datetime": "2026-11-23T11:05:00-05:00",
        },
    )
    assert response.status_code == 200, response.content
    data = as_json(response)
    filed.refresh_from_db()
    assert filed.status == Status.RESOLVED
    event = filed.events.latest("pk")
    assert event.public_note == "Filled the hole"
    assert "Test client" in event.internal_note
    assert data == [
        {
            "update_id": str(event.pk),
            "service_request_id": filed.reference,
            "status": "closed",
            "updated_datetime": data[0]["updated_datetime"],
            "description": "Filled the hole",
            "media_url": "",
        }
    ]
    # It shows up in the request.
    item = as_json(client.get(f"{BASE}/requests/{filed.reference}.json"))[0]
    assert item["status_notes"] == "Resolved: Fixed. Filled the hole"


def test_updates_post_detailed_status_and_xml(client, pothole, api_key):
    filed = report(pothole)
    response = client.post(
        f"{BASE}/servicerequestupdates.xml",
        {"api_key": api_key, "service_request_id": filed.reference, "status": "IN_PROGRESS"},
    )
    assert response.status_code == 200
    assert as_xml(response).findtext("request_update/status") == "open"
    filed.refresh_from_db()
    assert filed.status == Status.IN_PROGRESS
    response = client.post(
        f"{BASE}/servicerequestupdates.json",
        {
            "api_key": api_key,
            "service_request_id": filed.reference,
            "status": "closed",
            "resolution": "not_city",
        },
    )
    filed.refresh_from_db()
    assert (filed.status, filed.resolution) == (Status.CLOSED, "not_city")
    client.post(
        f"{BASE}/servicerequestupdates.json",
        {"api_key": api_key, "service_request_id": filed.reference, "status": "open"},
    )
    filed.refresh_from_db()
    assert filed.status == Status.SUBMITTED


def test_updates_post_errors(client, pothole, api_key):
    filed = report(pothole)
    url = f"{BASE}/servicerequestupdates.json"
    assert client.post(url, {"service_request_id": filed.reference}).status_code == 403
    response = client.post(url, {"api_key": api_key, "service_request_id": "NOPE2345"})
    assert response.status_code == 404
    response = client.post(
        url,
        {
            "api_key": api_key,
            "service_request_id": filed.reference,
            "status": "fixed-ish",
            "description": "z" * 4001,
            "updated_datetime": "soon",
        },
    )
    assert response.status_code == 400
    assert len(as_json(response)) == 3
    filed.refresh_from_db()
    assert filed.status == Status.SUBMITTED
    assert filed.events.count() == 1


# --- Keys ----------------------------------------------------------------------------


def test_keys_store_only_a_hash(db):
    key, plain = keys.create_key("Client")
    assert plain.startswith(key.prefix)
    assert plain not in key.key_hash
    assert keys.authenticate(plain) == key
    assert keys.authenticate(plain + "x") is None
    assert keys.authenticate("") is None
    keys.revoke(key)
    assert keys.authenticate(plain) is None


def test_management_command_prints_a_working_key(client, pothole):
    out = StringIO()
    call_command("open311_key", "create", "Command client", stdout=out, stderr=StringIO())
    plain = out.getvalue().strip()
    response = client.post(f"{BASE}/requests.json", valid_post(plain))
    assert response.status_code == 200

    listing = StringIO()
    call_command("open311_key", "list", stdout=listing)
    assert "Command client" in listing.getvalue()
    assert plain not in listing.getvalue()
    assert "active" in listing.getvalue()

    call_command("open311_key", "revoke", plain[:8], stdout=StringIO())
    assert client.post(f"{BASE}/requests.json", valid_post(plain)).status_code == 403
    listing = StringIO()
    call_command("open311_key", "list", stdout=listing)
    assert "revoked" in listing.getvalue()


def test_xml_escapes_text(client, graffiti):
    filed = report(graffiti, description='Tags "<script>" & stuff\x0b here', address="A & B <C>")
    root = as_xml(client.get(f"{BASE}/requests/{filed.reference}.xml"))
    assert root.findtext("request/description") == 'Tags "<script>" & stuff here'
    assert root.findtext("request/address") == "A & B <C>"
    data = as_json(client.get(f"{BASE}/requests/{filed.reference}.json"))
    assert data[0]["description"] == 'Tags "<script>" & stuff\x0b here'


def test_repeated_attribute_without_brackets_counts_as_a_list(client, pothole, api_key):
    response = client.post(
        f"{BASE}/requests.json", valid_post(api_key, **{"attribute[lanes]": ["left", "right"]})
    )
    assert response.status_code == 200
    assert ServiceReport.objects.get().attributes["lanes"] == ["left", "right"]
    response = client.post(
        f"{BASE}/requests.json", valid_post(api_key, **{"attribute[size]": ["small", "large"]})
    )
    assert error_descriptions(response) == ["attribute[size] takes one value, not 2"]


def test_merged_duplicate_cannot_be_updated(client, pothole, api_key):
    kept, merged = report(pothole), report(pothole)
    services.merge(merged, kept)
    response = client.post(
        f"{BASE}/servicerequestupdates.json",
        {"api_key": api_key, "service_request_id": merged.reference, "status": "open"},
    )
    assert response.status_code == 400
    assert "merged" in error_descriptions(response)[0]
    merged.refresh_from_db()
    assert merged.status == Status.DUPLICATE


@override_settings(OPEN311_RATE_LIMIT="1/h")
def test_updates_post_is_rate_limited_too(client, pothole, api_key, monkeypatch):
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))
    filed = report(pothole)
    url = f"{BASE}/servicerequestupdates.json"
    data = {"api_key": api_key, "service_request_id": filed.reference, "status": "open"}
    assert client.post(url, data).status_code == 200
    assert client.post(url, data).status_code == 429


def test_keys_never_start_with_a_dash(monkeypatch, db):
    # The first token drawn would start with "-"; the key must be drawn again.
    tokens = iter(["-dash-first-" + "a" * 28, "plainkey" + "b" * 32])
    monkeypatch.setattr(keys.secrets, "token_urlsafe", lambda n: next(tokens))

    _key, plain = keys.create_key("Script")

    assert plain.startswith("plainkey")
    call_command("open311_key", "revoke", plain[:8], stdout=StringIO())


# --- Input that cannot be used (see docs/open311.md, "Refused input") ----------------


@pytest.mark.parametrize(
    "field",
    [
        "description",
        "address_string",
        "first_name",
        "last_name",
        "phone",
        "email",
        "device_id",
        "media_url",
        "service_code",
        "lat",
        "attribute[size]",
        "attribute[depth]",
        "attribute[width]",  # not even a question of the service
    ],
)
def test_a_nul_in_any_field_is_a_400_naming_it(client, pothole, api_key, field):
    response = client.post(f"{BASE}/requests.json", valid_post(api_key, **{field: "a\x00b"}))

    assert response.status_code == 400
    assert error_descriptions(response) == [
        f"{field} may not contain control characters (such as NUL)"
    ]
    assert ServiceReport.objects.count() == 0


def test_control_characters_in_several_fields_are_all_named_in_xml(client, pothole, api_key):
    data = valid_post(api_key, description="\x1b[31mred", phone="555\x07", **{"x\x00": "1"})

    response = client.post(f"{BASE}/requests.xml", data)

    assert response.status_code == 400
    described = [e.findtext("description") for e in as_xml(response).findall("error")]
    assert described == [
        "description may not contain control characters (such as NUL)",
        "phone may not contain control characters (such as NUL)",
        "x\\x00 may not contain control characters (such as NUL)",
    ]


@pytest.mark.parametrize(
    "url",
    [
        f"{BASE}/requests.json?service_request_id=AB%00CD",
        f"{BASE}/requests/AB%00CD.json",
        f"{BASE}/services/a%00b.json",
        f"{BASE}/servicerequestupdates.json?service_request_id=AB%00CD",
        f"{BASE}/requests.json?service_code=pothole&jurisdiction_id=x%00",
    ],
)
def test_a_nul_in_a_lookup_is_a_400_error_list(client, pothole, url):
    response = client.get(url)

    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    [message] = error_descriptions(response)
    assert "may not contain control characters" in message


def test_a_nul_in_an_update_is_a_400(client, pothole, api_key):
    filed = report(pothole)
    url = f"{BASE}/servicerequestupdates.json"
    base = {"api_key": api_key, "service_request_id": filed.reference, "status": "closed"}

    in_note = client.post(url, {**base, "description": "Fixed\x00"})
    in_id = client.post(url, {**base, "service_request_id": "AB\x00"})

    assert in_note.status_code == in_id.status_code == 400
    assert error_descriptions(in_id) == [
        "service_request_id may not contain control characters (such as NUL)"
    ]
    filed.refresh_from_db()
    assert filed.status == Status.SUBMITTED


@pytest.mark.parametrize("endpoint", ["requests", "servicerequestupdates"])
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start_date": "9999-12-31"}, "start_date must be between 0002-01-01 and 9998-12-31"),
        ({"end_date": "0001-01-01"}, "end_date must be between 0002-01-01 and 9998-12-31"),
        ({"start_date": "0001-01-01T00:00:00+23:59"}, "start_date must be between"),
        ({"end_date": "9999-12-31T23:59:59-23:59"}, "end_date must be between"),
        ({"start_date": "2026-01-01T00:00:00+24:00"}, "start_date is not an ISO 8601"),
    ],
)
def test_dates_the_database_cannot_hold_are_400(client, db, endpoint, params, message):
    response = client.get(f"{BASE}/{endpoint}.json", params)

    assert response.status_code == 400
    assert error_descriptions(response)[0].startswith(message)


@pytest.mark.parametrize("endpoint", ["requests", "servicerequestupdates"])
def test_offsets_postgresql_cannot_hold_are_accepted(client, pothole, endpoint):
    # Python takes offsets up to ±23:59, PostgreSQL only ±15:59.
    response = client.get(
        f"{BASE}/{endpoint}.json",
        {"start_date": "2026-05-01T00:00:00+23:59", "end_date": "2026-05-02T00:00:00-20:00"},
    )

    assert response.status_code == 200


def test_the_earliest_and_latest_dates_are_accepted(client, pothole):
    far = client.get(f"{BASE}/requests.json", {"end_date": "0002-03-01"})
    late = client.get(f"{BASE}/requests.json", {"start_date": "9998-10-01"})

    assert (far.status_code, late.status_code) == (200, 200)
    assert as_json(far) == as_json(late) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e5000", "attribute[depth] must be a number between -10^15 and 10^15"),
        ("-" + "9" * 4400, "attribute[depth] must be a number between -10^15 and 10^15"),
        ("nan", "attribute[depth] must be a number, not 'nan'"),
        ("Infinity", "attribute[depth] must be a number, not 'Infinity'"),
    ],
)
def test_numbers_that_cannot_be_written_back_are_400(client, pothole, api_key, value, message):
    response = client.post(
        f"{BASE}/requests.json", valid_post(api_key, **{"attribute[depth]": value})
    )

    assert response.status_code == 400
    assert error_descriptions(response) == [message]


def test_an_attribute_date_out_of_range_is_400(client, pothole, api_key):
    response = client.post(
        f"{BASE}/requests.json", valid_post(api_key, **{"attribute[seen]": "9999-12-31"})
    )

    assert error_descriptions(response) == [
        "attribute[seen] must be between 0002-01-01 and 9998-12-31"
    ]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_body_too_large_to_read_gets_the_error_list(client, pothole, api_key, fmt):
    data = valid_post(api_key, description="x" * 10_000_000)

    response = client.post(f"{BASE}/requests.{fmt}", data)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json" if fmt == "json" else "text/xml")
    assert b"the request is too large" in response.content
    assert ServiceReport.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.org/a.jpg",
        "//example.org/a.jpg",
        "/photos/a.jpg",
        "https://",
        'https://example.org/a.jpg"onerror="alert(1)',
        "https://example.org/<script>alert(1)</script>",
        "https://example.org/a'b.jpg",
        "https://example.org/a b.jpg",
        "https://example.org/a\\b.jpg",
        "https://example.org/a`b`.jpg",
        "https://example.org/ñ.jpg",
        "https://example.org/%zz.jpg",
        "https://example.org/" + "a" * 500,
    ],
)
def test_a_media_url_that_is_not_a_plain_http_url_is_refused(client, pothole, api_key, url):
    response = client.post(f"{BASE}/requests.json", valid_post(api_key, media_url=url))

    assert response.status_code == 400
    [message] = error_descriptions(response)
    assert message.startswith("media_url ")
    assert ServiceReport.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/photos/1.jpg",
        "http://example.org/a%20b.jpg?size=large&v=2#top",
        "https://cdn.example.org:8443/p/(1)/x,y;z=1.png",
    ],
)
def test_a_plain_http_media_url_is_kept(client, pothole, api_key, url):
    response = client.post(f"{BASE}/requests.json", valid_post(api_key, media_url=url))

    assert response.status_code == 200
    assert ServiceReport.objects.get().media_url == url


def test_a_media_url_in_an_update_is_checked_the_same_way(client, pothole, api_key):
    filed = report(pothole)

    response = client.post(
        f"{BASE}/servicerequestupdates.json",
        {
            "api_key": api_key,
            "service_request_id": filed.reference,
            "status": "open",
            "media_url": "https://example.org/<b>",
        },
    )

    assert response.status_code == 400
    assert error_descriptions(response)[0].startswith("media_url may hold only")
