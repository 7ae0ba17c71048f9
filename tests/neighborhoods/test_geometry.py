"""The pure-Python geometry behind neighborhood boundaries: validation, bounds, containment.

Shapes here are in plain numbers (0..10) rather than real coordinates so the expected
answers are obvious. Remember `contains(boundary, lat, lng)` takes latitude (y) first,
while GeoJSON positions are [lng, lat] (x first).
"""

import math

import pytest
from django.core.exceptions import ValidationError

from engage.neighborhoods import geometry


def ring(*corners):
    """A closed ring through the given (lng, lat) corners."""
    return [list(corner) for corner in corners] + [list(corners[0])]


def square(x0, y0, x1, y1):
    return ring((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def polygon(*rings):
    return {"type": "Polygon", "coordinates": list(rings)}


def multipolygon(*polygons):
    return {"type": "MultiPolygon", "coordinates": [p["coordinates"] for p in polygons]}


SQUARE = polygon(square(0, 0, 10, 10))
# A 10x10 square with a 4x4 hole in the middle.
DONUT = polygon(square(0, 0, 10, 10), square(3, 3, 7, 7))
# Two unit-ish squares with a gap between x=2 and x=5.
PAIR = multipolygon(polygon(square(0, 0, 2, 2)), polygon(square(5, 0, 7, 2)))
# A "U": the notch between x=3..7 from y=3 upwards is outside.
U_SHAPE = polygon(ring((0, 0), (10, 0), (10, 10), (7, 10), (7, 3), (3, 3), (3, 10), (0, 10)))
# A diamond whose left and right corners sit on the line y=1, for rays through vertices.
DIAMOND = polygon(ring((1, 0), (2, 1), (1, 2), (0, 1)))


def inside(boundary, x, y):
    return geometry.contains(boundary, lat=y, lng=x)


def messages(boundary, **kwargs):
    with pytest.raises(ValidationError) as excinfo:
        geometry.validate(boundary, **kwargs)
    return excinfo.value.messages


# --- contains ---------------------------------------------------------------------------


def test_square_contains_its_interior_only():
    assert inside(SQUARE, 5, 5)
    assert inside(SQUARE, 0.001, 9.999)
    assert not inside(SQUARE, -1, 5)
    assert not inside(SQUARE, 11, 5)
    assert not inside(SQUARE, 5, -1)
    assert not inside(SQUARE, 5, 11)
    assert not inside(SQUARE, -3, -3)


@pytest.mark.parametrize("x, y", [(0, 5), (10, 5), (5, 0), (5, 10), (0, 0.000001)])
def test_points_on_an_edge_count_as_inside(x, y):
    assert inside(SQUARE, x, y)


@pytest.mark.parametrize("x, y", [(0, 0), (10, 0), (10, 10), (0, 10)])
def test_points_on_a_vertex_count_as_inside(x, y):
    assert inside(SQUARE, x, y)


def test_point_on_a_slanted_edge_counts_as_inside():
    triangle = polygon(ring((0, 0), (4, 0), (0, 3)))
    assert inside(triangle, 2, 1.5)  # midpoint of the hypotenuse
    assert not inside(triangle, 2.01, 1.51)


def test_points_just_outside_an_edge_are_outside():
    # Well beyond the on-edge tolerance (about 0.1 mm), still very close.
    assert not inside(SQUARE, 10.000001, 5)
    assert not inside(SQUARE, 5, -0.000001)


def test_point_in_line_with_an_edge_but_beyond_it_is_outside():
    # Collinear with the bottom edge, past its end: not "on" the edge.
    assert not inside(SQUARE, 15, 0)
    assert not inside(SQUARE, -5, 0)
    assert not inside(SQUARE, 0, 12)


def test_hole_is_outside_but_the_ring_around_it_is_inside():
    assert not inside(DONUT, 5, 5)  # centre of the hole
    assert not inside(DONUT, 6.9, 3.1)  # hole, near a corner
    assert inside(DONUT, 1.5, 5)  # between the outer edge and the hole
    assert inside(DONUT, 8.5, 8.5)
    assert not inside(DONUT, 12, 5)


@pytest.mark.parametrize("x, y", [(3, 5), (7, 5), (5, 3), (5, 7), (3, 3), (7, 7)])
def test_points_on_a_holes_edge_or_corner_count_as_inside(x, y):
    assert inside(DONUT, x, y)


def test_outer_edge_of_a_polygon_with_a_hole_counts_as_inside():
    assert inside(DONUT, 0, 5)
    assert inside(DONUT, 10, 10)


def test_multipolygon_contains_each_part_but_not_the_gap():
    assert inside(PAIR, 1, 1)
    assert inside(PAIR, 6, 1)
    assert not inside(PAIR, 3.5, 1)  # the gap between the parts
    assert not inside(PAIR, 1, 3)
    assert not inside(PAIR, 8, 1)
    assert inside(PAIR, 2, 1)  # right edge of the first part
    assert inside(PAIR, 5, 1)  # left edge of the second


def test_multipolygon_part_with_a_hole():
    boundary = multipolygon(DONUT, polygon(square(20, 0, 22, 2)))
    assert not inside(boundary, 5, 5)
    assert inside(boundary, 1, 1)
    assert inside(boundary, 21, 1)
    assert not inside(boundary, 15, 1)


def test_concave_polygon_excludes_its_notch():
    assert inside(U_SHAPE, 1.5, 8)  # left arm
    assert inside(U_SHAPE, 8.5, 8)  # right arm
    assert inside(U_SHAPE, 5, 1.5)  # base
    assert not inside(U_SHAPE, 5, 8)  # in the notch
    assert not inside(U_SHAPE, 5, 3.000001)
    assert inside(U_SHAPE, 5, 3)  # the notch's floor is an edge
    assert inside(U_SHAPE, 7, 6)  # the notch's side is an edge


def test_ray_through_a_vertex_is_counted_once():
    # The horizontal ray from these points passes exactly through the diamond's corners.
    assert inside(DIAMOND, 0.5, 1)
    assert inside(DIAMOND, 1.5, 1)
    assert not inside(DIAMOND, -1, 1)  # ray grazes both side corners
    assert not inside(DIAMOND, 3, 1)
    assert inside(DIAMOND, 1, 0)  # bottom corner itself


def test_positions_with_altitude_are_accepted_and_the_altitude_ignored():
    boundary = polygon([[0, 0, 5], [10, 0, 5], [10, 10, 5], [0, 10, 5], [0, 0, 5]])
    geometry.validate(boundary)
    assert inside(boundary, 5, 5)
    assert inside(boundary, 10, 5)
    assert not inside(boundary, 11, 5)


def test_real_coordinates_latitude_first():
    # Philadelphia's City Hall, in a small box around it: lat 39.95, lng -75.16.
    box = polygon(square(-75.17, 39.95, -75.16, 39.96))
    assert geometry.contains(box, lat=39.9526, lng=-75.1652)
    # The same numbers the wrong way round are nowhere near.
    assert not geometry.contains(box, lat=-75.1652, lng=39.9526)


# --- bounds -----------------------------------------------------------------------------


def test_bounds_of_a_polygon():
    assert geometry.bounds(polygon(square(-75.2, 39.9, -75.1, 40.0))) == (-75.2, 39.9, -75.1, 40.0)


def test_bounds_ignore_holes():
    assert geometry.bounds(DONUT) == (0, 0, 10, 10)


def test_bounds_of_a_multipolygon_cover_every_part():
    assert geometry.bounds(PAIR) == (0, 0, 7, 2)
    boundary = multipolygon(polygon(square(-3, 4, -1, 6)), polygon(square(2, -8, 3, -7)))
    assert geometry.bounds(boundary) == (-3, -8, 3, 6)


# --- validate: accepted -----------------------------------------------------------------


@pytest.mark.parametrize(
    "boundary",
    [
        SQUARE,
        DONUT,
        PAIR,
        U_SHAPE,
        polygon(square(-180, -90, 180, 90)),
        polygon([(0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (0.5, 0.5)]),  # tuples, as Python builds
    ],
)
def test_valid_boundaries_pass(boundary):
    geometry.validate(boundary)
    geometry.validate(boundary, field="boundary")


# --- validate: rejected -----------------------------------------------------------------


@pytest.mark.parametrize(
    "boundary, expected",
    [
        (None, "must be a GeoJSON geometry object, not null"),
        ("Polygon", "must be a GeoJSON geometry object, not a string"),
        ([[0, 0], [1, 1]], "must be a GeoJSON geometry object, not a list"),
        ({"coordinates": []}, 'has no "type"'),
        ({"type": "Point", "coordinates": [0, 0]}, 'Polygon or MultiPolygon, not "Point"'),
        ({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, 'not "LineString"'),
        ({"type": "Feature", "geometry": SQUARE}, 'not "Feature"'),
        ({"type": "polygon", "coordinates": SQUARE["coordinates"]}, 'not "polygon"'),
    ],
)
def test_wrong_type_is_rejected(boundary, expected):
    (message,) = messages(boundary)
    assert expected in message


@pytest.mark.parametrize("coordinates", [None, [], "0,0,1,1", {"a": 1}])
def test_missing_or_malformed_coordinates_are_rejected(coordinates):
    (message,) = messages({"type": "Polygon", "coordinates": coordinates})
    assert '"coordinates" must be a non-empty list' in message


def test_multipolygon_with_an_empty_polygon_is_rejected():
    boundary = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], []]}
    assert messages(boundary) == ["polygon 2 must be a non-empty list of rings."]


def test_ring_that_is_not_a_list_is_rejected():
    assert (
        "polygon 1, ring 2 must be a list of positions"
        in messages(polygon(square(0, 0, 1, 1), "nope"))[0]
    )


def test_unclosed_ring_is_rejected():
    (message,) = messages(polygon([[0, 0], [10, 0], [10, 10], [0, 10], [0, 1]]))
    assert message.startswith("polygon 1, ring 1 is not closed")


def test_unclosed_hole_is_located():
    (message,) = messages(polygon(square(0, 0, 10, 10), [[3, 3], [7, 3], [7, 7], [3, 7]]))
    assert message.startswith("polygon 1, ring 2 is not closed")


@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_ring_with_too_few_positions_is_rejected(count):
    # Even "closed" ones: [a, b, a] is a line, not an area.
    positions = [[0, 0], [1, 0], [0, 0]][:count]
    (message,) = messages(polygon(positions))
    noun = "position" if count == 1 else "positions"
    assert f"polygon 1, ring 1 has {count} {noun};" in message
    assert "at least 4" in message


def test_out_of_range_latitude_says_exactly_where():
    bad = [[0, 0], [1, 0], [2, 0], [2, 1], [1, 123], [0, 1], [0, 0]]
    boundary = multipolygon(polygon(square(0, 0, 1, 1)), polygon(bad))
    (message,) = messages(boundary)
    assert message.startswith("polygon 2, ring 1, point 5: latitude 123 is outside -90..90")


@pytest.mark.parametrize("lng", [180.0001, -181, 360])
def test_out_of_range_longitude_is_rejected(lng):
    (message,) = messages(polygon([[0, 0], [lng, 0], [0, 1], [0, 0]]))
    assert message == f"polygon 1, ring 1, point 2: longitude {lng} is outside -180..180."


@pytest.mark.parametrize("lat", [90.5, -91])
def test_latitude_error_hints_at_the_coordinate_order(lat):
    (message,) = messages(polygon([[0, 0], [1, lat], [0, 1], [0, 0]]))
    assert "longitude first" in message


@pytest.mark.parametrize(
    "value, shown",
    [
        ("12", '"12"'),
        (None, "None"),
        ([1], "[1]"),
        ({}, "{}"),
        (math.nan, "nan"),
        (math.inf, "inf"),
    ],
)
def test_non_numeric_coordinates_are_rejected(value, shown):
    (message,) = messages(polygon([[0, 0], [1, 0], [1, value], [0, 0]]))
    assert message == f"polygon 1, ring 1, point 3: latitude {shown} is not a finite number."


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_not_coordinates(value):
    (message,) = messages(polygon([[0, 0], [value, 1], [1, 1], [0, 0]]))
    assert message == f"polygon 1, ring 1, point 2: longitude {value} is not a finite number."


@pytest.mark.parametrize(
    "position, expected",
    [
        ([1], "has 1 value;"),
        ([1, 2, 3, 4], "has 4 values"),
        ("1,2", "must be a [longitude, latitude] pair, not a string"),
        (5, "must be a [longitude, latitude] pair, not a number"),
        ({"lng": 1, "lat": 2}, "not an object"),
    ],
)
def test_malformed_positions_are_rejected(position, expected):
    (message,) = messages(polygon([[0, 0], position, [1, 1], [0, 0]]))
    assert message.startswith("polygon 1, ring 1, point 2")
    assert expected in message


def test_every_problem_is_reported():
    boundary = multipolygon(
        polygon([[0, 0], [1, 0], [1, 1], [0, 1]]),  # not closed
        polygon([[0, 0], [1, 95], [1, 1], [0, 0]]),  # bad latitude
    )
    assert [m.split(" is ")[0].split(":")[0] for m in messages(boundary)] == [
        "polygon 1, ring 1",
        "polygon 2, ring 1, point 2",
    ]


def test_a_flood_of_problems_is_cut_short():
    # 51 out-of-range latitudes (the ring is closed, so that is the only problem).
    positions = [[0, 100]] * 50 + [[0, 0], [1, 0], [0, 100]]
    reported = messages(polygon(positions))
    assert len(reported) == geometry.MAX_REPORTED_ERRORS + 1
    assert reported[-1] == f"… and {51 - geometry.MAX_REPORTED_ERRORS} more problems."


def test_field_puts_the_errors_on_that_field():
    with pytest.raises(ValidationError) as excinfo:
        geometry.validate({"type": "Point"}, field="boundary")
    assert list(excinfo.value.message_dict) == ["boundary"]
    assert 'not "Point"' in excinfo.value.message_dict["boundary"][0]


def test_without_field_the_errors_are_not_tied_to_a_field():
    with pytest.raises(ValidationError) as excinfo:
        geometry.validate({"type": "Point"})
    assert not hasattr(excinfo.value, "error_dict")
