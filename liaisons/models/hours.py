"""Hours volunteers gave, and the certificates that prove them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .codes import new_certificate_code
from .events import VolunteerEvent
from .volunteers import Volunteer

# --- Hours and their proof -----------------------------------------------------------


class VolunteerHours(models.Model):
    """Hours a volunteer gave: recorded by the liaison at an event, or logged by the volunteer
    and approved by a liaison or staff. Only approved hours count on a certificate."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="hours")
    event = models.ForeignKey(
        VolunteerEvent,
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hours",
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    description = models.CharField(_("what you did"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    self_logged = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="hours_within_a_day"
            ),
            # One attendance record per volunteer and event; self-logged entries are free.
            models.UniqueConstraint(
                fields=["volunteer", "event"],
                condition=Q(self_logged=False),
                name="one_attendance_record_per_event",
            ),
        ]

    def __str__(self):
        return f"{self.volunteer}: {self.hours} h on {self.date}"


class HoursCertificate(models.Model):
    """A certificate of volunteer hours, as issued: what it says is kept, so anyone holding
    the paper can check it at its short URL even after later hours are added."""

    code = models.CharField(
        max_length=12, unique=True, default=new_certificate_code, editable=False
    )
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="certificates")
    name = models.CharField(max_length=120)
    total_hours = models.DecimalField(max_digits=8, decimal_places=2)
    event_count = models.PositiveIntegerField()
    first_date = models.DateField(null=True)
    last_date = models.DateField(null=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate of volunteer hours")
        verbose_name_plural = _("certificates of volunteer hours")

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("liaisons:verify_certificate", args=[self.code])
