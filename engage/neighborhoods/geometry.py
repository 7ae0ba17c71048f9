"""Just enough planar geometry for neighborhood boundaries, in pure Python.

Boundaries are GeoJSON (RFC 7946) ``Polygon`` or ``MultiPolygon`` geometries stored in a
JSONField. We deliberately avoid GDAL/GEOS/shapely: the only questions the project asks
are "is this boundary well formed?", "what is its bounding box?" and "is this point
inside it?", and those are a few dozen lines of arithmetic, whereas the geospatial
stack is a heavy native dependency on every developer laptop and server.

Conventions and limits, so nobody is surprised later:

* Positions are ``[longitude, latitude]`` (GeoJSON order), optionally followed by an
  altitude, which is accepted and ignored.
* Longitude/latitude are treated as plane coordinates. At the scale of a city this is
  indistinguishable from doing it "properly" on the sphere; it would not be for shapes
  spanning continents or crossing the antimeridian, which we do not support.
* ``validate`` checks structure and ranges only. It does not reject self-intersecting
  rings, holes outside their exterior ring or wrong ring orientation: GeoJSON readers
  are told not to reject the latter, and the former would need a real geometry engine.
"""

import math
from numbers import Real

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")

# A ring needs at least three distinct corners plus the repeated first position that
# closes it (RFC 7946, section 3.1.6).
MIN_RING_POSITIONS = 4

# How close (in degrees) a point must be to an edge to count as "on" it. Floating point
# arithmetic makes exact on-the-line tests unreliable; 1e-9 degrees is about 0.1 mm on
# the ground, far below the precision of any boundary we will be given.
EPSILON = 1e-9

# A badly broken boundary (say, every latitude out of range) would otherwise produce
# thousands of messages; a handful is enough to show what is wrong.
MAX_REPORTED_ERRORS = 10


# --- Validation -----------------------------------------------------------------------


def validate(boundary, field=None):
    """Raise ``ValidationError`` unless ``boundary`` is a usable Polygon or MultiPolygon.

    Every problem found is reported (up to ``MAX_REPORTED_ERRORS``), each saying where
    it is, e.g. "polygon 2, ring 1, point 5: latitude 123 is outside -90..90.".
    Polygons, rings and points are numbered from 1, as a person would count them.

    With ``field``, the error is raised as ``{field: [...]}`` so that a model form shows
    it next to that field rather than at the top of the form.
    """
    errors = _boundary_errors(boundary)
    if not errors:
        return
    if len(errors) > MAX_REPORTED_ERRORS:
        hidden = len(errors) - MAX_REPORTED_ERRORS
        errors = errors[:MAX_REPORTED_ERRORS]
        errors.append(
            ValidationError(
                ngettext("… and %(count)s more problem.", "… and %(count)s more problems.", hidden),
                code="too_many_errors",
                params={"count": hidden},
            )
        )
    raise ValidationError({field: errors} if field else errors)


def _boundary_errors(boundary):
    """All the problems with ``boundary``, as a list of ``ValidationError``."""
    if not isinstance(boundary, dict):
        return [
            ValidationError(
                _("The boundary must be a GeoJSON geometry object, not %(kind)s."),
                code="not_an_object",
                params={"kind": _describe_type(boundary)},
            )
        ]

    geometry_type = boundary.get("type")
    if geometry_type not in GEOMETRY_TYPES:
        if geometry_type is None:
            message = _('The boundary has no "type"; it must be a Polygon or MultiPolygon.')
        else:
            message = _('The boundary must be a GeoJSON Polygon or MultiPolygon, not "%(type)s".')
        return [ValidationError(message, code="wrong_type", params={"type": geometry_type})]

    coordinates = boundary.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        return [
            ValidationError(
                _('The boundary\'s "coordinates" must be a non-empty list.'),
                code="no_coordinates",
            )
        ]

    # A Polygon is a MultiPolygon of one; handling both the same way keeps the messages
    # uniform ("polygon 1, ring 2, ..."), which also reads fine for a single polygon.
    polygons = [coordinates] if geometry_type == "Polygon" else coordinates

    errors = []
    for polygon_number, rings in enumerate(polygons, start=1):
        where = {"polygon": polygon_number}
        if not isinstance(rings, list) or not rings:
            errors.append(
                ValidationError(
                    _("polygon %(polygon)s must be a non-empty list of rings."),
                    code="bad_polygon",
                    params=where,
                )
            )
            continue
        for ring_number, ring in enumerate(rings, start=1):
            errors.extend(_ring_errors(ring, polygon_number, ring_number))
    return errors


