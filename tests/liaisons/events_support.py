"""What the tests of volunteer events share: a neighborhood with a known square, open
reports inside it, a liaison for it, staff, and the form data of a valid event."""

from datetime import timedelta

from django.utils import timezone

from engage.accounts.roles import STAFF
from engage.reports.models import ServiceCategory
from liaisons.models import EventKind
from tests.factories import NeighborhoodFactory, UserFactory, square
from tests.liaisons.factories import LiaisonFactory
from tests.reports.factories import CategoryFactory, ReportFactory

# The square of ``area()``: its south-west corner, 0.01° wide; a point well inside it.
SW_LNG, SW_LAT = -75.0, 40.0
INSIDE = (40.005, -74.995)
OUTSIDE = (40.5, -74.5)


def area(lng=SW_LNG, lat=SW_LAT, **kwargs):
    return NeighborhoodFactory(boundary=square(lng, lat), **kwargs)


def dumping():
    found = ServiceCategory.objects.filter(code="illegal-dumping").first()
    return found or CategoryFactory(code="illegal-dumping", name="Illegal dumping")


def open_report(category=None, lat=INSIDE[0], lng=INSIDE[1]):
    return ReportFactory(category=category or dumping(), lat=lat, lng=lng)


def staff():
    return UserFactory(roles=[STAFF])


def liaison_for(*neighborhoods):
    return LiaisonFactory(neighborhoods=list(neighborhoods)).user


def cleanup_kind():
    return EventKind.objects.get(code="cleanup", locale__language_code="en")


def local(days=7, hour=10):
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def fields(neighborhood, **overrides):
    """Service fields of a valid cleanup in ``neighborhood``."""
    starts = overrides.pop("starts_at", local())
    values = {
        "kind": cleanup_kind(),
        "title": "Clean the lot on 5th",
        "description": "Bags and gloves provided.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "meeting_point": "5th and Main",
        "lat": INSIDE[0],
        "lng": INSIDE[1],
        "neighborhood": neighborhood,
        "capacity": 20,
        "supplies_provided": "Gloves, bags",
        "what_to_bring": "Water",
    }
    return values | overrides


def form_data(neighborhood, reports=(), **overrides):
    """POST data of a valid cleanup in ``neighborhood`` for the planning form."""
    starts = overrides.pop("starts_at", local())
    data = {
        "neighborhood": str(neighborhood.pk),
        "kind": "cleanup",
        "title": "Clean the lot on 5th",
        "description": "Bags and gloves provided.",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "meeting_point": "5th and Main",
        "lat": str(INSIDE[0]),
        "lng": str(INSIDE[1]),
        "capacity": "20",
        "supplies_provided": "Gloves, bags",
        "what_to_bring": "Water",
        "reports": [str(report.pk) for report in reports],
    }
    return data | overrides
