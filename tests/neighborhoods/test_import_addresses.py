"""`manage.py import_addresses`: an OpenAddresses CSV in, the gazetteer out, all or nothing."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import engage.neighborhoods
from engage.neighborhoods.models import Address
from tests.factories import square

DEMO_FILE = Path(engage.neighborhoods.__file__).parent / "data" / "philadelphia-addresses.csv"
HEADER = "LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH"

pytestmark = pytest.mark.django_db


def write(tmp_path, *rows, header=HEADER, name="addresses.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run(path, *args):
    out = StringIO()
    call_command("import_addresses", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    return list(Address.objects.order_by("key").values_list("key", "street", "lat", "lng"))


@pytest.fixture
def old_town(neighborhood_factory):
    return neighborhood_factory(name="Old Town", slug="old-town", boundary=square(-75.0, 40.0))


def test_a_good_file_makes_addresses_with_their_neighborhood(tmp_path, old_town):
    path = write(
        tmp_path,
        "-74.995,40.005,12,Main Street,,Springfield,,PA,19100,,abc",
        "-74.4,40.4,14,Main Street,3B,Springfield,,PA,19100,,def",
        "-80.0,30.0,1,Far Road,,Elsewhere,,,,,",
    )
    assert "Imported 3 addresses" in run(path)
    main = Address.objects.get(number="12")
    assert (main.street, main.city, main.postcode) == ("Main Street", "Springfield", "19100")
    assert (main.lat, main.lng) == (40.005, -74.995)
    assert main.neighborhood == old_town
    assert main.search_key == "12 main st"
    assert main.street_key == "main st 12"
    assert Address.objects.get(unit="3B").label == "14 Main Street, Unit 3B, Springfield 19100"
    assert Address.objects.get(street="Far Road").neighborhood is None


def test_importing_again_updates_instead_of_duplicating(tmp_path, old_town):
    run(write(tmp_path, "-74.5,40.5,12,Main St,,Springfield,,,19100,,a"))
    # The same address, spelled differently, moved and with a new postcode (and HASH).
    run(write(tmp_path, "-74.6,40.6,12,MAIN STREET,,Springfield,,,19101,,b"))
    address = Address.objects.get()
    assert (address.lat, address.postcode, address.street) == (40.6, "19101", "MAIN STREET")


def test_the_same_address_twice_in_one_file_is_one_address(tmp_path):
    run(
        write(
            tmp_path,
            "-74.5,40.5,12,Main St,,Springfield,,,,,",
            "-74.7,40.7,12,Main St,,Springfield,,,,,",
        )
    )
    assert Address.objects.get().lat == 40.7


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("-74.5,north,13,Main St,,,,,,,", "Line 3: LAT is 'north', not a number."),
        ("-74.5,95,13,Main St,,,,,,,", "Line 3: LAT 95 is outside -90..90."),
        ("-74.5,40.5,13,,,,,,,,", "Line 3: STREET is empty."),
        ("-74.5,nan,13,Main St,,,,,,,", "LAT nan is outside"),
        ("-74.5,40.5,13," + "x" * 200 + ",,,,,,,", "STREET is longer than 120 characters."),
    ],
)
def test_a_malformed_row_imports_nothing_at_all(tmp_path, row, message):
    run(write(tmp_path, "-74.0,40.0,1,Old Road,,,,,,,", name="first.csv"))
    before = snapshot()
    path = write(tmp_path, "-74.5,40.5,12,Main St,,,,,,,", row)
    with pytest.raises(CommandError) as excinfo:
        run(path, "--replace", "--batch-size", "1")
    assert message in str(excinfo.value)
    assert "Nothing was imported" in str(excinfo.value)
    assert snapshot() == before


def test_a_file_without_the_columns_is_refused(tmp_path):
    path = write(tmp_path, "a,b,c", header="X,Y,Z")
    with pytest.raises(CommandError, match="lacks the column"):
        run(path)
    assert not Address.objects.exists()


def test_a_file_that_is_not_text_is_refused(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nowhere.csv")


def test_replace_removes_the_addresses_no_longer_in_the_file(tmp_path):
    run(write(tmp_path, "-74.0,40.0,1,Old Road,,,,,,,", "-74.5,40.5,12,Main St,,,,,,,"))
    run(write(tmp_path, "-74.5,40.5,12,Main St,,,,,,,"), "--replace")
    assert list(Address.objects.values_list("street", flat=True)) == ["Main St"]


def test_the_demo_file_imports_into_the_demo_neighborhoods():
    call_command(
        "import_neighborhoods", str(DEMO_FILE.with_name("philadelphia.geojson")), verbosity=0
    )
    run(DEMO_FILE)
    assert Address.objects.count() > 500
    assert not Address.objects.filter(neighborhood=None).exists()
    market = Address.objects.matching("1500 market st")[0]
    assert market.neighborhood.slug == "center-city"
