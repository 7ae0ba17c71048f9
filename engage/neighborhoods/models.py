from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from . import geometry
from .addresses import box_around, query_prefixes

BBOX_FIELDS = ("min_lat", "max_lat", "min_lng", "max_lng")


class NeighborhoodQuerySet(models.QuerySet):
    def containing(self, lat, lng):
        """The neighborhoods whose boundary contains the point (usually zero or one).

        The database narrows the candidates with the stored bounding box; the exact
        point-in-polygon test then runs in Python on those few.
        """
        lat, lng = float(lat), float(lng)
        candidates = self.filter(
            min_lat__lte=lat, max_lat__gte=lat, min_lng__lte=lng, max_lng__gte=lng
        )
        return [n for n in candidates if geometry.contains(n.boundary, lat=lat, lng=lng)]


class Neighborhood(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    boundary = models.JSONField(
        _("boundary"),
        help_text=_("A GeoJSON Polygon or MultiPolygon, longitude before latitude."),
    )
    # Bounding box derived from the boundary on save, so `containing` can ask the
    # database for candidates instead of testing every polygon.
    min_lat = models.FloatField(editable=False)
    max_lat = models.FloatField(editable=False)
    min_lng = models.FloatField(editable=False)
    max_lng = models.FloatField(editable=False)

    objects = NeighborhoodQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("neighborhood")
        verbose_name_plural = _("neighborhoods")
        indexes = [models.Index(fields=["min_lat", "max_lat", "min_lng", "max_lng"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        geometry.validate(self.boundary, field="boundary")
        self.min_lng, self.min_lat, self.max_lng, self.max_lat = geometry.bounds(self.boundary)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "boundary" in update_fields:
            kwargs["update_fields"] = {*update_fields, *BBOX_FIELDS}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        geometry.validate(self.boundary, field="boundary")


class AddressQuerySet(models.QuerySet):
    def matching(self, text, limit=8):
        """Addresses starting with what was typed ("123 mark", "market st 12"), best first.

        Each address is indexed twice, number first (``search_key``) and street first
        (``street_key``), so both ways people type an address are a prefix search on an
        index. A partly typed street type is tried both as typed and as its abbreviation
        ("123 market stre" also looks for "123 market st").
        """
        prefixes = query_prefixes(text)
        if not prefixes:
            return self.none()
        condition = models.Q()
        for prefix in prefixes:
            condition |= _prefix_condition("search_key", prefix)
            condition |= _prefix_condition("street_key", prefix)
        return (
            self.filter(condition)
            .select_related("neighborhood")
            .order_by("street_key", "unit")[:limit]
        )

    def near(self, lat, lng, metres):
        """The addresses in the box ``metres`` around the point (the indexed prefilter of
        ``addresses.nearest``, which measures the distances)."""
        south, west, north, east = box_around(lat, lng, metres)
        # Unordered: the caller measures every candidate, and sorting them is wasted work.
        return (
            self.filter(lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east)
            .select_related("neighborhood")
            .order_by()
        )


def _prefix_condition(field, prefix):
    """``field`` starts with ``prefix``, in a form the database answers from an index.

    PostgreSQL answers ``LIKE 'prefix%'`` from the ``varchar_pattern_ops`` index Django
    adds beside every indexed CharField. SQLite's LIKE ignores case and so never uses an
    index; a range on the (lower-case, ASCII) key does, and means the same thing there
    because SQLite compares text byte by byte.
    """
    if connection.vendor == "sqlite":
        return models.Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\U0010ffff"})
    return models.Q(**{f"{field}__startswith": prefix})


class Address(models.Model):
    """One address of the city's gazetteer (``manage.py import_addresses``), so that an
    address typed on a form becomes a point, and a point on the map an address, with no
    other server involved."""

    # What identifies the address across imports: the normalised number, street, unit
    # and city (see addresses.address_key), so re-importing updates it in place.
    key = models.CharField(max_length=64, unique=True, editable=False)
    number = models.CharField(_("number"), max_length=20, blank=True)
    street = models.CharField(_("street"), max_length=120)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    neighborhood = models.ForeignKey(
        Neighborhood,
        verbose_name=_("neighborhood"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="addresses",
    )
    # "123 market st" and "market st 123", lower-case ASCII (addresses.normalise).
    search_key = models.CharField(max_length=200, db_index=True, editable=False)
    street_key = models.CharField(max_length=200, db_index=True, editable=False)

    objects = AddressQuerySet.as_manager()

    class Meta:
        ordering = ["street_key", "unit"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        indexes = [models.Index(fields=["lat", "lng"], name="neighborhoods_address_point")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """How the address is shown: "123 Market St, Unit 2, Philadelphia 19106"."""
        street = " ".join(part for part in (self.number, self.street) if part)
        place = " ".join(part for part in (self.city, self.postcode) if part)
        unit = _("Unit %(unit)s") % {"unit": self.unit} if self.unit else ""
        return ", ".join(part for part in (street, str(unit), place) if part)
