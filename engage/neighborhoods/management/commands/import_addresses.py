"""Load the city's addresses (the gazetteer) from an OpenAddresses-format CSV.

    manage.py import_addresses FILE.csv [--replace] [--batch-size N]

Columns (OpenAddresses): LON, LAT, NUMBER, STREET, UNIT, CITY, DISTRICT, REGION, POSTCODE,
ID, HASH. LON, LAT and STREET are required; the others may be missing or empty.

The import is all or nothing: rows are written in batches inside one transaction, so a
malformed row (even the last) leaves the gazetteer exactly as it was, and the error says
which line and why. An address is the same one when its number, street, unit and city
are (normalised), so importing a file again updates those addresses instead of adding
them twice. ``--replace`` removes every address first (in the same transaction): for a
city whose new file no longer has some of the old addresses. Each address gets the
neighborhood its point lies in.
"""

import csv
import math
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from engage.neighborhoods import geometry
from engage.neighborhoods.addresses import address_key, search_keys
from engage.neighborhoods.models import Address, Neighborhood

REQUIRED_COLUMNS = ("LON", "LAT", "STREET")
UPDATED_FIELDS = [
    "number",
    "street",
    "unit",
    "city",
    "postcode",
    "lat",
    "lng",
    "neighborhood",
    "search_key",
    "street_key",
]
LIMITS = {field: Address._meta.get_field(field).max_length for field in UPDATED_FIELDS[:5]}


class BadRow(Exception):
    pass


class NeighborhoodFinder:
    """Point-in-polygon against every neighborhood, boxes first (there are a few dozen)."""

    def __init__(self):
        self.neighborhoods = list(Neighborhood.objects.all())

    def at(self, lat, lng):
        for n in self.neighborhoods:
            in_box = n.min_lat <= lat <= n.max_lat and n.min_lng <= lng <= n.max_lng
            if in_box and geometry.contains(n.boundary, lat=lat, lng=lng):
                return n
        return None


def _coordinate(row, column, low, high):
    raw = (row.get(column) or "").strip()
    try:
        value = float(raw)
    except ValueError:
        raise BadRow(f"{column} is {raw!r}, not a number.") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise BadRow(f"{column} {raw} is outside {low}..{high}.")
    return value


def _text(row, column, field):
    value = " ".join((row.get(column) or "").split())
    if len(value) > LIMITS[field]:
        raise BadRow(f"{column} is longer than {LIMITS[field]} characters.")
    if any(ord(c) < 32 for c in value):
        raise BadRow(f"{column} has control characters.")
    return value


def address_from(row, finder):
    """An unsaved ``Address`` from one CSV row, or ``BadRow`` saying what is wrong."""
    lng = _coordinate(row, "LON", -180, 180)
    lat = _coordinate(row, "LAT", -90, 90)
    street = _text(row, "STREET", "street")
    if not street:
        raise BadRow("STREET is empty.")
    number = _text(row, "NUMBER", "number")
    unit = _text(row, "UNIT", "unit")
    city = _text(row, "CITY", "city")
    by_number, by_street = search_keys(number, street, unit)
    return Address(
        key=address_key(number, street, unit, city),
        number=number,
        street=street,
        unit=unit,
        city=city,
        postcode=_text(row, "POSTCODE", "postcode"),
        lat=lat,
        lng=lng,
        neighborhood=finder.at(lat, lng),
        search_key=by_number[:200],
        street_key=by_street[:200],
    )


class Command(BaseCommand):
    help = (
        "Create or update the addresses of the gazetteer from an OpenAddresses-format CSV "
        "(LON, LAT, NUMBER, STREET, UNIT, CITY, …, POSTCODE). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to an OpenAddresses-format CSV file.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove every address not in this file (all first, in the same transaction).",
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, file, replace, batch_size, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle, transaction.atomic():
                if replace:
                    Address.objects.all().delete()
                count = self.load(csv.DictReader(handle), max(1, batch_size))
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{file}: not UTF-8 text ({error.reason}). Nothing was imported."
            ) from None
        except csv.Error as error:
            raise CommandError(
                f"{file}: not a readable CSV file ({error}). Nothing was imported."
            ) from None
        if options["verbosity"]:
            total = Address.objects.count()
            self.stdout.write(
                self.style.SUCCESS(f"Imported {count} addresses; the gazetteer holds {total}.")
            )

    def load(self, reader, batch_size):
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(
                f"The file lacks the column(s) {', '.join(missing)}; an OpenAddresses CSV has "
                "LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH. "
                "Nothing was imported."
            )
        finder = NeighborhoodFinder()
        batch, count = {}, 0
        for row in reader:
            try:
                address = address_from(row, finder)
            except BadRow as error:
                raise CommandError(
                    f"Line {reader.line_num}: {error} Nothing was imported."
                ) from None
            # The same address twice in one batch: the later line wins, as it would
            # across batches (one statement cannot update a row twice).
            batch[address.key] = address
            if len(batch) >= batch_size:
                count += self.write(batch)
        return count + self.write(batch)

    def write(self, batch):
        Address.objects.bulk_create(
            batch.values(),
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=UPDATED_FIELDS,
        )
        written = len(batch)
        batch.clear()
        return written
