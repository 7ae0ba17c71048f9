"""The public list and map of service reports: filters, paging, the newest reports in a box
and the GeoJSON feed's features.

Nothing here shows who filed a report or how to contact them: only the reference, the
category, the status, the place (neighborhood or point) and the dates are public.

Query counts do not grow with the number of reports: reports come with their category
and neighborhood (``select_related``) and the localized category names are looked up
in one query for all categories (see ``CategoryNames``).

GeoJSON bounding boxes: ``?bbox=west,south,east,north`` in degrees (WGS 84, the order
of RFC 7946 and of Leaflet's ``toBBoxString()``). Without it the city box around
``settings.MAP_CENTER`` is used (``engage.neighborhoods.maps.default_bbox``). A malformed
box is a 400 with a JSON ``error``. A box larger than ``MAX_BOX_DEGREES`` in either
direction is *clamped* to that size around its centre (not refused), so a zoomed-out map
still gets the reports in its middle; the response then says ``"clamped": true`` and
gives the ``bbox`` actually used.
"""

import math

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.models import Locale

from engage.neighborhoods import maps

from .filters import OPEN
from .models import ServiceCategory, ServiceReport

PAGE_SIZE = 25
MAP_LIST_SIZE = 50
MAX_FEATURES = 500
MAX_BOX_DEGREES = 0.5


# Localized category names ---------------------------------------------------------------


class CategoryNames:
    """Every category once, in the active language when translated: one query in all."""

    def __init__(self):
        categories = list(ServiceCategory.objects.order_by("group", "name", "pk"))
        active = _active_locale_id()
        default = _default_locale_id()
        self.by_key = {}
        self.by_pk = {category.pk: category for category in categories}
        for category in categories:
            chosen = self.by_key.get(category.translation_key)
            if chosen is None or _rank(category, active, default) < _rank(chosen, active, default):
                self.by_key[category.translation_key] = category

    def localized(self, category):
        return self.by_key.get(category.translation_key, category)

    def name(self, category):
        return self.localized(category).name

    def for_id(self, category_id):
        """The localized category of a report, from its ``category_id`` alone."""
        return self.localized(self.by_pk[category_id])

    def choices(self):
        active = [c for c in self.by_key.values() if c.active]
        return [(c.code, c.name) for c in sorted(active, key=lambda c: (c.name.casefold(), c.code))]

    def codes(self):
        return {c.code for c in self.by_key.values()}


def _rank(category, active_locale_id, default_locale_id):
    if category.locale_id == active_locale_id:
        return 0
    if category.locale_id == default_locale_id:
        return 1
    return 2


def _active_locale_id():
    try:
        return Locale.get_active().pk
    except Locale.DoesNotExist:
        return None


def _default_locale_id():
    try:
        return Locale.get_default().pk
    except Locale.DoesNotExist:
        return None


def with_category_names(reports, names):
    for report in reports:
        report.category_name = names.name(report.category)
    return reports


# Filters ---------------------------------------------------------------------------------


def filter_reports(reports, filters):
    if category := filters.get("category"):
        reports = reports.filter(category__code=category)
    if status := filters.get("status"):
        reports = reports.open() if status == OPEN else reports.filter(status=status)
    if neighborhood := filters.get("neighborhood"):
        reports = reports.filter(neighborhood__slug=neighborhood)
    return reports


def public_reports():
    return ServiceReport.objects.public().select_related("category", "neighborhood")


def filter_query(filters):
    # Codes, statuses and slugs are all slug-safe; the pagination template encodes anyway.
    return "&".join(f"{name}={value}" for name, value in filters.items())


# The list --------------------------------------------------------------------------------


def report_page(filters, number, names):
    """Page ``number`` of the public reports that match ``filters``, with category names."""
    reports = filter_reports(public_reports(), filters)
    page = Paginator(reports, PAGE_SIZE).get_page(number)
    with_category_names(page.object_list, names)
    return page


# The map ---------------------------------------------------------------------------------


def reports_in_view(filters, bbox, names):
    """The newest public reports in ``bbox`` (west, south, east, north) for the list under
    the map: one more than ``MAP_LIST_SIZE``, so the page can say there are more."""
    west, south, east, north = bbox
    in_view = newest_in_box(
        filter_reports(public_reports(), filters), (south, west, north, east), MAP_LIST_SIZE + 1
    )
    return with_category_names(in_view, names)


# GeoJSON ---------------------------------------------------------------------------------


class BadRequest(ValueError):
    pass


