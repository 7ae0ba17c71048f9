"""Volunteers: who they are, the waiver they accepted, and the blocks they adopted."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from engage.neighborhoods import geometry
from engage.neighborhoods.models import Neighborhood

from .codes import new_calendar_token, new_personal_code

# --- Volunteers ----------------------------------------------------------------------


class Waiver(models.Model):
    """The liability waiver volunteers accept; each edit staff publish is a new version."""

    version = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    panels = [FieldPanel("title"), FieldPanel("text"), FieldPanel("published_at")]

    class Meta:
        ordering = ["-version"]
        get_latest_by = "version"
        verbose_name = _("volunteer waiver")
        verbose_name_plural = _("volunteer waivers")

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def save(self, *args, **kwargs):
        # Versions only go up: an acceptance names the exact text the volunteer agreed to.
        if self.version is None:
            latest = Waiver.objects.aggregate(latest=models.Max("version"))["latest"]
            self.version = (latest or 0) + 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        return cls.objects.filter(published_at__lte=timezone.now()).order_by("-version").first()


class Volunteer(models.Model):
    class AgeBand(models.TextChoices):
        UNDER_13 = "under_13", _("Under 13")
        TEEN = "13_17", _("13 to 17")
        ADULT = "18_64", _("18 to 64")
        SENIOR = "65_plus", _("65 or older")

    MINOR_BANDS = (AgeBand.UNDER_13, AgeBand.TEEN)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="volunteer",
    )
    display_name = models.CharField(_("name on rosters and certificates"), max_length=120)
    neighborhoods = models.ManyToManyField(
        Neighborhood, verbose_name=_("neighborhoods"), related_name="volunteers"
    )
    skills = models.CharField(_("skills"), max_length=255, blank=True)
    availability = models.CharField(_("availability"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices)
    emergency_contact_name = models.CharField(
        _("emergency contact name"), max_length=120, blank=True
    )
    emergency_contact_phone = models.CharField(
        _("emergency contact phone"), max_length=40, blank=True
    )
    guardian_name = models.CharField(_("parent or guardian"), max_length=120, blank=True)
    guardian_contact = models.CharField(
        _("parent or guardian's phone or e-mail"), max_length=255, blank=True
    )
    guardian_consent_at = models.DateTimeField(
        _("guardian consent recorded"), null=True, blank=True
    )
    guardian_consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    personal_code = models.CharField(
        _("check-in code"), max_length=12, unique=True, default=new_personal_code, editable=False
    )
    calendar_token = models.CharField(
        max_length=32, unique=True, default=new_calendar_token, editable=False
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["display_name", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self):
        return self.display_name

    @property
    def is_minor(self):
        return self.age_band in self.MINOR_BANDS

    @property
    def may_sign_up(self):
        """A minor takes part only once a guardian's consent is on record."""
        return not self.is_minor or self.guardian_consent_at is not None


class WaiverAcceptance(models.Model):
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="waiver_acceptances"
    )
    waiver = models.ForeignKey(Waiver, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-accepted_at", "-pk"]
        verbose_name = _("waiver acceptance")
        verbose_name_plural = _("waiver acceptances")
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "waiver"], name="accept_waiver_once")
        ]

    def __str__(self):
        return f"{self.volunteer} v{self.waiver.version}"


# --- Adopt a block -------------------------------------------------------------------


class AdoptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class Adoption(models.Model):
    """An area a volunteer (alone or for a group) looks after; new reports inside reach them."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="adoptions")
    name = models.CharField(_("name of the area"), max_length=120)
    group_name = models.CharField(_("group"), max_length=120, blank=True)
    area = models.JSONField(_("area"), help_text=_("A GeoJSON Polygon, longitude before latitude."))
    # Bounding box kept beside the polygon so new reports find their adoptions by index.
    min_lat = models.FloatField(editable=False)
    max_lat = models.FloatField(editable=False)
    min_lng = models.FloatField(editable=False)
    max_lng = models.FloatField(editable=False)
    neighborhood = models.ForeignKey(
        Neighborhood,
        verbose_name=_("neighborhood"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("adopted area")
        verbose_name_plural = _("adopted areas")
        indexes = [models.Index(fields=["min_lat", "max_lat", "min_lng", "max_lng"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        geometry.validate(self.area, field="area")
        self.min_lng, self.min_lat, self.max_lng, self.max_lat = geometry.bounds(self.area)
        super().save(*args, **kwargs)

    def contains(self, lat, lng):
        return geometry.contains(self.area, lat=lat, lng=lng)
