"""`manage.py import_neighborhoods`: a GeoJSON file in, neighborhoods out, all or nothing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

import engage.neighborhoods
from engage.neighborhoods.models import Neighborhood

DEMO_FILE = Path(engage.neighborhoods.__file__).parent / "data" / "philadelphia.geojson"

pytestmark = pytest.mark.django_db


def square(x0, y0, size=1):
    return {
        "type": "Polygon",
        "coordinates": [
            [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
        ],
    }


def feature(properties, geometry=None):
    return {"type": "Feature", "properties": properties, "geometry": geometry or square(0, 0)}


def write_collection(tmp_path, features, name="areas.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def run(*args):
    out = StringIO()
    call_command("import_neighborhoods", *(str(a) for a in args), stdout=out)
    return out.getvalue()


def snapshot():
    """Everything an import could change, to compare before and after a failed one."""
    return list(Neighborhood.objects.order_by("slug").values_list("slug", "name", "boundary"))


@pytest.fixture
def existing():
    """A neighborhood already in the database, which a failed import must not touch."""
    return Neighborhood.objects.create(name="Old Town", slug="old-town", boundary=square(50, 50))


def import_fails(*args):
    """Run the import expecting failure; return the message, checking nothing changed."""
    before = snapshot()
    with pytest.raises(CommandError) as excinfo:
        run(*args)
    assert snapshot() == before
    return str(excinfo.value)


# --- Success ----------------------------------------------------------------------------


def test_imports_the_demo_file_and_rerunning_updates_in_place():
    assert run(DEMO_FILE).strip() == "Imported 5 neighborhoods (5 created, 0 updated)."
    assert sorted(Neighborhood.objects.values_list("slug", flat=True)) == [
        "center-city",
        "germantown",
        "kensington",
        "south-philadelphia",
        "west-philadelphia",
    ]
    [city_hall] = Neighborhood.objects.containing(39.9526, -75.1652)
    assert city_hall.name == "Center City"

    ids = set(Neighborhood.objects.values_list("id", flat=True))
    assert run(DEMO_FILE).strip() == "Imported 5 neighborhoods (0 created, 5 updated)."
    assert set(Neighborhood.objects.values_list("id", flat=True)) == ids


def test_reimport_replaces_name_and_boundary_of_the_same_slug(tmp_path, existing):
    path = write_collection(
        tmp_path, [feature({"name": "Old Town East", "slug": "old-town"}, square(10, 20))]
    )
    assert "(0 created, 1 updated)" in run(path, "--slug-property", "slug")
    existing.refresh_from_db()
    assert existing.name == "Old Town East"
    assert existing.boundary == square(10, 20)
    assert (existing.min_lng, existing.min_lat) == (10, 20)
    assert Neighborhood.objects.count() == 1


def test_existing_neighborhoods_not_in_the_file_are_kept(tmp_path, existing):
    run(write_collection(tmp_path, [feature({"name": "New Town"})]))
    assert sorted(Neighborhood.objects.values_list("slug", flat=True)) == ["new-town", "old-town"]


def test_slug_is_made_from_the_name_by_default(tmp_path):
    run(
        write_collection(
            tmp_path, [feature({"name": "  Point Breeze / Grays Ferry ", "slug": "x"})]
        )
    )
    n = Neighborhood.objects.get()
    assert (n.name, n.slug) == ("Point Breeze / Grays Ferry", "point-breeze-grays-ferry")


def test_custom_name_property(tmp_path):
    path = write_collection(
        tmp_path,
        [
            feature({"NAME": "Fishtown", "name": "ignored", "OBJECTID": 7}),
            feature({"NAME": "Port Richmond"}, square(2, 0)),
        ],
    )
    assert "(2 created, 0 updated)" in run(path, "--name-property", "NAME")
    assert sorted(Neighborhood.objects.values_list("name", "slug")) == [
        ("Fishtown", "fishtown"),
        ("Port Richmond", "port-richmond"),
    ]


def test_numeric_names_are_accepted(tmp_path):
    run(write_collection(tmp_path, [feature({"district": 5})]), "--name-property", "district")
    assert Neighborhood.objects.get().slug == "5"


def test_slug_property_is_used_when_present_and_falls_back_to_the_name(tmp_path):
    path = write_collection(
        tmp_path,
        [
            feature({"name": "Fishtown", "code": "FT"}),
            feature({"name": "Port Richmond", "code": ""}, square(2, 0)),
            feature({"name": "Bridesburg"}, square(4, 0)),
        ],
    )
    run(path, "--slug-property", "code")
    assert sorted(Neighborhood.objects.values_list("slug", flat=True)) == [
        "FT",
        "bridesburg",
        "port-richmond",
    ]


def test_multipolygon_features_and_extra_geometry_keys(tmp_path):
    boundary = {
        "type": "MultiPolygon",
        "coordinates": [square(0, 0)["coordinates"], square(5, 5)["coordinates"]],
        "bbox": [0, 0, 6, 6],
    }
    run(write_collection(tmp_path, [feature({"name": "Islands"}, boundary)]))
    n = Neighborhood.objects.get()
    assert n.boundary == {"type": "MultiPolygon", "coordinates": boundary["coordinates"]}
    assert [x.name for x in Neighborhood.objects.containing(5.5, 5.5)] == ["Islands"]
    assert Neighborhood.objects.containing(3, 3) == []


def test_summary_for_a_single_neighborhood(tmp_path):
    out = run(write_collection(tmp_path, [feature({"name": "Solo"})]))
    assert out.strip() == "Imported 1 neighborhood (1 created, 0 updated)."


def test_verbose_output_lists_each_neighborhood(tmp_path):
    out = StringIO()
    path = write_collection(tmp_path, [feature({"name": "Solo"})])
    call_command("import_neighborhoods", str(path), verbosity=2, stdout=out)
    assert "Created Solo (solo)" in out.getvalue()


# --- Bad features: the message names the feature, nothing is written --------------------

GOOD_1 = feature({"name": "Fishtown"}, square(0, 0))
GOOD_2 = feature({"name": "Port Richmond"}, square(2, 0))
UNCLOSED = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}


@pytest.mark.parametrize(
    "bad, expected",
    [
        (
            feature({"name": "Kensington"}, UNCLOSED),
            'Feature 3 ("Kensington"): polygon 1, ring 1 is not closed',
        ),
        (
            feature(
                {"name": "Kensington"},
                {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]},
            ),
            'Feature 3 ("Kensington"): polygon 1, ring 1 has 3 positions',
        ),
        (
            feature({"name": "Kensington"}, square(0, 89.5)),
            'Feature 3 ("Kensington"): polygon 1, ring 1, point 3: latitude 90.5 is outside',
        ),
        (
            feature({"name": "Kensington"}, {"type": "Point", "coordinates": [0, 0]}),
            'Feature 3 ("Kensington"): The boundary must be a GeoJSON Polygon or MultiPolygon, '
            'not "Point"',
        ),
        (
            feature(
                {"name": "Kensington"}, {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}
            ),
            'Feature 3 ("Kensington"): The boundary must be a GeoJSON Polygon or MultiPolygon, '
            'not "LineString"',
        ),
        (
            {"type": "Feature", "properties": {"name": "Kensington"}, "geometry": None},
            'Feature 3 ("Kensington"): it has no geometry',
        ),
        (
            feature({"NAME": "Kensington", "OBJECTID": 3}),
            'Feature 3: it has no "name" property; its properties are "NAME", "OBJECTID" '
            "(choose one with --name-property)",
        ),
        (
            feature({"name": "   ", "id": 3}),
            'Feature 3: its "name" property is blank; its properties are "name", "id"',
        ),
        (feature({}), 'Feature 3: it has no "name" property, and no properties at all'),
        (
            {"type": "Feature", "geometry": square(0, 0)},
            'Feature 3: it has no "name" property, and no properties at all',
        ),
        (
            feature({"name": ["Kensington"]}),
            'Feature 3: its "name" property is not text (["Kensington"]); its properties are',
        ),
        (feature({"name": None}), 'Feature 3: its "name" property is blank'),
        (feature({"name": "Fishtown"}), 'Feature 3 ("Fishtown"): feature 1 has the same name'),
        (
            feature({"name": "Port-Richmond"}),
            'Feature 3 ("Port-Richmond"): its slug "port-richmond" is also the slug of feature 2',
        ),
        (feature({"name": "!!!"}), 'Feature 3 ("!!!"): no slug can be made from its name'),
        (feature({"name": "K" * 121}), "its name is longer than 120 characters"),
        (square(0, 0), "Feature 3: is not a GeoJSON Feature object"),
        ("Kensington", "Feature 3: is not a GeoJSON Feature object"),
        (
            {"type": "Feature", "properties": ["Kensington"], "geometry": square(0, 0)},
            'Feature 3: its "properties" is not an object',
        ),
    ],
)
def test_a_bad_last_feature_names_itself_and_nothing_is_written(tmp_path, existing, bad, expected):
    # The two features before the bad one are fine; they must not be written either.
    message = import_fails(write_collection(tmp_path, [GOOD_1, GOOD_2, bad]))
    assert expected in message
    assert message.startswith("Nothing was imported")
    assert Neighborhood.objects.count() == 1


def test_a_bad_first_feature_also_stops_the_import(tmp_path, existing):
    path = write_collection(tmp_path, [feature({"name": "Kensington"}, UNCLOSED), GOOD_1])
    message = import_fails(path)
    assert 'Feature 1 ("Kensington"): polygon 1, ring 1 is not closed' in message


def test_a_failed_import_leaves_existing_neighborhoods_unchanged(tmp_path, existing):
    # The first feature would update the existing neighborhood; the last is bad.
    path = write_collection(
        tmp_path, [feature({"name": "Old Town"}, square(1, 1)), feature({"name": "Bad"}, UNCLOSED)]
    )
    import_fails(path)
    existing.refresh_from_db()
    assert existing.boundary == square(50, 50)


def test_every_bad_feature_is_reported_at_once(tmp_path):
    path = write_collection(
        tmp_path,
        [feature({"title": "A"}), GOOD_1, feature({"name": "Kensington"}, UNCLOSED)],
    )
    message = import_fails(path)
    assert "has 2 problems" in message
    assert 'Feature 1: it has no "name" property; its properties are "title"' in message
    assert 'Feature 3 ("Kensington"): polygon 1, ring 1 is not closed' in message


def test_invalid_slug_property(tmp_path):
    path = write_collection(tmp_path, [GOOD_1, feature({"name": "Kensington", "code": "K 1/2"})])
    message = import_fails(path, "--slug-property", "code")
    assert 'Feature 2 ("Kensington"): its "code" property, "K 1/2", is not a valid slug' in message


def test_duplicate_slugs_from_the_slug_property(tmp_path):
    path = write_collection(
        tmp_path,
        [
            feature({"name": "Fishtown", "code": "east"}),
            feature({"name": "Kensington", "code": "east"}),
        ],
    )
    message = import_fails(path, "--slug-property", "code")
    assert 'Feature 2 ("Kensington"): its slug "east" is also the slug of feature 1' in message


def test_name_taken_by_a_neighborhood_with_another_slug(tmp_path, existing):
    # "Old Town" exists with slug "old-town"; this file gives it the slug "ot".
    path = write_collection(tmp_path, [GOOD_1, feature({"name": "Old Town", "code": "ot"})])
    message = import_fails(path, "--slug-property", "code")
    assert (
        'Feature 2 ("Old Town"): the name is already used by the existing neighborhood '
        'with slug "old-town"'
    ) in message


def test_a_flood_of_problems_is_cut_short(tmp_path):
    path = write_collection(tmp_path, [feature({"title": str(i)}) for i in range(50)])
    message = import_fails(path)
    assert "has 50 problems" in message
    assert "Feature 20:" in message
    assert "Feature 21:" not in message
    assert "... and 30 more." in message


def test_a_database_error_half_way_rolls_back_what_was_written(tmp_path, existing, monkeypatch):
    # Everything passes the checks, but the third write fails (as it might if another
    # process got there first): the first two must be rolled back.
    real_update_or_create = Neighborhood.objects.update_or_create
    calls = []

    def failing_on_the_third(**kwargs):
        calls.append(kwargs["slug"])
        if len(calls) == 3:
            raise IntegrityError("UNIQUE constraint failed: neighborhoods_neighborhood.name")
        return real_update_or_create(**kwargs)

    monkeypatch.setattr(Neighborhood.objects, "update_or_create", failing_on_the_third)
    path = write_collection(
        tmp_path, [GOOD_1, GOOD_2, feature({"name": "Kensington"}, square(4, 0))]
    )
    message = import_fails(path)
    assert message.startswith('Feature 3 ("Kensington"): could not be saved')
    assert message.endswith("nothing was imported.")
    assert list(Neighborhood.objects.values_list("slug", flat=True)) == ["old-town"]


# --- Bad files --------------------------------------------------------------------------


def test_missing_file(tmp_path, existing):
    message = import_fails(tmp_path / "nope.geojson")
    assert message.startswith(f"Could not read {tmp_path / 'nope.geojson'}")


def test_directory_instead_of_a_file(tmp_path):
    assert import_fails(tmp_path).startswith(f"Could not read {tmp_path}")


def test_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.geojson"
    path.write_bytes('{"type": "FeatureCollection", "name": "Peñ\xe1"}'.encode("latin-1"))
    assert import_fails(path).startswith(f"Could not read {path}")


def test_invalid_json_says_where(tmp_path, existing):
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [,]}')
    message = import_fails(path)
    assert message.startswith(f"{path} is not valid JSON")
    assert "line 2" in message


def test_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.geojson"
    text = json.dumps({"type": "FeatureCollection", "features": [feature({"name": "Solo"})]})
    path.write_text(text, encoding="utf-8-sig")
    assert "1 created" in run(path)


@pytest.mark.parametrize(
    "content, expected",
    [
        (square(0, 0), 'is not a GeoJSON FeatureCollection (its "type" is "Polygon")'),
        (feature({"name": "Solo"}), 'is not a GeoJSON FeatureCollection (its "type" is "Feature")'),
        ({"features": []}, 'is not a GeoJSON FeatureCollection (its "type" is null)'),
        ([feature({"name": "Solo"})], "is not a GeoJSON FeatureCollection (it is a JSON list)"),
        ({"type": "FeatureCollection"}, 'has no "features" list'),
        ({"type": "FeatureCollection", "features": {}}, 'has no "features" list'),
        ({"type": "FeatureCollection", "features": []}, "contains no features"),
    ],
)
def test_not_a_feature_collection(tmp_path, existing, content, expected):
    path = tmp_path / "odd.geojson"
    path.write_text(json.dumps(content))
    assert f"{path} {expected}" in import_fails(path)
