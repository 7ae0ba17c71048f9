"""Addresses as text and as places on the ground: the one normalisation the gazetteer's
keys and people's typing share, and the little distance arithmetic a city needs.

``normalise("123 N. Market Street, Apt 2")`` is ``"123 n market st apt 2"``: lower case,
accents and punctuation gone, and the usual street types and directions abbreviated as
the U.S. Postal Service does, so "Street", "St." and "st" find the same address.
"""

import hashlib
import math
import unicodedata

# Full word → abbreviation (USPS Publication 28). Applied to whole words only.
STREET_TYPES = {
    "street": "st",
    "avenue": "ave",
    "av": "ave",
    "road": "rd",
    "boulevard": "blvd",
    "drive": "dr",
    "lane": "ln",
    "place": "pl",
    "court": "ct",
    "terrace": "ter",
    "parkway": "pkwy",
    "highway": "hwy",
    "square": "sq",
    "circle": "cir",
    "alley": "aly",
}
DIRECTIONS = {
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "northeast": "ne",
    "northwest": "nw",
    "southeast": "se",
    "southwest": "sw",
}
ABBREVIATIONS = {**STREET_TYPES, **DIRECTIONS}

# Shorter than this, a search would match half the city.
MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 120

METRES_PER_DEGREE = 111_320


def words(text):
    """The lower-case ASCII words of ``text`` ("Ñandú St." → ["nandu", "st"])."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    cleaned = "".join(c if c.isascii() and c.isalnum() else " " for c in ascii_text)
    return cleaned.split()


def normalise(text):
    return " ".join(ABBREVIATIONS.get(word, word) for word in words(text))


def search_keys(number, street, unit=""):
    """The two keys an address is found by: number first, and street first."""
    number, street, unit = normalise(number), normalise(street), normalise(unit)
    by_number = " ".join(part for part in (number, street, unit) if part)
    by_street = " ".join(part for part in (street, number, unit) if part)
    return by_number, by_street


def address_key(number, street, unit="", city=""):
    """What makes an address the same one in the next import: its number, street, unit
    and city, normalised (not OpenAddresses' HASH, which changes with any column)."""
    identity = "|".join(normalise(part) for part in (number, street, unit, city))
    return hashlib.sha256(identity.encode()).hexdigest()


def query_prefixes(text):
    """The key prefixes to look for when someone has typed ``text`` (maybe half a word).

    The last word may be unfinished: "123 market stre" is looked for as typed and as
    "123 market st". Returns [] when there is too little to search for.
    """
    typed = words(str(text or "")[:MAX_QUERY_LENGTH])
    if not typed or len(" ".join(typed)) < MIN_QUERY_LENGTH:
        return []
    whole = [ABBREVIATIONS.get(word, word) for word in typed]
    prefixes = [" ".join(whole)]
    last = typed[-1]
    if last not in ABBREVIATIONS and len(last) >= 2:
        for long_form, short_form in STREET_TYPES.items():
            if long_form.startswith(last):
                prefixes.append(" ".join([*whole[:-1], short_form]))
    return list(dict.fromkeys(prefixes))[:4]


def box_around(lat, lng, metres):
    """The box ``(south, west, north, east)`` reaching ``metres`` from the point each way."""
    lat, lng = float(lat), float(lng)
    dlat = metres / METRES_PER_DEGREE
    dlng = metres / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lng - dlng, lat + dlat, lng + dlng


def distance_metres(lat1, lng1, lat2, lng2):
    """The distance between two points of one city, in metres (flat-earth: within a city
    the error is a fraction of a metre)."""
    mean_lat = math.radians((lat1 + lat2) / 2)
    dx = (lng2 - lng1) * math.cos(mean_lat)
    dy = lat2 - lat1
    return math.hypot(dx, dy) * METRES_PER_DEGREE
