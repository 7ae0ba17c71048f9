"""Crews: the people of a department who fix things in the field, and the updates they send
from a phone.

A ``FieldUpdate`` carries the key the phone drew when the crew member pressed "send"
(``client_key``, unique): a phone that lost its connection sends the same update again
when it returns, and the second copy finds the first instead of changing the report twice.
"""

import os

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .reports import ServiceReport


class Crew(models.Model):
    department = models.ForeignKey(
        "reports.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="crews",
    )
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="crews"
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("department"),
        FieldPanel("name"),
        FieldPanel("members"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["department__name", "name"]
        verbose_name = _("crew")
        verbose_name_plural = _("crews")
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="reports_crew_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.department})"


def field_photo_path(update, filename):
    # Named by the key the phone drew (one photo per update), with the extension of the
    # re-encoded image (JPEG, PNG or WebP).
    extension = os.path.splitext(filename)[1].lower() or ".jpg"
    return f"reports/field/{update.client_key}{extension}"


class FieldUpdate(models.Model):
    """A status change sent by a crew member from the field (maybe long after it was made,
    when the phone found a connection again)."""

    report = models.ForeignKey(
        "reports.ServiceReport", on_delete=models.CASCADE, related_name="field_updates"
    )
    crew = models.ForeignKey(Crew, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_key = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=20)
    public_note = models.TextField(_("public note"), blank=True)
    photo = models.ImageField(_("after photo"), upload_to=field_photo_path, blank=True)
    made_at = models.DateTimeField(_("made on the phone"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("field update")
        verbose_name_plural = _("field updates")

    def __str__(self):
        return f"{self.report} · {self.status}"

    def get_status_display(self):
        return ServiceReport.Status(self.status).label