def _ring_errors(ring, polygon_number, ring_number):
    where = {"polygon": polygon_number, "ring": ring_number}
    if not isinstance(ring, list):
        return [
            ValidationError(
                _("polygon %(polygon)s, ring %(ring)s must be a list of positions."),
                code="bad_ring",
                params=where,
            )
        ]

    errors = []
    all_positions_valid = True
    for point_number, position in enumerate(ring, start=1):
        position_errors = _position_errors(position, polygon_number, ring_number, point_number)
        errors.extend(position_errors)
        all_positions_valid = all_positions_valid and not position_errors

    if len(ring) < MIN_RING_POSITIONS:
        errors.append(
            ValidationError(
                ngettext(
                    "polygon %(polygon)s, ring %(ring)s has %(count)s position; a ring "
                    "needs at least 4 (three corners and the first one repeated at the end).",
                    "polygon %(polygon)s, ring %(ring)s has %(count)s positions; a ring "
                    "needs at least 4 (three corners and the first one repeated at the end).",
                    len(ring),
                ),
                code="too_few_positions",
                params={**where, "count": len(ring)},
            )
        )
    elif all_positions_valid and list(ring[0]) != list(ring[-1]):
        # Only worth checking once the end points are known to be numbers; comparing
        # as lists lets tuples built in Python match lists decoded from JSON.
        errors.append(
            ValidationError(
                _(
                    "polygon %(polygon)s, ring %(ring)s is not closed: its last position "
                    "must repeat its first."
                ),
                code="not_closed",
                params=where,
            )
        )
    return errors


def _position_errors(position, polygon_number, ring_number, point_number):
    where = {"polygon": polygon_number, "ring": ring_number, "point": point_number}
    # Messages lead with where the problem is, as "polygon 2, ring 1, point 5: ...",
    # because in a long coordinate list finding the culprit is the hard part.
    prefix = _("polygon %(polygon)s, ring %(ring)s, point %(point)s") % where

    if not isinstance(position, list | tuple):
        return [
            ValidationError(
                _("%(where)s must be a [longitude, latitude] pair, not %(kind)s."),
                code="bad_position",
                params={"where": prefix, "kind": _describe_type(position)},
            )
        ]
    if len(position) not in (2, 3):
        return [
            ValidationError(
                ngettext(
                    "%(where)s has %(count)s value; a position is [longitude, latitude] "
                    "or [longitude, latitude, altitude].",
                    "%(where)s has %(count)s values; a position is [longitude, latitude] "
                    "or [longitude, latitude, altitude].",
                    len(position),
                ),
                code="bad_position",
                params={"where": prefix, "count": len(position)},
            )
        ]

    errors = []
    for axis, value in zip((_("longitude"), _("latitude"), _("altitude")), position, strict=False):
        # bool is a subclass of int, but `true` in a coordinate is always a mistake.
        # NaN and infinity can sneak in through Python's json module and would make
        # every comparison below silently false.
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            errors.append(
                ValidationError(
                    _("%(where)s: %(axis)s %(value)s is not a finite number."),
                    code="not_a_number",
                    params={"where": prefix, "axis": axis, "value": _describe_value(value)},
                )
            )
    if errors:
        return errors

    lng, lat = position[0], position[1]
    if not -180 <= lng <= 180:
        errors.append(
            ValidationError(
                _("%(where)s: longitude %(value)s is outside -180..180."),
                code="longitude_out_of_range",
                params={"where": prefix, "value": lng},
            )
        )
    if not -90 <= lat <= 90:
        errors.append(
            ValidationError(
                _(
                    "%(where)s: latitude %(value)s is outside -90..90 (positions are "
                    "[longitude, latitude], longitude first)."
                ),
                code="latitude_out_of_range",
                params={"where": prefix, "value": lat},
            )
        )
    return errors


