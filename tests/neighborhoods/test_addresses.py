"""Addresses as text: one normalisation for the gazetteer's keys and people's typing."""

import pytest

from engage.neighborhoods.addresses import (
    address_key,
    box_around,
    distance_metres,
    normalise,
    query_prefixes,
    search_keys,
)


def test_normalise_lower_cases_strips_accents_and_punctuation_and_abbreviates():
    assert normalise("123 N. Market Street, Apt #2") == "123 n market st apt 2"
    assert normalise("Calle Ñandú") == "calle nandu"
    assert normalise("South St") == normalise("south street") == "s st"


def test_an_address_is_found_by_number_first_and_by_street_first():
    assert search_keys("123", "Market Street", "2") == ("123 market st 2", "market st 123 2")


def test_the_key_ignores_spelling_but_not_the_address():
    assert address_key("123", "Market Street") == address_key("123", "MARKET ST.")
    assert address_key("123", "Market St") != address_key("125", "Market St")
    assert address_key("123", "Market St", unit="1") != address_key("123", "Market St", unit="2")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("123 market street", ["123 market st"]),
        ("123 market stre", ["123 market stre", "123 market st"]),
        ("Market", ["market"]),
        ("1", []),
        ("", []),
        ("  ,, ", []),
    ],
)
def test_query_prefixes(typed, expected):
    assert query_prefixes(typed) == expected


def test_distances_and_boxes_at_city_scale():
    # One thousandth of a degree of latitude is about 111 m anywhere.
    assert distance_metres(39.95, -75.16, 39.951, -75.16) == pytest.approx(111.3, abs=0.5)
    south, west, north, east = box_around(39.95, -75.16, 100)
    assert distance_metres(39.95, -75.16, north, -75.16) == pytest.approx(100, abs=0.5)
    assert distance_metres(39.95, -75.16, 39.95, east) == pytest.approx(100, abs=0.5)
