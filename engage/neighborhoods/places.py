"""Finding a place: an address typed becomes a point and a neighborhood, a point on the map
becomes the nearest known address.

The city's own gazetteer (``Address``, imported from OpenAddresses-format CSV) is asked
first: it is offline, fast and the city's own truth. The configured geocoder
(``geocoding``), if any, is asked only when the gazetteer has nothing.
"""

from dataclasses import dataclass

from django.conf import settings

from . import geocoding
from .addresses import distance_metres
from .models import Address, Neighborhood

MAX_SUGGESTIONS = 8
# A click on the map names the nearest address within this distance (about half a
# city block); further than that, the address would mislead the crew.
NEAREST_METRES = 80
# Enough to take every address of the densest block in the box, few enough to measure.
MAX_CANDIDATES = 500


@dataclass(frozen=True)
class Place:
    label: str
    lat: float
    lng: float
    neighborhood: Neighborhood | None
    source: str  # "gazetteer" or "geocoder"

    def as_json(self):
        neighborhood = self.neighborhood
        return {
            "label": self.label,
            "lat": round(self.lat, 6),
            "lng": round(self.lng, 6),
            "neighborhood": (
                {"id": neighborhood.pk, "name": neighborhood.name, "slug": neighborhood.slug}
                if neighborhood
                else None
            ),
        }


def neighborhood_at(lat, lng):
    """The neighborhood the point is in, or None."""
    if lat is None or lng is None:
        return None
    found = Neighborhood.objects.containing(lat, lng)
    return found[0] if found else None


def _from_address(address):
    return Place(address.label, address.lat, address.lng, address.neighborhood, "gazetteer")


def _from_geocoder(found):
    return Place(
        found.label, found.lat, found.lng, neighborhood_at(found.lat, found.lng), "geocoder"
    )


def suggest(text, limit=MAX_SUGGESTIONS):
    """Places for what is being typed: the gazetteer's, else (when the city allows it while
    people type) the geocoder's."""
    places = [_from_address(a) for a in Address.objects.matching(text, limit=limit)]
    if not places and settings.GEOCODER_AUTOCOMPLETE:
        places = [_from_geocoder(found) for found in geocoding.search(text)[:limit]]
    return places


def locate(text):
    """The one place a typed address stands for (a form sent without a point), or None."""
    found = Address.objects.matching(text, limit=1)
    if found:
        return _from_address(found[0])
    results = geocoding.search(text)
    return _from_geocoder(results[0]) if results else None


def nearest_address(lat, lng, metres=NEAREST_METRES):
    """The gazetteer's address nearest the point within ``metres``, or None.

    The database takes the addresses in the box around the point from its (lat, lng)
    index; the exact distances are measured here on those few.
    """
    lat, lng = float(lat), float(lng)
    candidates = Address.objects.near(lat, lng, metres)[:MAX_CANDIDATES]
    best, best_distance = None, metres
    for address in candidates:
        distance = distance_metres(lat, lng, address.lat, address.lng)
        if distance <= best_distance:
            best, best_distance = address, distance
    return best


def reverse(lat, lng):
    """The address at the point: the nearest known one, else the geocoder's, or None."""
    address = nearest_address(lat, lng)
    if address is not None:
        return _from_address(address)
    found = geocoding.reverse(lat, lng)
    return _from_geocoder(found) if found else None
