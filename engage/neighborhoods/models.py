from django.db import models
from django.utils.translation import gettext_lazy as _

from . import geometry

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