def parse_bbox(value):
    """``west,south,east,north`` → (west, south, east, north, clamped)."""
    if value is None or value == "":
        return (*maps.default_bbox(), False)
    west, south, east, north = _box_numbers(value)
    clamped = False
    if east - west > MAX_BOX_DEGREES:
        middle = (west + east) / 2
        west, east = middle - MAX_BOX_DEGREES / 2, middle + MAX_BOX_DEGREES / 2
        clamped = True
    if north - south > MAX_BOX_DEGREES:
        middle = (south + north) / 2
        south, north = middle - MAX_BOX_DEGREES / 2, middle + MAX_BOX_DEGREES / 2
        clamped = True
    return west, south, east, north, clamped


def _box_numbers(value):
    """The four numbers of a ``bbox``, checked; ``BadRequest`` says what is wrong."""
    parts = value.split(",")
    if len(parts) != 4:
        raise BadRequest(gettext("bbox must be four numbers: west,south,east,north."))
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise BadRequest(gettext("bbox must be four numbers: west,south,east,north.")) from None
    if not all(math.isfinite(n) for n in (west, south, east, north)):
        raise BadRequest(gettext("bbox must be four numbers: west,south,east,north."))
    lng_ok = -180 <= west <= 180 and -180 <= east <= 180
    lat_ok = -90 <= south <= 90 and -90 <= north <= 90
    if not (lng_ok and lat_ok):
        raise BadRequest(gettext("bbox is outside the range of longitudes and latitudes."))
    if west >= east or south >= north:
        raise BadRequest(gettext("bbox must have west < east and south < north."))
    return west, south, east, north


FEATURE_FIELDS = (
    "reference",
    "lat",
    "lng",
    "status",
    "submitted_at",
    "supporter_count",
    "category",
    "neighborhood__name",
)
# How many of the newest reports to walk through before asking the (lat, lng) index.
SCAN_CHUNK = 1_000
SCAN_LIMIT = 5_000


def newest_in_box(reports, box, limit):
    """The ``limit`` newest of ``reports`` inside ``box`` (south, west, north, east).

    Two ways to find them, and which is fast depends on the box. A city-wide box holds
    most reports: walking the newest ones (the index on ``submitted_at``) finds enough
    after a page or two, where a query on the (lat, lng) index would read and sort every
    report in the city. A small box holds few: then the (lat, lng) index is the way. So
    walk the newest few thousand first, and only if they were not enough, ask the index.
    """
    south, west, north, east = box
    ordered = reports.order_by("-submitted_at", "-pk")
    picked = []
    for start in range(0, SCAN_LIMIT, SCAN_CHUNK):
        rows = list(ordered.values_list("pk", "lat", "lng")[start : start + SCAN_CHUNK])
        picked += [
            pk
            for pk, lat, lng in rows
            if lat is not None and south <= lat <= north and west <= lng <= east
        ]
        if len(picked) >= limit or len(rows) < SCAN_CHUNK:
            break
    else:
        picked = list(ordered.in_box(south, west, north, east).values_list("pk", flat=True)[:limit])
    by_pk = ordered.in_bulk(picked[:limit])
    return [by_pk[pk] for pk in picked[:limit]]


def geojson(filters, bbox, clamped, names):
    """The GeoJSON FeatureCollection of the newest ``MAX_FEATURES`` public reports that
    match ``filters`` in ``bbox`` (west, south, east, north)."""
    west, south, east, north = bbox
    # Only what a feature shows: categories come from `names`, not from a join.
    reports = filter_reports(
        ServiceReport.objects.public().select_related("neighborhood").only(*FEATURE_FIELDS),
        filters,
    )
    found = newest_in_box(reports, (south, west, north, east), MAX_FEATURES + 1)
    return {
        "type": "FeatureCollection",
        "bbox": [west, south, east, north],
        "clamped": clamped,
        "truncated": len(found) > MAX_FEATURES,
        "features": _features(found[:MAX_FEATURES], names),
    }


def _features(reports, names):
    # Up to 500 features: translate each status and build the URL pattern once.
    status_labels = {value: str(label) for value, label in ServiceReport.Status.choices}
    detail_url = reverse("reports:detail", args=["REFERENCE"])
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [report.lng, report.lat]},
            "properties": {
                "reference": report.reference,
                "category": names.for_id(report.category_id).name,
                "category_code": names.for_id(report.category_id).code,
                "status": report.status,
                "status_label": status_labels[report.status],
                "url": detail_url.replace("REFERENCE", report.reference),
                "submitted": report.submitted_at.isoformat(),
                "supporters": report.supporter_count,
                "neighborhood": report.neighborhood.name if report.neighborhood else "",
            },
        }
        for report in reports
    ]
