"""Programs and their sessions: who teaches, where, when, what, and which surveys."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core import page_cache

from .codes import new_join_code, new_results_key


class Partner(models.Model):
    """An organisation that works with a program: a police cadet program, a library, a
    public-works crew that comes to talk."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    description = models.CharField(_("what they do"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return self.name


class ProgramQuerySet(models.QuerySet):
    def for_educator(self, user):
        return self.filter(educators=user)


class Program(models.Model):
    """A group of young people following a curriculum over a few sessions."""

    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    site = models.CharField(
        _("site"), max_length=160, help_text=_("Where it meets: a school, a library, a center.")
    )
    neighborhood = models.ForeignKey(
        "neighborhoods.Neighborhood",
        verbose_name=_("neighborhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    educators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("educators"),
        related_name="youth_programs",
        blank=True,
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partner organisations"), blank=True, related_name="programs"
    )
    curriculum = models.ForeignKey(
        "youth.CurriculumPage",
        verbose_name=_("curriculum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
    )
    pre_survey = models.ForeignKey(
        "surveys.SurveyPage",
        verbose_name=_("survey before"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    post_survey = models.ForeignKey(
        "surveys.SurveyPage",
        verbose_name=_("survey after"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    allow_anonymous = models.BooleanField(
        _("participants may join without choosing a name"),
        default=False,
        help_text=_("They answer the survey and file reports without any name."),
    )
    # A school may consent for educational use on behalf of its students (COPPA, 2025).
    school_consent_by = models.CharField(
        _("school consent given by"),
        max_length=160,
        blank=True,
        help_text=_("Name and role of the school official, e.g. “J. Ortiz, principal”."),
    )
    school_consent_on = models.DateField(_("school consent date"), null=True, blank=True)
    school_consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    personal_data_purged_at = models.DateTimeField(
        _("personal data removed"), null=True, blank=True
    )

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("youth program")
        verbose_name_plural = _("youth programs")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="youth_program_dates"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_school_consent(self):
        return bool(self.school_consent_on)


class Session(models.Model):
    """One meeting of a program. Its join code works only while the educator has it open."""

    class Survey(models.TextChoices):
        NONE = "", _("No survey")
        PRE = "pre", _("The survey before")
        POST = "post", _("The survey after")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=160)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=160, blank=True)
    neighborhood = models.ForeignKey(
        "neighborhoods.Neighborhood",
        verbose_name=_("neighborhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lesson = models.ForeignKey(
        "youth.LessonPage",
        verbose_name=_("lesson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partner presenters"), blank=True, related_name="sessions"
    )
    presenters = models.CharField(
        _("presenters"), max_length=255, blank=True, help_text=_("Who comes to talk.")
    )
    survey = models.CharField(
        _("survey in this session"),
        max_length=4,
        choices=Survey.choices,
        default=Survey.NONE,
        blank=True,
    )
    join_code = models.CharField(
        _("join code"), max_length=16, unique=True, default=new_join_code, editable=False
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    open_until = models.DateTimeField(_("open until"), null=True, blank=True)
    # The surveys part's code for this session's survey (the same characters as the join
    # code), and the segment its responses carry, fixed when first opened.
    access_code = models.OneToOneField(
        "surveys.AccessCode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="youth_session",
    )
    survey_segment = models.CharField(max_length=120, blank=True)
    results_key = models.CharField(max_length=32, unique=True, default=new_results_key)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["program", "starts_at"])]

    def __str__(self):
        return self.title

    def is_open(self, now=None):
        page_cache.changes_at(self.open_until)
        return self.open_until is not None and (now or timezone.now()) < self.open_until
