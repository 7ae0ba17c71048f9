"""Load neighborhood boundaries from a GeoJSON FeatureCollection.

    manage.py import_neighborhoods FILE.geojson [--name-property NAME] [--slug-property SLUG]

The import is all or nothing. Every feature is checked before anything is written, and
the writes share one transaction, so a file with one bad feature (even the last) leaves
the database exactly as it was; the error says which feature is wrong and why.
Neighborhoods are matched by slug, so re-running an import updates them in place.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from engage.neighborhoods import geometry
from engage.neighborhoods.models import Neighborhood

# Listing every problem in a file with thousands of features helps nobody; the first
# few show the pattern (usually a wrong --name-property).
MAX_REPORTED_PROBLEMS = 20


@dataclass
class Row:
    """One feature that passed every check, ready to be written."""

    index: int
    name: str
    slug: str
    boundary: dict

    @property
    def label(self):
        return _label(self.index, self.name)


def _label(index, name=None):
    # Features are numbered from 1, as a person counting them in the file would.
    return f'Feature {index} ("{name}")' if name else f"Feature {index}"


def _quoted(names):
    return ", ".join(f'"{name}"' for name in names)


class Command(BaseCommand):
    help = (
        "Create or update neighborhoods from a GeoJSON FeatureCollection of Polygon or "
        "MultiPolygon features, matching existing neighborhoods by slug. Nothing is "
        "written unless every feature is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a GeoJSON FeatureCollection.")
        parser.add_argument(
            "--name-property",
            default="name",
            help='The feature property holding the neighborhood\'s name (default: "name").',
        )
        parser.add_argument(
            "--slug-property",
            default=None,
            help=(
                "The feature property holding the slug. Features without it (and every "
                "feature, when this is not given) get a slug made from the name."
            ),
        )

    def handle(self, *args, file, name_property, slug_property, **options):
        features = self.read_features(file)
        rows, problems = self.check_features(features, name_property, slug_property)
        if problems:
            shown = problems[:MAX_REPORTED_PROBLEMS]
            if len(problems) > len(shown):
                shown.append(f"... and {len(problems) - len(shown)} more.")
            raise CommandError(
                f"Nothing was imported: {file} has {len(problems)} "
                f"problem{'s' if len(problems) != 1 else ''}:\n  " + "\n  ".join(shown)
            )

        created, updated = self.write(rows, verbosity=options.get("verbosity", 1))
        total = created + updated
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {total} neighborhood{'s' if total != 1 else ''} "
                    f"({created} created, {updated} updated)."
                )
            )

    # --- Reading ----------------------------------------------------------------------

    def read_features(self, file):
        try:
            # utf-8-sig also accepts the byte-order mark some Windows tools write.
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Could not read {file}: {error}") from error

        try:
            collection = json.loads(text)
        except ValueError as error:
            # The decoder's message gives the line and column, which is what's needed.
            raise CommandError(f"{file} is not valid JSON: {error}") from error

        if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
            if isinstance(collection, dict):
                found = f'its "type" is {json.dumps(collection.get("type"))}'
            else:
                found = f"it is a JSON {type(collection).__name__}"
            raise CommandError(f"{file} is not a GeoJSON FeatureCollection ({found}).")

        features = collection.get("features")
        if not isinstance(features, list):
            raise CommandError(f'{file} has no "features" list.')
        if not features:
            raise CommandError(f"{file} contains no features; there is nothing to import.")
        return features

    # --- Checking ---------------------------------------------------------------------

    def check_features(self, features, name_property, slug_property):
        """Turn features into rows, or explain what is wrong with them.

        Returns ``(rows, problems)``; the file may be imported only if ``problems`` is
        empty. All features are checked, so one run reports every problem at once.
        """
        rows, problems = [], []
        first_with_name, first_with_slug = {}, {}
        name_max = Neighborhood._meta.get_field("name").max_length
        slug_max = Neighborhood._meta.get_field("slug").max_length

        for index, feature in enumerate(features, start=1):
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                problems.append(f"{_label(index)}: is not a GeoJSON Feature object.")
                continue
            properties = feature.get("properties") or {}
            if not isinstance(properties, dict):
                problems.append(f'{_label(index)}: its "properties" is not an object.')
                continue

            name = properties.get(name_property)
            if isinstance(name, int) and not isinstance(name, bool):
                name = str(name)  # Some datasets name districts by number.
            if not isinstance(name, str) or not name.strip():
                problems.append(
                    f"{_label(index)}: {self.describe_missing_name(properties, name_property)}"
                )
                continue
            name = name.strip()
            label = _label(index, name)
            feature_problems = []

            slug = properties.get(slug_property) if slug_property else None
            if isinstance(slug, str) and slug.strip():
                slug = slug.strip()
                try:
                    validate_slug(slug)
                except ValidationError:
                    feature_problems.append(
                        f'its "{slug_property}" property, "{slug}", is not a valid slug '
                        "(use letters, numbers, hyphens and underscores)."
                    )
            else:
                slug = slugify(name)
                if not slug:
                    feature_problems.append(
                        "no slug can be made from its name; give one with --slug-property."
                    )

            if len(name) > name_max:
                feature_problems.append(f"its name is longer than {name_max} characters.")
            if len(slug) > slug_max:
                feature_problems.append(f'its slug "{slug}" is longer than {slug_max} characters.')

            # Two features with one name or slug would silently overwrite each other
            # (same slug) or break the unique name; either way the file is wrong.
            if name in first_with_name:
                feature_problems.append(
                    f"feature {first_with_name[name]} has the same name; names must be unique."
                )
            else:
                first_with_name[name] = index
            if slug and slug in first_with_slug:
                feature_problems.append(
                    f'its slug "{slug}" is also the slug of feature {first_with_slug[slug]}; '
                    "slugs must be unique."
                )
            elif slug:
                first_with_slug[slug] = index

            boundary = feature.get("geometry")
            if boundary is None:
                feature_problems.append("it has no geometry.")
            else:
                try:
                    geometry.validate(boundary)
                except ValidationError as error:
                    feature_problems.extend(error.messages)

            if feature_problems:
                problems.extend(f"{label}: {problem}" for problem in feature_problems)
            else:
                # Keep only the geometry proper; "bbox", "crs" and the like are not ours.
                boundary = {"type": boundary["type"], "coordinates": boundary["coordinates"]}
                rows.append(Row(index=index, name=name, slug=slug, boundary=boundary))

        if not problems:
            problems.extend(self.check_against_database(rows))
        return rows, problems

    def describe_missing_name(self, properties, name_property):
        value = properties.get(name_property)
        if isinstance(value, str) or (name_property in properties and value is None):
            problem = f'its "{name_property}" property is blank'
        elif name_property in properties:
            problem = f'its "{name_property}" property is not text ({json.dumps(value)[:40]})'
        else:
            problem = f'it has no "{name_property}" property'
        if properties:
            return (
                f"{problem}; its properties are {_quoted(properties)} "
                "(choose one with --name-property)."
            )
        return f"{problem}, and no properties at all."

    def check_against_database(self, rows):
        """Names are unique too, so a name held by a neighborhood with another slug
        would make the write fail half-way; catch that up front with a clear message."""
        holders = dict(
            Neighborhood.objects.filter(name__in=[row.name for row in rows]).values_list(
                "name", "slug"
            )
        )
        return [
            f"{row.label}: the name is already used by the existing neighborhood with slug "
            f'"{holders[row.name]}" (this feature\'s slug is "{row.slug}").'
            for row in rows
            if row.name in holders and holders[row.name] != row.slug
        ]

    # --- Writing ----------------------------------------------------------------------

    def write(self, rows, verbosity=1):
        created = updated = 0
        row = None
        try:
            with transaction.atomic():
                for row in rows:
                    _, was_created = Neighborhood.objects.update_or_create(
                        slug=row.slug, defaults={"name": row.name, "boundary": row.boundary}
                    )
                    if was_created:
                        created += 1
                    else:
                        updated += 1
                    if verbosity >= 2:
                        action = "Created" if was_created else "Updated"
                        self.stdout.write(f"{action} {row.name} ({row.slug})")
        except (IntegrityError, ValidationError) as error:
            # Everything was checked above, so this is rare (say, two neighborhoods
            # swapping names, or another process writing at the same time); the
            # transaction has been rolled back either way.
            label = row.label if row else "The import"
            raise CommandError(
                f"{label}: could not be saved ({error}); nothing was imported."
            ) from error
        return created, updated
