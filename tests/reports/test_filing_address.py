"""Filing a report with an address and no point, as without JavaScript: the address is
looked up (gazetteer, then geocoder) and becomes the report's point and neighborhood."""

import pytest

from engage.reports.models import ServiceReport
from tests.factories import square
from tests.neighborhoods.fake_nominatim import FakeNominatim
from tests.neighborhoods.test_places import add_address
from tests.reports.factories import CategoryFactory

URL = "/en/reports/new/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def old_town(neighborhood_factory):
    town = neighborhood_factory(name="Old Town", slug="old-town", boundary=square(-75.0, 40.0))
    add_address("100", "Market Street", 40.002, -74.998, town)
    return town


@pytest.fixture
def category(db):
    return CategoryFactory(code="streetlight", name="Streetlight out")


def post(client, category, **data):
    payload = {"category": category.code, "description": "Dark for a week.", "lat": "", "lng": ""}
    return client.post(URL, {**payload, **data}, follow=True)


def test_a_known_address_becomes_the_point_and_the_neighborhood(client, category, old_town):
    response = post(client, category, address="100 Market St")

    report = ServiceReport.objects.get()
    assert (report.lat, report.lng) == (40.002, -74.998)
    assert report.neighborhood == old_town
    assert report.address == "100 Market St"  # as the resident typed it
    assert "could not find" not in response.content.decode()


def test_the_geocoder_places_what_the_gazetteer_does_not_know(client, category, old_town, settings):
    with FakeNominatim([("Old Town Library, Old Town", 40.007, -74.993)]) as fake:
        settings.GEOCODER = "nominatim"
        settings.GEOCODER_URL = fake.url
        post(client, category, address="Old Town Library")
    report = ServiceReport.objects.get()
    assert (report.lat, report.lng) == (40.007, -74.993)
    assert report.neighborhood == old_town


def test_an_unknown_place_is_still_accepted_and_the_resident_told(client, category, old_town):
    response = post(client, category, address="Behind the old library")

    report = ServiceReport.objects.get()
    assert report.lat is None and report.neighborhood is None
    assert report.address == "Behind the old library"
    assert "We could not find the address you typed on the map" in response.content.decode()


def test_a_point_given_wins_over_the_address(client, category, old_town):
    post(client, category, address="100 Market St", lat="40.009", lng="-74.991")
    report = ServiceReport.objects.get()
    assert (report.lat, report.lng) == (40.009, -74.991)


def test_the_form_offers_the_address_search(client, category, old_town):
    page = client.get(URL, {"category": category.code}).content.decode()
    assert "data-address-search" in page
    assert 'data-suggest-url="/en/places/suggest.json"' in page
    assert "map-legend" in page
    assert "js/address-search.js" in page