def _describe_type(value):
    """A short, human name for the JSON type of ``value``, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, Real):
        return _("a number")
    if isinstance(value, list | tuple):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    return type(value).__name__


def _describe_value(value):
    # Strings are quoted so that "12" (a string) is not mistaken for 12 (a number);
    # anything long is cut short so one bad value cannot flood the message.
    text = f'"{value}"' if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


# --- Measuring ------------------------------------------------------------------------


def _polygons(boundary):
    """The list of polygons (each a list of rings) of a valid boundary."""
    if boundary["type"] == "Polygon":
        return [boundary["coordinates"]]
    return boundary["coordinates"]


def bounds(boundary):
    """The bounding box of a valid boundary as ``(min_lng, min_lat, max_lng, max_lat)``.

    Only exterior rings are looked at: a hole lies inside its exterior ring, so it
    cannot widen the box, and a malformed hole poking outside must not widen it either
    (points there are not inside the polygon, and the box is used to find candidates
    for containment).
    """
    positions = [position for polygon in _polygons(boundary) for position in polygon[0]]
    if not positions:
        raise ValueError("bounds() needs a boundary with at least one position.")
    lngs = [position[0] for position in positions]
    lats = [position[1] for position in positions]
    return (min(lngs), min(lats), max(lngs), max(lats))


def contains(boundary, lat, lng):
    """Whether the point at ``lat``/``lng`` lies in a valid boundary.

    Note the argument order: latitude first here, as people say it, while GeoJSON
    stores longitude first.

    A point is inside a polygon when it is inside its exterior ring and not strictly
    inside any of its holes; a MultiPolygon contains the point when any of its polygons
    does. Points on the boundary count as inside: on an edge or vertex of the exterior
    ring, and equally on the edge of a hole, since a hole's edge is also the polygon's
    boundary. That way an address exactly on a neighborhood's edge is still matched
    (to both neighborhoods, where two share that edge) instead of falling through a
    crack between them.
    """
    point = (float(lng), float(lat))
    return any(_polygon_contains(rings, point) for rings in _polygons(boundary))


def _polygon_contains(rings, point):
    exterior, holes = rings[0], rings[1:]
    if _on_ring(exterior, point):
        return True
    if not _inside_ring(exterior, point):
        return False
    for hole in holes:
        if _on_ring(hole, point):
            return True
        if _inside_ring(hole, point):
            return False
    return True


def _edges(ring):
    # Pair each position with the next, wrapping round at the end. Rings are closed
    # (last == first) so the wrap-around edge has zero length and is harmless, and a
    # ring that somehow was not closed still gets its closing edge.
    return zip(ring, ring[1:] + ring[:1], strict=True)


def _inside_ring(ring, point):
    """Even-odd rule: cast a ray from the point towards +longitude, count crossings.

    Points exactly on the ring may go either way here; callers test ``_on_ring`` first.
    """
    x, y = point
    inside = False
    for (x1, y1, *_rest1), (x2, y2, *_rest2) in _edges(ring):
        # The half-open comparison (> on both ends) counts an edge only when it
        # straddles the ray's line, so a ray through a vertex is counted once (not
        # twice, not zero times) and horizontal edges are never counted.
        if (y1 > y) != (y2 > y):
            crossing_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < crossing_x:
                inside = not inside
    return inside


def _on_ring(ring, point):
    return any(_on_segment(start, end, point) for start, end in _edges(ring))


def _on_segment(start, end, point):
    """Whether ``point`` is within ``EPSILON`` of the segment from ``start`` to ``end``."""
    x, y = point
    x1, y1 = start[0], start[1]
    x2, y2 = end[0], end[1]
    dx, dy = x2 - x1, y2 - y1
    length_squared = dx * dx + dy * dy
    if length_squared == 0:
        # Degenerate edge (such as the closing one): it is just a point.
        return math.hypot(x - x1, y - y1) <= EPSILON
    # Project the point onto the segment's line, clamped to the segment, and measure the
    # distance to that nearest point. This is also right near the segment's ends, where
    # a bare distance-to-the-line test would wrongly accept points beyond them.
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length_squared))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= EPSILON
