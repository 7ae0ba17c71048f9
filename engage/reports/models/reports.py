"""Service reports: problems on the street, filed by residents, triaged by staff and worked
by the departments' crews."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index


class Department(models.Model):
    """The city department responsible for a kind of problem (Streets, Sanitation, …)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    # The staff who work the department's queue (a person may be in several).
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff members"),
        blank=True,
        related_name="departments",
    )
    # Service levels: the deadline of a category without its own target, and the share
    # of reports the department commits to close by their deadline.
    target_days = models.PositiveSmallIntegerField(
        _("service-level target (days)"),
        null=True,
        blank=True,
        help_text=_(
            "How many days the department commits to resolve a report in, for its "
            "categories that have no target of their own."
        ),
    )
    goal_percent = models.PositiveSmallIntegerField(
        _("service-level goal (percent on time)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of reports the department aims to resolve by their deadline."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("members"),
        FieldPanel("target_days"),
        FieldPanel("goal_percent"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


class ServiceCategory(TranslatableMixin, index.Indexed, ClusterableModel):
    """A kind of problem residents can report; an Open311 "service"."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Stable identifier used by Open311 apps, e.g. 'graffiti'."),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=80, blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=255, blank=True, help_text=_("Comma-separated.")
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="categories",
    )
    target_days = models.PositiveSmallIntegerField(
        _("service-level target (days)"),
        null=True,
        blank=True,
        help_text=_("How many days the city commits to resolve such a report in."),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("group"),
        FieldPanel("keywords"),
        FieldPanel("department"),
        FieldPanel("target_days"),
        FieldPanel("active"),
        InlinePanel("attributes", label=_("Extra questions")),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("keywords")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["group", "name"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "locale"], name="unique_category_code_per_locale"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def effective_target_days(self):
        """The category's own target, else its department's (None: no target at all)."""
        if self.target_days is not None:
            return self.target_days
        if self.department_id is not None:
            return self.department.target_days
        return None

    def due_at(self, submitted_at):
        """The deadline: the target's calendar days later, at the same local time.

        Arithmetic on a local (zoneinfo) time keeps the wall-clock time across a
        daylight-saving change, which is what "within 7 days" means to a resident.
        """
        days = self.effective_target_days
        if days is None:
            return None
        return timezone.localtime(submitted_at) + timedelta(days=days)


class ServiceAttribute(Orderable):
    """An extra question for one category (an Open311 "attribute")."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Long text")
        SINGLE_VALUE_LIST = "singlevaluelist", _("Choose one")
        MULTI_VALUE_LIST = "multivaluelist", _("Choose any")

    category = ParentalKey(ServiceCategory, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(_("code"), max_length=40)
    description = models.CharField(_("question"), max_length=255)
    datatype = models.CharField(_("type"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("required"), default=False)
    datatype_description = models.CharField(_("hint"), max_length=255, blank=True)
    values = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For lists: [{"key": "wall", "name": "Wall"}, …].'),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("datatype"),
        FieldPanel("required"),
        FieldPanel("datatype_description"),
        FieldPanel("values"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("extra question")
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="unique_attribute_code")
        ]

    def __str__(self):
        return self.description

    @property
    def is_list(self):
        return self.datatype in {self.Datatype.SINGLE_VALUE_LIST, self.Datatype.MULTI_VALUE_LIST}


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=ServiceReport.OPEN_STATUSES)

    def public(self):
        """Reports anyone may see: everything but those merged into another."""
        return self.exclude(status=ServiceReport.Status.DUPLICATE)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())

    def in_box(self, south, west, north, east):
        return self.filter(lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east)


def new_reference():
    # Short, unguessable and easy to read out on the phone: no 0/O or 1/I/L.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class ServiceReport(index.Indexed, models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed without action")
        DUPLICATE = "duplicate", _("Duplicate")

    class Resolution(models.TextChoices):
        FIXED = "fixed", _("Fixed")
        NOT_CITY = "not_city", _("Not the city's responsibility")
        DUPLICATE = "duplicate", _("Duplicate of another report")
        NO_ACTION = "no_action", _("No action taken")

    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        OPEN311 = "open311", _("Open311 app")
        PHONE = "phone", _("Phone")
        WALK_IN = "walk_in", _("Walk-in")
        LIAISON = "liaison", _("Neighborhood liaison")
        YOUTH = "youth", _("Youth session")

    OPEN_STATUSES = (Status.SUBMITTED, Status.ACKNOWLEDGED, Status.IN_PROGRESS)

    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_reference, editable=False
    )
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    description = models.TextField(_("description"), max_length=4000, blank=True)
    attributes = models.JSONField(_("answers"), default=dict, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    neighborhood = models.ForeignKey(
        "neighborhoods.Neighborhood",
        verbose_name=_("neighborhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=Resolution.choices, blank=True
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    # The department's crew working on it (``engage.reports.models.crews``).
    crew = models.ForeignKey(
        "reports.Crew",
        verbose_name=_("crew"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    # The person the contact center knows as its reporter (a caller, a walk-in), if any.
    person = models.ForeignKey(
        "reports.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    # Who filed it. Never shown publicly.
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filed_reports",
    )
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    device_id = models.CharField(max_length=120, blank=True)
    media_url = models.URLField(max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    supporter_count = models.PositiveIntegerField(_("supporters"), default=0)

    objects = ReportQuerySet.as_manager()

    # The site search indexes only what the public report page shows: never the
    # description, the contact details, who filed it or internal notes. Public notes are
    # indexed again when one is added (``engage.reports.search``).
    search_fields = [
        index.SearchField("reference", boost=3),
        index.SearchField("category_names", boost=2),
        index.SearchField("address"),
        index.RelatedFields("neighborhood", [index.SearchField("name")]),
        index.SearchField("public_notes"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("service report")
        verbose_name_plural = _("service reports")
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["category", "status", "submitted_at"]),
            models.Index(fields=["lat", "lng"]),
            models.Index(fields=["due_at"]),
            # A department's queue and a crew's list.
            models.Index(fields=["department", "status", "due_at"]),
            models.Index(fields=["crew", "status"]),
            # The home page: recently fixed, problems fixed this month.
            models.Index(fields=["status", "closed_at"]),
            # Service levels: what was closed in a period, against its deadline, and what
            # was still open past it. Covering (the figures read no row) and partial.
            models.Index(
                fields=["closed_at", "due_at", "category", "department", "neighborhood"],
                condition=models.Q(status__in=("resolved", "closed")),
                name="report_closed_service_level",
            ),
            models.Index(
                fields=["due_at", "submitted_at", "category", "department", "neighborhood"],
                condition=models.Q(status__in=("submitted", "acknowledged", "in_progress")),
                name="report_open_service_level",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.category}"

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.reference])

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def category_names(self):
        """The category's name in every language, so a search in any finds the report."""
        return " ".join(
            ServiceCategory.objects.filter(
                translation_key=self.category.translation_key
            ).values_list("name", flat=True)
        )

    def public_notes(self):
        # events.all(): bulk indexing prefetches them (``prefetch_related("events")``).
        return "\n".join(
            event.public_note
            for event in self.events.all()
            if event.is_public and event.public_note
        )

    @property
    def is_overdue(self):
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()


class ReportPhoto(models.Model):
    report = models.ForeignKey(ServiceReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="reports/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.image.name


class ReportEvent(models.Model):
    """One change to a report: who, when, what, and what the public may read about it."""

    class Kind(models.TextChoices):
        FILED = "filed", _("Filed")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        MERGED = "merged", _("Merged")
        REOPENED = "reopened", _("Reopened by the resident")
        CONFIRMED = "confirmed", _("Confirmed fixed by the resident")
        NOTE = "note", _("Note")

    report = models.ForeignKey(ServiceReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=ServiceReport.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ServiceReport.Status.choices, blank=True)
    public_note = models.TextField(_("public note"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    is_public = models.BooleanField(default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report history entry")
        verbose_name_plural = _("report history")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"


class ReportSupport(models.Model):
    """A resident says "this affects me too" instead of filing a duplicate."""

    report = models.ForeignKey(ServiceReport, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="one_support_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} supports {self.report_id}"


class ReportFollow(models.Model):
    """Someone who wants an e-mail at every public change of a report."""

    report = models.ForeignKey(ServiceReport, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="one_follow_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.report_id}"


class Open311ApiKey(models.Model):
    """A key an Open311 client sends as ``api_key``. Only a hash is stored."""

    name = models.CharField(_("name"), max_length=120)
    prefix = models.CharField(max_length=8, editable=False, db_index=True)
    key_hash = models.CharField(max_length=128, editable=False, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None
