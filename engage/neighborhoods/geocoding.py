"""The geocoder a city configures (Nominatim, Pelias or ArcGIS, through geopy), kept on a
short leash: a short timeout, answers cached, only places inside the city's box, and any
failure (the server is down, slow, refuses us, answers nonsense) is "nothing found" and a
line in the log, never an error page.

Settings (all from the environment, see engage/settings/base.py):

* ``GEOCODER``: ``""`` (none: the gazetteer alone), ``nominatim``, ``pelias`` or ``arcgis``;
* ``GEOCODER_URL``: the server, e.g. ``https://nominatim.example.org`` (path allowed);
* ``GEOCODER_API_KEY`` (Pelias), ``GEOCODER_USER_AGENT`` (Nominatim's policy wants one
  that names the site), ``GEOCODER_COUNTRY`` (``us``), ``GEOCODER_TIMEOUT`` (seconds);
* ``GEOCODER_BBOX``: ``west,south,east,north``; by default the neighborhoods' box.
"""

import hashlib
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Min
from geopy.exc import GeopyError
from geopy.geocoders import ArcGIS, Nominatim, Pelias

from .maps import default_bbox
from .models import Neighborhood

logger = logging.getLogger(__name__)

FOUND_SECONDS = 7 * 24 * 3600
NOT_FOUND_SECONDS = 3600
# How far outside the outermost neighborhood a place still counts as in the city.
BOX_MARGIN_DEGREES = 0.02
MAX_RESULTS = 5


@dataclass(frozen=True)
class Found:
    """What a geocoder said: a label and a point."""

    label: str
    lat: float
    lng: float


def is_configured():
    return bool(settings.GEOCODER)


def city_box():
    """``(west, south, east, north)``: where the city's places are.

    ``GEOCODER_BBOX`` when set; else the neighborhoods with a small margin; else the box
    around ``MAP_CENTER``.
    """
    if settings.GEOCODER_BBOX:
        west, south, east, north = (float(v) for v in settings.GEOCODER_BBOX.split(","))
        return west, south, east, north
    box = Neighborhood.objects.aggregate(
        west=Min("min_lng"), south=Min("min_lat"), east=Max("max_lng"), north=Max("max_lat")
    )
    if box["west"] is None:
        return default_bbox()
    margin = BOX_MARGIN_DEGREES
    return (
        box["west"] - margin,
        box["south"] - margin,
        box["east"] + margin,
        box["north"] + margin,
    )


def _inside(found, box):
    west, south, east, north = box
    return south <= found.lat <= north and west <= found.lng <= east


def _geocoder():
    parts = urlsplit(settings.GEOCODER_URL)
    common = {"scheme": parts.scheme or "https", "timeout": settings.GEOCODER_TIMEOUT}
    domain = (parts.netloc + parts.path).rstrip("/")
    kind = settings.GEOCODER.lower()
    if kind == "nominatim":
        return Nominatim(
            domain=domain or "nominatim.openstreetmap.org",
            user_agent=settings.GEOCODER_USER_AGENT,
            **common,
        )
    if kind == "pelias":
        return Pelias(domain=domain, api_key=settings.GEOCODER_API_KEY or None, **common)
    if kind == "arcgis":
        return ArcGIS(domain=domain or "geocode.arcgis.com", **common)
    raise ValueError(f"GEOCODER must be nominatim, pelias or arcgis, not {kind!r}.")


def _search(geocoder, text, box):
    west, south, east, north = box
    corners = [(south, west), (north, east)]
    if isinstance(geocoder, Nominatim):
        country = settings.GEOCODER_COUNTRY
        return geocoder.geocode(
            text,
            exactly_one=False,
            limit=MAX_RESULTS,
            viewbox=corners,
            bounded=True,
            country_codes=country or None,
        )
    if isinstance(geocoder, Pelias):
        return geocoder.geocode(text, exactly_one=False, boundary_rect=corners)
    return geocoder.geocode(text, exactly_one=False)


def _cached(kind, text, ask):
    """Ask the geocoder (``ask(geocoder)`` → geopy Locations) once per text, inside the box."""
    if not is_configured():
        return []
    digest = hashlib.sha256(f"{settings.GEOCODER}|{text}".encode()).hexdigest()
    key = f"geocoder:{kind}:{digest}"
    stored = cache.get(key)
    if stored is not None:
        return [Found(*item) for item in stored]
    try:
        box = city_box()  # a malformed GEOCODER_BBOX is a failure like any other
        locations = ask(_geocoder(), box) or []
        if not isinstance(locations, list):
            locations = [locations]
        found = [
            Found(str(loc.address), float(loc.latitude), float(loc.longitude)) for loc in locations
        ]
    except (GeopyError, ValueError, TypeError, OSError) as error:
        # Not cached: the next person may be luckier once the server is back.
        logger.warning("The geocoder failed on a %s: %s", kind, error)
        return []
    found = [place for place in found if _inside(place, box)][:MAX_RESULTS]
    timeout = FOUND_SECONDS if found else NOT_FOUND_SECONDS
    cache.set(key, [(f.label, f.lat, f.lng) for f in found], timeout=timeout)
    return found


def search(text):
    """Places in the city matching ``text``, best first ([] when none or on any failure)."""
    text = " ".join(str(text).split())
    if not text:
        return []
    return _cached("search", text.casefold(), lambda geocoder, box: _search(geocoder, text, box))


def reverse(lat, lng):
    """The address at (or nearest) the point, or None."""
    point = f"{float(lat):.5f},{float(lng):.5f}"
    found = _cached(
        "reverse", point, lambda geocoder, box: geocoder.reverse(point, exactly_one=True)
    )
    return found[0] if found else None
