"""Neighborhood records: bounding boxes, `containing` lookups and the shipped demo data."""

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

import engage.neighborhoods
from engage.neighborhoods import geometry
from engage.neighborhoods.models import Neighborhood

DEMO_FILE = Path(engage.neighborhoods.__file__).parent / "data" / "philadelphia.geojson"


def polygon(*corners):
    """A Polygon through the given (lng, lat) corners, closed for you."""
    return {"type": "Polygon", "coordinates": [[*map(list, corners), list(corners[0])]]}


def box(min_lng, min_lat, max_lng, max_lat):
    return polygon((min_lng, min_lat), (max_lng, min_lat), (max_lng, max_lat), (min_lng, max_lat))


def create(name, boundary):
    return Neighborhood.objects.create(name=name, slug=name.lower(), boundary=boundary)


def names_containing(lat, lng):
    return sorted(n.name for n in Neighborhood.objects.containing(lat, lng))


# --- Model ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_save_stores_the_bounding_box():
    n = create("Box", box(-75.2, 39.9, -75.1, 40.0))
    n.refresh_from_db()
    assert (n.min_lng, n.min_lat, n.max_lng, n.max_lat) == (-75.2, 39.9, -75.1, 40.0)


@pytest.mark.django_db
def test_saving_a_new_boundary_moves_the_bounding_box():
    n = create("Box", box(0, 0, 1, 1))
    n.boundary = box(5, 5, 6, 7)
    n.save()
    n.refresh_from_db()
    assert (n.min_lng, n.min_lat, n.max_lng, n.max_lat) == (5, 5, 6, 7)
    assert names_containing(6, 5.5) == ["Box"]
    assert names_containing(0.5, 0.5) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "boundary",
    [
        {"type": "Point", "coordinates": [0, 0]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]},  # not closed
        box(0, 0, 1, 100),  # latitude out of range
        None,
    ],
)
def test_save_rejects_an_invalid_boundary(boundary):
    with pytest.raises(ValidationError) as excinfo:
        Neighborhood(name="Bad", slug="bad", boundary=boundary).save()
    assert "boundary" in excinfo.value.message_dict
    assert not Neighborhood.objects.exists()


@pytest.mark.django_db
def test_full_clean_reports_boundary_problems_on_the_field():
    n = Neighborhood(name="Bad", slug="bad", boundary=box(0, 0, 1, 100))
    with pytest.raises(ValidationError) as excinfo:
        n.full_clean()
    first, second = excinfo.value.message_dict["boundary"]  # both top corners
    assert first.startswith("polygon 1, ring 1, point 3: latitude 100 is outside -90..90")
    assert second.startswith("polygon 1, ring 1, point 4: latitude 100 is outside -90..90")


# --- containing -------------------------------------------------------------------------


@pytest.mark.django_db
def test_containing_finds_the_neighborhood_around_a_point():
    create("West", box(0, 0, 10, 10))
    create("East", box(10, 0, 20, 10))
    assert names_containing(lat=5, lng=5) == ["West"]
    assert names_containing(lat=5, lng=15) == ["East"]
    assert names_containing(lat=15, lng=5) == []
    assert names_containing(lat=-5, lng=-5) == []


@pytest.mark.django_db
def test_a_point_on_a_shared_edge_is_in_both_neighbors():
    create("West", box(0, 0, 10, 10))
    create("East", box(10, 0, 20, 10))
    assert names_containing(lat=5, lng=10) == ["East", "West"]


@pytest.mark.django_db
def test_point_in_the_bounding_box_but_outside_the_polygon_is_not_matched():
    # A right triangle fills only half its bounding box; (lng 8, lat 8) is in the box,
    # so the database pre-filter lets it through, and the exact test must reject it.
    triangle = create("Triangle", polygon((0, 0), (10, 0), (0, 10)))
    assert triangle.min_lng <= 8 <= triangle.max_lng
    assert triangle.min_lat <= 8 <= triangle.max_lat
    assert names_containing(lat=8, lng=8) == []
    assert names_containing(lat=2, lng=2) == ["Triangle"]


@pytest.mark.django_db
def test_containing_respects_holes_and_multipolygon_parts():
    create(
        "Ring",
        {
            "type": "MultiPolygon",
            "coordinates": [
                [box(0, 0, 10, 10)["coordinates"][0], box(4, 4, 6, 6)["coordinates"][0]],
                box(20, 0, 22, 2)["coordinates"],
            ],
        },
    )
    assert names_containing(lat=5, lng=5) == []  # in the hole
    assert names_containing(lat=2, lng=2) == ["Ring"]
    assert names_containing(lat=1, lng=21) == ["Ring"]  # the second part
    assert names_containing(lat=1, lng=15) == []  # between the parts, inside the bbox


@pytest.mark.django_db
def test_containing_accepts_numbers_given_as_strings():
    create("Box", box(-75.2, 39.9, -75.1, 40.0))
    assert names_containing("39.95", "-75.15") == ["Box"]


