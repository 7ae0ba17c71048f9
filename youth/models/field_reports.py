"""Field reports: what participants file during a session, held for the educator.

A held field report is not a service report yet: nothing of it reaches the public list,
the map, the search, Open311 or the city's queue until the educator has read it (removed
a name or a photo showing a face, fixed the category) and released it. Releasing files an
ordinary service report (channel "youth session") through the reports part and links it
here, so the session page can show what became of it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FieldReport(models.Model):
    class Review(models.TextChoices):
        HELD = "held", _("Waiting for review")
        RELEASED = "released", _("Sent to the city")
        REJECTED = "rejected", _("Not sent")

    session = models.ForeignKey(
        "youth.Session", on_delete=models.CASCADE, related_name="field_reports"
    )
    joined = models.ForeignKey(
        "youth.SessionJoin", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participant = models.ForeignKey(
        "youth.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="field_reports",
    )
    category = models.ForeignKey(
        "reports.ServiceCategory",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), max_length=4000, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    neighborhood = models.ForeignKey(
        "neighborhoods.Neighborhood",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.HELD
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reason = models.CharField(_("why it was not sent"), max_length=255, blank=True)
    report = models.OneToOneField(
        "reports.ServiceReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="youth_field_report",
    )

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("field report")
        verbose_name_plural = _("field reports")
        indexes = [models.Index(fields=["session", "review"])]

    def __str__(self):
        return f"{self.category} · {self.session}"


def field_photo_path(photo, filename):
    # Random names in a folder the site never links to: held photos are served only
    # through the educator's view (youth.views), which checks who is asking.
    return f"youth/held/{uuid.uuid4().hex}.jpg"


class FieldReportPhoto(models.Model):
    field_report = models.ForeignKey(FieldReport, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=field_photo_path)
    keep = models.BooleanField(
        _("send with the report"),
        default=True,
        help_text=_("Untick a photo that shows a face or anything else that must not be public."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("field report photo")

    def __str__(self):
        return self.image.name
