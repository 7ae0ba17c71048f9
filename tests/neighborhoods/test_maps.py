"""The configuration every map is given: tiles, the city, the neighborhood outlines."""

from decimal import Decimal

import pytest

from engage.neighborhoods import maps
from engage.neighborhoods.models import Neighborhood

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}


@pytest.fixture(autouse=True)
def map_settings(settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example contributors"
    settings.MAP_CENTER = (39.9526, -75.1652)


@pytest.fixture
def neighborhoods(db):
    return [
        Neighborhood.objects.create(name=name, slug=slug, boundary=SQUARE)
        for name, slug in [("Kensington", "kensington"), ("Center City", "center-city")]
    ]


def test_the_outlines_of_every_neighborhood_by_name(neighborhoods):
    collection = maps.neighborhoods_geojson()

    assert collection["type"] == "FeatureCollection"
    assert collection["features"] == [
        {
            "type": "Feature",
            "properties": {"name": "Center City", "slug": "center-city"},
            "geometry": SQUARE,
        },
        {
            "type": "Feature",
            "properties": {"name": "Kensington", "slug": "kensington"},
            "geometry": SQUARE,
        },
    ]


def test_the_outlines_of_some_neighborhoods_only(neighborhoods):
    kensington = neighborhoods[0]

    only = maps.neighborhoods_geojson([kensington])
    none = maps.neighborhoods_geojson([])

    assert [f["properties"]["slug"] for f in only["features"]] == ["kensington"]
    assert none == {"type": "FeatureCollection", "features": []}


def test_a_picker_opens_on_the_city_with_the_tiles_and_outlines(neighborhoods):
    config = maps.picker_config()

    assert config["center"] == [39.9526, -75.1652]
    assert config["tileUrl"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert config["tileAttribution"] == "© Example contributors"
    assert len(config["neighborhoods"]["features"]) == 2


def test_a_picker_without_a_tile_server_has_empty_tiles(settings, db):
    settings.MAP_TILE_URL = ""
    settings.MAP_TILE_ATTRIBUTION = ""

    config = maps.picker_config(Neighborhood.objects.none())

    assert config["tileUrl"] == "" and config["tileAttribution"] == ""
    assert config["neighborhoods"]["features"] == []


def test_a_location_is_a_point_in_numbers(neighborhoods):
    config = maps.location_config(Decimal("39.952600"), Decimal("-75.165200"), neighborhoods[:1])

    assert config["point"] == [39.9526, -75.1652]
    assert all(isinstance(value, float) for value in config["point"])
    assert config["tileUrl"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert [f["properties"]["name"] for f in config["neighborhoods"]["features"]] == ["Kensington"]
    assert "center" not in config


@pytest.mark.parametrize(("lat", "lng"), [(None, None), (39.95, None), (None, -75.16)])
def test_no_location_map_without_a_whole_point(lat, lng):
    assert maps.location_config(lat, lng, []) is None


def test_the_default_box_holds_the_city_around_the_centre():
    west, south, east, north = maps.default_bbox()

    assert west < -75.1652 < east and south < 39.9526 < north
    assert (round(east - west, 6), round(north - south, 6)) == (0.28, 0.22)


def test_a_browse_map_has_its_box_the_city_the_tiles_and_the_parts_keys():
    config = maps.browse_map_config((1, 2, 3, 4), listUrl="/list/", text={"none": "Nothing"})

    assert config == {
        "bbox": (1, 2, 3, 4),
        "center": [39.9526, -75.1652],
        "tileUrl": "https://tiles.example.org/{z}/{x}/{y}.png",
        "tileAttribution": "© Example contributors",
        "listUrl": "/list/",
        "text": {"none": "Nothing"},
    }
