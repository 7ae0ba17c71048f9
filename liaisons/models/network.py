"""The liaison network: applications, terms of service, and the messages liaisons get and send."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.neighborhoods.models import Neighborhood

# --- The liaison network -------------------------------------------------------------


class LiaisonApplication(models.Model):
    """A resident asks to be the liaison for one or more neighborhoods; staff decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="liaison_applications",
    )
    neighborhoods = models.ManyToManyField(
        Neighborhood, verbose_name=_("neighborhoods"), related_name="liaison_applications"
    )
    display_name = models.CharField(_("public name"), max_length=80)
    motivation = models.TextField(_("why you want to be a liaison"), max_length=2000)
    availability = models.CharField(_("availability"), max_length=255)
    contact_preference = models.CharField(_("how to reach you"), max_length=255)
    bio = models.TextField(_("short bio"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("liaison application")
        verbose_name_plural = _("liaison applications")
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(status="pending"),
                name="one_pending_liaison_application",
            )
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_status_display()})"


class LiaisonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)

    def serving(self, neighborhood):
        return self.active().filter(neighborhoods=neighborhood)


class Liaison(models.Model):
    """One term of service: from approval until the liaison steps down or is removed.

    A term is never deleted, so the program keeps its history; a person who comes back
    starts a new term.
    """

    class Ending(models.TextChoices):
        STEPPED_DOWN = "stepped_down", _("Stepped down")
        REMOVED = "removed", _("Removed by staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="liaison_terms",
    )
    application = models.OneToOneField(
        LiaisonApplication,
        verbose_name=_("application"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="term",
    )
    display_name = models.CharField(_("public name"), max_length=80)
    bio = models.TextField(_("short bio"), max_length=500, blank=True)
    neighborhoods = models.ManyToManyField(
        Neighborhood, verbose_name=_("neighborhoods"), related_name="liaisons"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ending = models.CharField(_("how it ended"), max_length=12, choices=Ending.choices, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ending_note = models.TextField(_("note"), max_length=1000, blank=True)

    objects = LiaisonQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "pk"]
        verbose_name = _("liaison")
        verbose_name_plural = _("liaisons")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(ended_at__isnull=True), name="one_active_liaison_term"
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def is_active(self):
        return self.ended_at is None


class LiaisonContactMessage(models.Model):
    """A resident writes to a liaison through the site; the liaison's address stays private."""

    liaison = models.ForeignKey(
        Liaison, verbose_name=_("liaison"), on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sender_name = models.CharField(_("your name"), max_length=120)
    sender_email = models.EmailField(_("your e-mail address"))
    body = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to a liaison")
        verbose_name_plural = _("messages to liaisons")

    def __str__(self):
        return f"{self.sender_name} → {self.liaison}"


class VolunteerBroadcast(models.Model):
    """A liaison's message to a neighborhood's volunteers; the copy the program keeps."""

    liaison = models.ForeignKey(
        Liaison, verbose_name=_("liaison"), on_delete=models.PROTECT, related_name="broadcasts"
    )
    neighborhood = models.ForeignKey(
        Neighborhood, verbose_name=_("neighborhood"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("message to volunteers")
        verbose_name_plural = _("messages to volunteers")

    def __str__(self):
        return self.subject
