"""Finding a place: the gazetteer first, then the configured geocoder (tested through real
HTTP against a Nominatim look-alike on 127.0.0.1, with the real geopy client)."""

import pytest

from engage.neighborhoods import geocoding, places
from engage.neighborhoods.addresses import address_key, search_keys
from engage.neighborhoods.models import Address
from tests.factories import square
from tests.neighborhoods.fake_nominatim import FakeNominatim

pytestmark = pytest.mark.django_db

# The test neighborhood is the square -75.0..-74.99, 40.0..40.01.
INSIDE = ("City Hall, 1 Penn Square, Old Town", 40.005, -74.995)
OUTSIDE = ("Penn Station, New York", 40.75, -73.99)


def add_address(number, street, lat, lng, neighborhood=None, unit=""):
    by_number, by_street = search_keys(number, street, unit)
    return Address.objects.create(
        key=address_key(number, street, unit),
        number=number,
        street=street,
        unit=unit,
        city="Old Town",
        lat=lat,
        lng=lng,
        neighborhood=neighborhood,
        search_key=by_number,
        street_key=by_street,
    )


@pytest.fixture
def old_town(neighborhood_factory):
    return neighborhood_factory(name="Old Town", slug="old-town", boundary=square(-75.0, 40.0))


@pytest.fixture
def gazetteer(old_town):
    return [
        add_address("100", "Market Street", 40.002, -74.998, old_town),
        add_address("102", "Market Street", 40.002, -74.9978, old_town),
        add_address("7", "Main St", 40.008, -74.992, old_town),
    ]


@pytest.fixture
def nominatim(settings, old_town):
    with FakeNominatim([INSIDE, OUTSIDE]) as fake:
        settings.GEOCODER = "nominatim"
        settings.GEOCODER_URL = fake.url
        settings.GEOCODER_TIMEOUT = 1
        yield fake


def labels(found):
    return [place.label for place in found]


def test_suggestions_come_from_the_gazetteer_by_number_or_street(gazetteer):
    assert labels(places.suggest("100 mark")) == ["100 Market Street, Old Town"]
    assert labels(places.suggest("market street")) == [
        "100 Market Street, Old Town",
        "102 Market Street, Old Town",
    ]
    assert places.suggest("main")[0].neighborhood.slug == "old-town"
    assert places.suggest("nowhere lane") == []


def test_locate_takes_the_best_gazetteer_match(gazetteer):
    place = places.locate("102 Market St.")
    assert (place.lat, place.lng, place.source) == (40.002, -74.9978, "gazetteer")
    assert place.neighborhood.slug == "old-town"


def test_reverse_finds_the_nearest_address_within_reach(gazetteer):
    # About 15 m east of 100 Market Street, 2 m from 102.
    assert places.reverse(40.002, -74.99782).label == "102 Market Street, Old Town"
    assert places.nearest_address(40.002, -74.99795).number == "100"
    # 300 m from every address: nothing rather than a misleading one.
    assert places.reverse(40.0047, -74.9955) is None


def test_the_geocoder_answers_when_the_gazetteer_does_not(gazetteer, nominatim):
    place = places.locate("city hall")
    assert (place.label, place.lat, place.lng) == INSIDE
    assert place.source == "geocoder"
    assert place.neighborhood.slug == "old-town"
    # The city's box was sent, bounded, and the country.
    asked = nominatim.requests[-1]
    assert "viewbox=" in asked and "bounded=1" in asked and "countrycodes=us" in asked


def test_the_gazetteer_is_asked_first(gazetteer, nominatim):
    assert places.locate("100 market").source == "gazetteer"
    assert nominatim.requests == []


def test_places_outside_the_city_are_left_out(old_town, nominatim):
    # The fake ignores the box, as a server might: the answer is filtered again here.
    assert labels(geocoding.search("penn")) == [INSIDE[0]]
    assert places.locate("penn station") is None


def test_answers_are_cached(old_town, nominatim):
    places.locate("city hall")
    places.locate("City  Hall")
    assert len(nominatim.requests) == 1


def test_reverse_through_the_geocoder(old_town, nominatim):
    place = places.reverse(40.0051, -74.9951)
    assert place.label == INSIDE[0]
    assert "/reverse" in nominatim.requests[-1]


def test_a_failing_server_means_not_found_and_is_not_cached(old_town, nominatim, caplog):
    nominatim.status = 500
    assert places.locate("city hall") is None
    assert "geocoder failed" in caplog.text
    nominatim.status = 200
    assert places.locate("city hall").label == INSIDE[0]


def test_a_slow_server_is_not_waited_for(old_town, nominatim, settings):
    settings.GEOCODER_TIMEOUT = 0.2
    nominatim.delay = 1.0
    assert places.locate("city hall") is None


def test_a_server_that_is_not_there_means_not_found(old_town, settings):
    with FakeNominatim([]) as gone:
        url = gone.url
    settings.GEOCODER = "nominatim"
    settings.GEOCODER_URL = url
    assert places.locate("city hall") is None
    assert places.reverse(40.005, -74.995) is None


def test_without_a_geocoder_nothing_is_asked(old_town, settings):
    settings.GEOCODER = ""
    assert places.locate("city hall") is None


def test_suggestions_ask_the_geocoder_only_when_allowed(old_town, nominatim, settings):
    settings.GEOCODER_AUTOCOMPLETE = False
    assert places.suggest("city hall") == []
    assert nominatim.requests == []
    settings.GEOCODER_AUTOCOMPLETE = True
    assert labels(places.suggest("city hall")) == [INSIDE[0]]


def test_the_city_box_is_the_setting_or_the_neighborhoods(old_town, settings):
    settings.GEOCODER_BBOX = "-76,39,-74,41"
    assert geocoding.city_box() == (-76.0, 39.0, -74.0, 41.0)
    settings.GEOCODER_BBOX = ""
    west, south, east, north = geocoding.city_box()
    assert west < -75.0 and east > -74.99 and south < 40.0 and north > 40.01


@pytest.mark.parametrize(
    ("kind", "url", "expected", "api"),
    [
        (
            "nominatim",
            "https://geo.example.gov/nominatim/",
            "Nominatim",
            "https://geo.example.gov/nominatim/search",
        ),
        ("pelias", "http://127.0.0.1:4000", "Pelias", "http://127.0.0.1:4000/v1/search"),
        (
            "arcgis",
            "",
            "ArcGIS",
            "https://geocode.arcgis.com/arcgis/rest/services/World/GeocodeServer/findAddressCandidates",
        ),
    ],
)
def test_each_kind_of_geocoder_is_configured_from_settings(settings, kind, url, expected, api):
    settings.GEOCODER, settings.GEOCODER_URL = kind, url
    geocoder = geocoding._geocoder()
    assert type(geocoder).__name__ == expected
    assert getattr(geocoder, "geocode_api", None) == api or geocoder.api == api


def test_an_unknown_geocoder_means_not_found(old_town, settings, caplog):
    settings.GEOCODER = "mapquest"
    assert places.locate("city hall") is None
    assert "nominatim, pelias or arcgis" in caplog.text


def test_a_malformed_city_box_means_not_found(old_town, nominatim, settings, caplog):
    settings.GEOCODER_BBOX = "somewhere,else"
    assert places.locate("city hall") is None
    assert "geocoder failed" in caplog.text
