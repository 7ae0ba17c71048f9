"""Adopt a block: a volunteer (alone or for a group) looks after an area drawn on the map,
hears of each new service report filed inside it, and sees its open and fixed reports.

An adopted area is one simple polygon (one ring, no holes, edges that do not cross), no
larger than ``settings.ADOPTION_MAX_AREA_M2``: a few blocks, not a neighborhood. Reports
inside are found in two steps, as neighborhoods find their points: the database narrows
the candidates by bounding box (indexed), then the exact point-in-polygon test runs on
those few (``engage.neighborhoods.geometry``).
"""

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from engage.neighborhoods import geometry
from engage.neighborhoods.addresses import METRES_PER_DEGREE, box_around
from engage.neighborhoods.models import Neighborhood
from engage.notifications.services import notify
from engage.reports.models import ServiceReport

from .. import rules
from ..emails import AdoptedAreaReportEmail
from ..models import Adoption, Volunteer
from .volunteers import VolunteerError

# Enough corners to follow any block's outline; a drawing with more is a mistake.
MAX_CORNERS = 60
# Reports listed on an adopted area's page, each kind (open, fixed).
REPORTS_SHOWN = 100
FIXED = Q(status=ServiceReport.Status.RESOLVED, resolution=ServiceReport.Resolution.FIXED)


# --- The area's shape -------------------------------------------------------------------


def _projected(ring):
    """The ring in metres on a plane tangent at its first corner (exact enough for a block)."""
    lng0, lat0 = ring[0][0], ring[0][1]
    scale_x = METRES_PER_DEGREE * math.cos(math.radians(lat0))
    return [((p[0] - lng0) * scale_x, (p[1] - lat0) * METRES_PER_DEGREE) for p in ring]


def area_square_metres(polygon):
    """The area of a valid one-ring Polygon, in square metres (shoelace formula)."""
    points = _projected(polygon["coordinates"][0])
    twice = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False))
    return abs(twice) / 2


def _orientation(a, b, c):
    value = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (value > 0) - (value < 0)


def _segments_cross(p1, p2, q1, q2):
    """Whether two segments share a point (touching counts: the caller skips neighbours)."""
    o1, o2 = _orientation(p1, p2, q1), _orientation(p1, p2, q2)
    o3, o4 = _orientation(q1, q2, p1), _orientation(q1, q2, p2)
    if o1 != o2 and o3 != o4:
        return True

    def on(a, b, c):
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(
            a[1], b[1]
        )

    return (
        (o1 == 0 and on(p1, p2, q1))
        or (o2 == 0 and on(p1, p2, q2))
        or (o3 == 0 and on(q1, q2, p1))
        or (o4 == 0 and on(q1, q2, p2))
    )


def _crosses_itself(ring):
    edges = list(zip(ring, ring[1:], strict=False))
    count = len(edges)
    for i in range(count):
        for j in range(i + 2, count):
            if i == 0 and j == count - 1:
                continue  # the first and last edges meet at the closing corner
            if _segments_cross(*edges[i], *edges[j]):
                return True
    return False


def check_area(area):
    """Raise ValidationError (on the "area" field) unless ``area`` is a block one may adopt."""
    geometry.validate(area, field="area")
    if area.get("type") != "Polygon" or len(area["coordinates"]) != 1:
        raise ValidationError({"area": _("Draw one area, without holes.")})
    ring = [tuple(p[:2]) for p in area["coordinates"][0]]
    corners = len(set(ring))
    if corners < 3:
        raise ValidationError({"area": _("An area needs at least three corners.")})
    if corners > MAX_CORNERS:
        raise ValidationError(
            {"area": _("An area can have at most %(max)s corners.") % {"max": MAX_CORNERS}}
        )
    if _crosses_itself(ring):
        raise ValidationError(
            {"area": _("The outline crosses itself. Please draw it again, corner by corner.")}
        )
    size = area_square_metres(area)
    if size < 1:
        raise ValidationError({"area": _("This area is too small to adopt.")})
    if size > settings.ADOPTION_MAX_AREA_M2:
        raise ValidationError(
            {
                "area": _(
                    "This area is %(size)s m²; a volunteer adopts a block or a few, at most "
                    "%(max)s m². Please draw a smaller area."
                )
                % {
                    "size": number_format(round(size), force_grouping=True),
                    "max": number_format(settings.ADOPTION_MAX_AREA_M2, force_grouping=True),
                }
            }
        )


