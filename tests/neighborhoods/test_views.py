"""The address suggestion and reverse look-up endpoints the forms' script calls."""

import pytest

from tests.factories import square
from tests.neighborhoods.test_places import add_address

pytestmark = pytest.mark.django_db

SUGGEST = "/en/places/suggest.json"
REVERSE = "/en/places/reverse.json"


@pytest.fixture
def gazetteer(neighborhood_factory):
    old_town = neighborhood_factory(name="Old Town", slug="old-town", boundary=square(-75.0, 40.0))
    add_address("100", "Market Street", 40.002, -74.998, old_town)
    return old_town


def test_suggestions(client, gazetteer):
    answer = client.get(SUGGEST, {"q": "100 mark"}).json()
    assert answer["results"] == [
        {
            "label": "100 Market Street, Old Town",
            "lat": 40.002,
            "lng": -74.998,
            "neighborhood": {"id": gazetteer.pk, "name": "Old Town", "slug": "old-town"},
        }
    ]
    assert answer["message"] == "1 address found."


def test_no_suggestion_says_so(client, gazetteer):
    for query in ("", "x", "nowhere"):
        answer = client.get(SUGGEST, {"q": query}).json()
        assert answer == {"results": [], "message": "No address found."}


def test_suggestions_in_spanish(client, gazetteer):
    assert client.get("/es/places/suggest.json", {"q": "nowhere"}).status_code == 200


def test_reverse(client, gazetteer):
    answer = client.get(REVERSE, {"lat": "40.00201", "lng": "-74.998"}).json()
    assert answer["result"]["label"] == "100 Market Street, Old Town"
    assert answer["neighborhood"]["slug"] == "old-town"
    far = client.get(REVERSE, {"lat": "41", "lng": "-74"}).json()
    assert far == {"result": None, "neighborhood": None}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 121},
        {"q": "100\x00market"},
        {"q": "\x1b[31m"},
    ],
)
def test_bad_suggestion_input_is_a_400_with_a_message(client, gazetteer, params):
    response = client.get(SUGGEST, params)
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"lat": "north", "lng": "-75"},
        {"lat": "nan", "lng": "-75"},
        {"lat": "1e5000", "lng": "-75"},
        {"lat": "95", "lng": "-75"},
        {"lat": "40", "lng": "-181"},
        {"lat": "40\x00", "lng": "-75"},
    ],
)
def test_bad_reverse_input_is_a_400_with_a_message(client, gazetteer, params):
    response = client.get(REVERSE, params)
    assert response.status_code == 400
    assert "latitude" in response.json()["error"]


def test_only_get(client, gazetteer):
    assert client.post(SUGGEST, {"q": "100"}).status_code == 405


def test_the_look_ups_are_rate_limited(client, gazetteer, settings):
    settings.PLACES_RATE = "3/m"
    for _ in range(3):
        assert client.get(SUGGEST, {"q": "100"}).status_code == 200
    response = client.get(REVERSE, {"lat": "40", "lng": "-75"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Too many" in response.json()["error"]
    # Another visitor is not held back.
    assert client.get(SUGGEST, {"q": "100"}, REMOTE_ADDR="10.0.0.9").status_code == 200
