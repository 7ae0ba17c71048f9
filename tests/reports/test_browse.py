"""The public list, the map page and the GeoJSON feed."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engage.reports import listing, services
from engage.reports.listing import MAX_BOX_DEGREES, MAX_FEATURES
from engage.reports.models import ServiceReport
from tests.factories import NeighborhoodFactory, square

pytestmark = pytest.mark.django_db

LIST_URL = "/en/reports/"
MAP_URL = "/en/reports/map/"
GEOJSON_URL = "/en/reports/reports.geojson"
# Inside the default box around MAP_CENTER (39.9526, -75.1652).
LAT, LNG = 39.95, -75.16


@pytest.fixture
def center(db):
    # A square around (LAT, LNG).
    return NeighborhoodFactory(
        name="Center", slug="center", boundary=square(LNG - 0.01, LAT - 0.01, 0.02)
    )


@pytest.fixture
def north(db):
    return NeighborhoodFactory(
        name="North", slug="north", boundary=square(LNG - 0.01, LAT + 0.05, 0.02)
    )


def file(category, *, lat=LAT, lng=LNG, days_ago=0, **fields):
    return services.file_report(
        category=category,
        lat=lat,
        lng=lng,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def references(response):
    return set(re.findall(r"Report ([2-9A-Z]{8})", response.content.decode()))


# The list -------------------------------------------------------------------------------


def test_list_shows_public_reports_with_their_details(client, graffiti, center):
    report = file(graffiti)
    ServiceReport.objects.filter(pk=report.pk).update(supporter_count=3)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("reports:detail", args=[report.reference]) in html
    assert "Graffiti removal" in html
    assert "Center" in html
    assert "Submitted" in html
    assert "<dd>3</dd>" in html


def test_list_shows_the_category_in_the_active_language(client, graffiti, center):
    file(graffiti)

    html = client.get("/es/reports/").content.decode()

    assert "Eliminación de grafiti" in html


def test_list_hides_duplicates(client, graffiti, center):
    kept = file(graffiti)
    duplicate = file(graffiti)
    services.merge(duplicate, kept)

    found = references(client.get(LIST_URL))

    assert kept.reference in found
    assert duplicate.reference not in found


def test_list_filters_by_category_status_and_neighborhood(client, graffiti, pothole, center, north):
    graffiti_center = file(graffiti)
    pothole_center = file(pothole)
    graffiti_north = file(graffiti, lat=LAT + 0.06)
    resolved = services.change_status(file(graffiti), ServiceReport.Status.RESOLVED)

    assert references(client.get(LIST_URL, {"category": "graffiti"})) == {
        graffiti_center.reference,
        graffiti_north.reference,
        resolved.reference,
    }
    assert references(client.get(LIST_URL, {"status": "resolved"})) == {resolved.reference}
    assert references(client.get(LIST_URL, {"status": "open"})) == {
        graffiti_center.reference,
        pothole_center.reference,
        graffiti_north.reference,
    }
    assert references(client.get(LIST_URL, {"neighborhood": "north"})) == {graffiti_north.reference}
    assert references(
        client.get(LIST_URL, {"category": "graffiti", "neighborhood": "center", "status": "open"})
    ) == {graffiti_center.reference}


def test_invalid_filters_are_ignored_with_a_message(client, graffiti, center):
    report = file(graffiti)

    response = client.get(
        LIST_URL, {"category": "nope", "status": "<script>", "neighborhood": "atlantis"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "not recognised and have been ignored" in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in html.split("</header>", 1)[1].split("<script", 1)[0]
    assert report.reference in references(response)


def test_an_invalid_filter_keeps_the_valid_ones(client, graffiti, pothole, center):
    kept = file(graffiti)
    file(pothole)

    response = client.get(LIST_URL, {"category": "graffiti", "status": "bogus"})

    assert references(response) == {kept.reference}
    assert "not recognised" in response.content.decode()


def test_list_is_paginated_and_pages_keep_the_filters(client, graffiti, pothole, center):
    for days in range(30):
        file(graffiti, days_ago=days)
    file(pothole)

    first = client.get(LIST_URL, {"category": "graffiti"})
    second = client.get(LIST_URL, {"category": "graffiti", "page": 2})
    beyond = client.get(LIST_URL, {"category": "graffiti", "page": "99"})
    garbage = client.get(LIST_URL, {"page": "abc"})

    assert len(references(first)) == 25
    assert len(references(second)) == 5
    assert not references(first) & references(second)
    assert "?category=graffiti&amp;page=2" in first.content.decode()
    assert "?category=graffiti&amp;page=1" in second.content.decode()
    assert beyond.status_code == 200 and len(references(beyond)) == 5
    assert garbage.status_code == 200


def test_list_never_shows_contact_details(client, graffiti, center, resident):
    file(
        graffiti,
        filed_by=resident,
        contact_name="Secret Person",
        contact_email="secret@example.net",
        contact_phone="215-555-0199",
        description="Private description with my phone",
        device_id="device-xyz",
    )

    html = client.get(LIST_URL).content.decode()

    for secret in (
        "Secret Person",
        "secret@example.net",
        "215-555-0199",
        "device-xyz",
        resident.email,
        "Private description",
    ):
        assert secret not in html


def _seed(categories, neighborhoods, count):
    for number in range(count):
        neighborhood = neighborhoods[number % len(neighborhoods)]
        file(
            categories[number % len(categories)],
            lat=(neighborhood.min_lat + neighborhood.max_lat) / 2,
            lng=(neighborhood.min_lng + neighborhood.max_lng) / 2,
            days_ago=number,
        )


def _max_queries(client, url, params=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", [LIST_URL, "/es/reports/", MAP_URL, GEOJSON_URL])
def test_query_count_does_not_grow_with_the_reports(
    client, graffiti, pothole, center, north, url, django_assert_max_num_queries
):
    _seed([graffiti, pothole], [center, north], 5)
    client.get(url)  # Warm caches (site, locales) so both runs compare like with like.
    few = _max_queries(client, url)

    _seed([graffiti, pothole], [center, north], 25)  # 30 in all
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200


# GeoJSON --------------------------------------------------------------------------------


def bbox(west, south, east, north):
    return {"bbox": f"{west},{south},{east},{north}"}


def test_geojson_returns_the_public_reports_in_the_box(client, graffiti, center, resident):
    inside = file(
        graffiti, filed_by=resident, contact_email="secret@example.net", contact_name="Secret"
    )
    file(graffiti, lat=LAT + 0.2)  # Outside the box.
    merged = file(graffiti)
    services.merge(merged, inside)

    response = client.get(GEOJSON_URL, bbox(LNG - 0.05, LAT - 0.05, LNG + 0.05, LAT + 0.05))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["truncated"] is False
    assert data["clamped"] is False
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [LNG, LAT]}
    properties = feature["properties"]
    assert properties["reference"] == inside.reference
    assert properties["category"] == "Graffiti removal"
    assert properties["status"] == "submitted"
    assert properties["url"] == f"/en/reports/{inside.reference}/"
    assert (
        properties["submitted"] == ServiceReport.objects.get(pk=inside.pk).submitted_at.isoformat()
    )
    body = response.content.decode()
    for secret in ("secret@example.net", "Secret", resident.email, "filed_by", "contact"):
        assert secret not in body


def test_geojson_in_spanish(client, graffiti, center):
    report = file(graffiti)

    data = client.get("/es/reports/reports.geojson").json()

    (feature,) = data["features"]
    assert feature["properties"]["category"] == "Eliminación de grafiti"
    assert feature["properties"]["url"] == f"/es/reports/{report.reference}/"


def test_geojson_defaults_to_the_city_box(client, graffiti, center):
    file(graffiti)
    file(graffiti, lat=LAT + 1)  # Far away.

    data = client.get(GEOJSON_URL).json()

    assert len(data["features"]) == 1


def test_geojson_filters_by_category_and_status(client, graffiti, pothole, center):
    g = file(graffiti)
    p = file(pothole)
    closed = services.change_status(file(pothole), ServiceReport.Status.CLOSED)

    def refs(params):
        data = client.get(GEOJSON_URL, params).json()
        return {f["properties"]["reference"] for f in data["features"]}

    assert refs({"category": "graffiti"}) == {g.reference}
    assert refs({"category": "pothole", "status": "open"}) == {p.reference}
    assert refs({"status": "closed"}) == {closed.reference}


@pytest.mark.parametrize(
    "value",
    [
        "1,2,3",
        "a,b,c,d",
        "-75.2,39.9,-75.1",
        "-75.1,39.9,-75.2,40.0",  # west > east
        "-75.2,40.0,-75.1,39.9",  # south > north
        "-75.2,39.9,-75.1,95",
        "nan,39.9,-75.1,40",
        "inf,39.9,-75.1,40",
    ],
)
def test_invalid_bbox_is_a_400_with_a_message(client, value):
    response = client.get(GEOJSON_URL, {"bbox": value})

    assert response.status_code == 400
    assert response.json()["error"]


def test_unknown_filter_in_geojson_is_a_400(client, graffiti):
    response = client.get(GEOJSON_URL, {"category": "nope"})

    assert response.status_code == 400
    assert "nope" in response.json()["error"]


def test_a_box_too_large_is_clamped_around_its_centre(client, graffiti, center):
    near = file(graffiti)
    file(graffiti, lat=LAT + 0.4)  # In the requested box, outside the clamped one.

    data = client.get(GEOJSON_URL, bbox(LNG - 2, LAT - 2, LNG + 2, LAT + 2)).json()

    assert data["clamped"] is True
    west, south, east, north = data["bbox"]
    assert east - west == pytest.approx(MAX_BOX_DEGREES)
    assert north - south == pytest.approx(MAX_BOX_DEGREES)
    assert [f["properties"]["reference"] for f in data["features"]] == [near.reference]


def test_geojson_is_truncated_to_the_newest(client, graffiti, center, monkeypatch):
    monkeypatch.setattr("engage.reports.listing.MAX_FEATURES", 3)
    reports = [file(graffiti, days_ago=days) for days in range(5)]

    data = client.get(GEOJSON_URL).json()

    assert data["truncated"] is True
    assert [f["properties"]["reference"] for f in data["features"]] == [
        r.reference for r in reports[:3]
    ]

    monkeypatch.setattr("engage.reports.listing.MAX_FEATURES", 5)
    assert client.get(GEOJSON_URL).json()["truncated"] is False


def test_geojson_limit_is_500():
    assert MAX_FEATURES == 500


# The map page ---------------------------------------------------------------------------


def _external_urls(html):
    return re.findall(r"(?:https?:)?//[^\s\"'<>)]+", html)


def test_map_page_without_tiles_loads_nothing_from_elsewhere(client, graffiti, center, settings):
    settings.MAP_TILE_URL = ""
    settings.MAP_TILE_ATTRIBUTION = ""
    report = file(graffiti)

    response = client.get(MAP_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet/leaflet.css" in html
    assert "/static/js/report-map.js" in html
    assert _external_urls(html) == []
    assert 'id="report-map"' in html and "aria-label=" in html
    # The reports in the default box are listed as HTML, for everyone.
    assert report.reference in references(response)
    config = json.loads(
        re.search(r'id="report-map-config"[^>]*>(.*?)</script>', html, re.S).group(1)
    )
    assert config["tileUrl"] == ""
    assert config["geojsonUrl"] == GEOJSON_URL
    neighborhoods = json.loads(
        re.search(r'id="report-map-neighborhoods"[^>]*>(.*?)</script>', html, re.S).group(1)
    )
    assert neighborhoods["features"][0]["properties"]["slug"] == "center"
    assert neighborhoods["features"][0]["geometry"]["type"] == "Polygon"


def test_map_page_with_tiles_passes_the_tile_url_and_attribution(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example map contributors"

    html = client.get(MAP_URL).content.decode()

    assert "https://tiles.example.org/{z}/{x}/{y}.png" in html
    assert "© Example map contributors" in html or "\\u00a9 Example map contributors" in html


def test_map_page_lists_at_most_50_reports(client, graffiti, center):
    for days in range(55):
        file(graffiti, days_ago=days % 50)

    response = client.get(MAP_URL)

    assert len(references(response)) == 50
    assert "Only the 50 newest are listed." in response.content.decode()


def test_map_page_filters_and_ignores_invalid_ones(client, graffiti, pothole, center):
    g = file(graffiti)
    file(pothole)

    assert references(client.get(MAP_URL, {"category": "graffiti"})) == {g.reference}
    response = client.get(MAP_URL, {"category": "bogus"})
    assert response.status_code == 200
    assert len(references(response)) == 2
    assert "not recognised" in response.content.decode()


def test_geojson_rejects_posts(client):
    assert client.post(GEOJSON_URL).status_code == 405


# Finding the newest reports in a box ----------------------------------------------------


@pytest.mark.parametrize("chunk, limit", [(1_000, 5_000), (2, 4)])
def test_newest_in_box_finds_the_same_reports_whichever_way_it_looks(
    graffiti, monkeypatch, chunk, limit
):
    # (2, 4): the walk through the newest reports gives up after four, all far away, and
    # the (lat, lng) index has to find the two inside the small box.
    monkeypatch.setattr(listing, "SCAN_CHUNK", chunk)
    monkeypatch.setattr(listing, "SCAN_LIMIT", limit)
    older = file(graffiti, lat=LAT, lng=LNG, days_ago=9)
    newer = file(graffiti, lat=LAT + 0.001, lng=LNG, days_ago=8)
    for days_ago in range(6):
        file(graffiti, lat=LAT + 1, lng=LNG + 1, days_ago=days_ago)
    box = (LAT - 0.01, LNG - 0.01, LAT + 0.01, LNG + 0.01)

    found = listing.newest_in_box(ServiceReport.objects.all(), box, 10)

    assert found == [newer, older]
    assert listing.newest_in_box(ServiceReport.objects.all(), box, 1) == [newer]