def square_around(lat, lng, side_metres):
    """A square Polygon of ``side_metres`` centred on the point (for adopting without a map)."""
    south, west, north, east = box_around(lat, lng, side_metres / 2)
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [[[round(x, 7) for x in p] for p in ring]]}


def _centre(area):
    ring = area["coordinates"][0][:-1]
    return (
        sum(p[1] for p in ring) / len(ring),
        sum(p[0] for p in ring) / len(ring),
    )


def neighborhood_of(area):
    """The neighborhood holding the area's centre, else the one holding most of its corners."""
    lat, lng = _centre(area)
    found = Neighborhood.objects.containing(lat, lng)
    if found:
        return found[0]
    counts = {}
    for lng_, lat_, *_rest in area["coordinates"][0][:-1]:
        for neighborhood in Neighborhood.objects.containing(lat_, lng_):
            counts[neighborhood] = counts.get(neighborhood, 0) + 1
    return max(counts, key=counts.get) if counts else None


# --- Adopting and ending -----------------------------------------------------------------


@transaction.atomic
def adopt_area(volunteer, *, name, area, group_name=""):
    """``volunteer`` adopts ``area`` (a GeoJSON Polygon) under ``name``."""
    # The volunteer's row is locked so two forms sent at once cannot pass the limit together.
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    reason = rules.why_not_sign_up(volunteer)
    if reason:
        raise VolunteerError(reason)
    if volunteer.adoptions.active().count() >= settings.ADOPTION_MAX_ACTIVE:
        raise VolunteerError(
            _("You already look after %(count)s areas. End one before adopting another.")
            % {"count": settings.ADOPTION_MAX_ACTIVE}
        )
    check_area(area)
    neighborhood = neighborhood_of(area)
    if neighborhood is None:
        raise VolunteerError(_("This area is outside the city's neighborhoods."))
    return Adoption.objects.create(
        volunteer=volunteer,
        name=name,
        group_name=group_name,
        area=area,
        neighborhood=neighborhood,
    )


@transaction.atomic
def end_adoption(adoption, user):
    """The adopter (or staff) ends an adoption; it is kept, with the date it ended."""
    adoption = Adoption.objects.select_for_update().select_related("volunteer").get(pk=adoption.pk)
    if not rules.can_end_adoption(user, adoption):
        raise VolunteerError(_("Only the volunteer who adopted this area can end it."))
    if adoption.ended_at is not None:
        raise VolunteerError(_("This adoption has already ended."))
    adoption.ended_at = timezone.now()
    adoption.save(update_fields=["ended_at"])
    return adoption


# --- Reports inside ----------------------------------------------------------------------


def _inside(adoption, reports):
    return [r for r in reports if adoption.contains(r.lat, r.lng)]


def reports_inside(adoption):
    """The adopted area's open reports and fixed reports (newest first), each a list."""
    in_box = (
        ServiceReport.objects.public()
        .in_box(adoption.min_lat, adoption.min_lng, adoption.max_lat, adoption.max_lng)
        .select_related("category", "neighborhood")
    )
    open_reports = _inside(adoption, in_box.open().order_by("-submitted_at")[: REPORTS_SHOWN * 2])
    fixed = _inside(adoption, in_box.filter(FIXED).order_by("-closed_at")[: REPORTS_SHOWN * 2])
    return open_reports[:REPORTS_SHOWN], fixed[:REPORTS_SHOWN]


def adoptions_containing(lat, lng):
    """The active adoptions whose area holds the point."""
    candidates = (
        Adoption.objects.active()
        .filter(min_lat__lte=lat, max_lat__gte=lat, min_lng__lte=lng, max_lng__gte=lng)
        .select_related("volunteer__user")
        .order_by("pk")
    )
    return [adoption for adoption in candidates if adoption.contains(lat, lng)]


def notify_adopters(report_pk):
    """Tell each adopter of an area holding a new report, once per report and adoption.

    The person who filed the report hears nothing (they know); someone with two adoptions
    around the same spot hears once.
    """
    report = ServiceReport.objects.filter(pk=report_pk).first()
    if report is None or report.lat is None or report.lng is None:
        return []
    told, notifications = {report.filed_by_id}, []
    for adoption in adoptions_containing(report.lat, report.lng):
        person = adoption.volunteer.user
        if person.pk in told:
            continue
        told.add(person.pk)
        notification = notify(
            person,
            AdoptedAreaReportEmail,
            dedupe_key=f"adopted-report-{report.pk}-{adoption.pk}",
            report=report.pk,
            adoption=adoption.pk,
        )
        if notification is not None:
            notifications.append(notification)
    return notifications