@pytest.mark.django_db
def test_containing_can_be_chained_from_a_filtered_queryset():
    create("West", box(0, 0, 10, 10))
    create("Overlay", box(0, 0, 10, 10))
    assert [n.name for n in Neighborhood.objects.exclude(name="West").containing(5, 5)] == [
        "Overlay"
    ]


# --- The shipped demo data --------------------------------------------------------------


def demo_features():
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))["features"]


@pytest.fixture
def philadelphia(db):
    for feature in demo_features():
        Neighborhood.objects.create(
            name=feature["properties"]["name"],
            slug=feature["properties"]["slug"],
            boundary=feature["geometry"],
        )


# (lat, lng) of places whose neighborhood is not in doubt, even with simplified shapes.
DEMO_POINTS = {
    "City Hall": (39.9526, -75.1652, "Center City"),
    "Rittenhouse Square": (39.9496, -75.1718, "Center City"),
    "Independence Hall": (39.9489, -75.1500, "Center City"),
    "University City": (39.9522, -75.1932, "West Philadelphia"),
    "Clark Park": (39.9485, -75.2100, "West Philadelphia"),
    "Kensington and Allegheny": (39.9960, -75.1130, "Kensington"),
    "Kensington centre": (39.9850, -75.1250, "Kensington"),
    "Italian Market": (39.9380, -75.1580, "South Philadelphia"),
    "Sports complex": (39.9060, -75.1700, "South Philadelphia"),
    "Germantown centre": (40.0350, -75.1750, "Germantown"),
    "Vernon Park": (40.0340, -75.1720, "Germantown"),
}
NOWHERE_POINTS = {
    "Camden, across the Delaware": (39.9448, -75.1196),
    "North Philadelphia, between the demo areas": (39.9900, -75.1600),
    "Southwest Philadelphia": (39.9200, -75.2200),
}


def test_demo_file_has_the_five_neighborhoods_with_6_to_14_vertices():
    features = demo_features()
    assert sorted(f["properties"]["name"] for f in features) == [
        "Center City",
        "Germantown",
        "Kensington",
        "South Philadelphia",
        "West Philadelphia",
    ]
    assert len({f["properties"]["slug"] for f in features}) == 5
    for feature in features:
        geometry.validate(feature["geometry"])
        for ring in feature["geometry"]["coordinates"]:
            assert 6 <= len(ring) - 1 <= 14  # distinct corners; the last repeats the first


@pytest.mark.parametrize("place", DEMO_POINTS)
def test_demo_places_are_in_exactly_their_own_neighborhood(philadelphia, place):
    lat, lng, expected = DEMO_POINTS[place]
    assert names_containing(lat, lng) == [expected]


def test_city_hall_is_in_center_city_only(philadelphia):
    assert names_containing(39.9526, -75.1652) == ["Center City"]


@pytest.mark.parametrize("place", NOWHERE_POINTS)
def test_places_outside_the_demo_areas_are_in_none(philadelphia, place):
    assert names_containing(*NOWHERE_POINTS[place]) == []


def test_no_demo_point_is_in_two_neighborhoods(philadelphia):
    for lat, lng, *_ in [*DEMO_POINTS.values(), *NOWHERE_POINTS.values()]:
        assert len(Neighborhood.objects.containing(lat, lng)) <= 1, (lat, lng)


def test_demo_neighborhoods_do_not_overlap():
    # Sample a grid over the whole demo area. The grid is offset by a hair so that no
    # sample lands exactly on a shared edge, where a point rightly belongs to both sides.
    boundaries = [f["geometry"] for f in demo_features()]
    samples = 0
    for i in range(120):
        for j in range(120):
            lng = -75.27 + i * 0.0013 + 1e-6
            lat = 39.89 + j * 0.0014 + 1e-6
            hits = sum(geometry.contains(b, lat=lat, lng=lng) for b in boundaries)
            assert hits <= 1, (lat, lng)
            samples += hits
    assert samples > 1000  # the grid really did cover the neighborhoods


def test_demo_neighbors_share_their_edges():
    # Where neighbors touch they use the very same corners, so there is neither overlap
    # nor a sliver of no-man's-land between them.
    corners = {
        f["properties"]["name"]: {tuple(p) for p in f["geometry"]["coordinates"][0]}
        for f in demo_features()
    }
    assert len(corners["Center City"] & corners["West Philadelphia"]) >= 3
    assert len(corners["Center City"] & corners["South Philadelphia"]) >= 3
    assert len(corners["West Philadelphia"] & corners["South Philadelphia"]) >= 2


@pytest.mark.django_db
def test_saving_only_the_boundary_also_moves_the_bounding_box():
    n = create("Box", box(0, 0, 1, 1))
    n.boundary = box(5, 5, 6, 7)
    n.save(update_fields=["boundary"])
    n.refresh_from_db()
    assert (n.min_lng, n.min_lat, n.max_lng, n.max_lat) == (5, 5, 6, 7)
