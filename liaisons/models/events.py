"""Volunteer events, the reports they fix, and the sign-ups for them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from engage.neighborhoods.models import Neighborhood
from engage.reports.models import ServiceReport

from .network import Liaison
from .volunteers import Volunteer

# --- Events --------------------------------------------------------------------------


class EventKind(TranslatableMixin, models.Model):
    """A kind of volunteer project (cleanup, tree planting…), a snippet staff add to."""

    name = models.CharField(_("name"), max_length=80)
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("The same in every language, e.g. cleanup.")
    )
    targets_reports = models.BooleanField(
        _("fixes service reports"),
        default=True,
        help_text=_("Events of this kind pick the open reports they will address."),
    )

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("targets_reports")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("kind of volunteer event")
        verbose_name_plural = _("kinds of volunteer events")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="unique_event_kind_per_locale")
        ]

    def __str__(self):
        return self.name


class VolunteerEventQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: published events, cancelled ones included (they say so)."""
        return self.filter(
            status__in=(VolunteerEvent.Status.PUBLISHED, VolunteerEvent.Status.CANCELLED)
        )

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def in_neighborhoods(self, neighborhoods):
        return self.filter(neighborhood__in=neighborhoods)


class VolunteerEvent(models.Model):
    """A cleanup or other volunteer project, tied to the service reports it sets out to fix."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for staff approval")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.ForeignKey(
        EventKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=5000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    meeting_point = models.CharField(_("meeting point"), max_length=255)
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    neighborhood = models.ForeignKey(
        Neighborhood,
        verbose_name=_("neighborhood"),
        on_delete=models.PROTECT,
        related_name="volunteer_events",
    )
    capacity = models.PositiveIntegerField(_("places"))
    places_taken = models.PositiveIntegerField(default=0, editable=False)
    supplies_provided = models.TextField(_("supplies provided"), max_length=1000, blank=True)
    what_to_bring = models.TextField(_("what to bring"), max_length=1000, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    liaison = models.ForeignKey(
        Liaison,
        verbose_name=_("liaison"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    target_reports = models.ManyToManyField(
        ServiceReport,
        through="EventTarget",
        verbose_name=_("reports it addresses"),
        related_name="volunteer_events",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("note to the organiser"), max_length=1000, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("why it was cancelled"), max_length=1000, blank=True)
    # Results, recorded after the event.
    bags_collected = models.PositiveIntegerField(_("bags collected"), null=True, blank=True)
    sites_cleaned = models.PositiveIntegerField(_("sites cleaned"), null=True, blank=True)
    results_note = models.TextField(_("what we did"), max_length=3000, blank=True)
    results_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VolunteerEventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("volunteer event")
        verbose_name_plural = _("volunteer events")
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["neighborhood", "status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("capacity")), name="event_never_over_capacity"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("liaisons:event", args=[self.pk])

    @property
    def places_left(self):
        return max(self.capacity - self.places_taken, 0)

    @property
    def is_full(self):
        return self.places_taken >= self.capacity

    @property
    def is_public(self):
        return self.status in (self.Status.PUBLISHED, self.Status.CANCELLED)

    @property
    def duration_hours(self):
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"))


class EventTarget(models.Model):
    """A report an event sets out to fix, and how the liaison closed it."""

    event = models.ForeignKey(VolunteerEvent, on_delete=models.CASCADE, related_name="targets")
    report = models.ForeignKey(
        ServiceReport, on_delete=models.CASCADE, related_name="volunteer_targets"
    )
    fixed_at = models.DateTimeField(_("marked fixed"), null=True, blank=True)
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    after_photo = models.ImageField(_("after photo"), upload_to="liaisons/after/%Y/%m/", blank=True)
    public_note = models.TextField(_("public note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("report the event addresses")
        verbose_name_plural = _("reports the event addresses")
        constraints = [
            models.UniqueConstraint(fields=["event", "report"], name="target_a_report_once")
        ]

    def __str__(self):
        return f"{self.event} → {self.report.reference}"


class EventPhoto(models.Model):
    class Moment(models.TextChoices):
        BEFORE = "before", _("Before")
        AFTER = "after", _("After")

    event = models.ForeignKey(VolunteerEvent, on_delete=models.CASCADE, related_name="photos")
    moment = models.CharField(_("taken"), max_length=6, choices=Moment.choices)
    image = models.ImageField(_("photo"), upload_to="liaisons/events/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moment", "pk"]
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")

    def __str__(self):
        return self.caption or self.image.name


# --- Sign-ups ------------------------------------------------------------------------


class SignUpQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=SignUp.LIVE_STATUSES)

    def holding_a_place(self):
        return self.filter(status__in=SignUp.PLACE_STATUSES)

    def waiting_in_order(self):
        """The waitlist, first come first served."""
        return self.filter(status=SignUp.Status.WAITLISTED).order_by("created_at", "pk")


class SignUp(models.Model):
    """A volunteer's place at an event, on its waitlist, or offered a place that freed up."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        OFFERED = "offered", _("Offered a place")
        CANCELLED = "cancelled", _("Cancelled")
        LAPSED = "lapsed", _("Offer lapsed")

    LIVE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
    PLACE_STATUSES = (Status.CONFIRMED, Status.OFFERED)

    event = models.ForeignKey(VolunteerEvent, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    offer_expires_at = models.DateTimeField(_("offer lapses"), null=True, blank=True)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            models.Index(fields=["status", "offer_expires_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "volunteer"],
                condition=Q(status__in=("confirmed", "waitlisted", "offered")),
                name="one_live_signup_per_event",
            )
        ]

    def __str__(self):
        return f"{self.volunteer} @ {self.event} ({self.get_status_display()})"


class ReminderSent(models.Model):
    """Proof a reminder went out, so running the task again never sends it twice."""

    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="reminders")
    lead_minutes = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["signup", "lead_minutes"], name="remind_once_per_lead")
        ]

    def __str__(self):
        return f"{self.signup_id} −{self.lead_minutes} min"
