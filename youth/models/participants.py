"""Participants: the least a program needs to know about a young person.

First name and last initial, an age band (never a birth date), school and grade if the
educator wants them. No account, no e-mail, no public profile. Their names are shown
only to the program's educators and to staff. Anything beyond the roster (the survey
pairing, field reports) waits for consent: a guardian's, or the school's for educational
use (``youth.rules.consent_refusal``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .codes import new_participant_token


class Participant(models.Model):
    class AgeBand(models.TextChoices):
        UNDER_11 = "8-10", _("8 to 10")
        FROM_11 = "11-13", _("11 to 13")
        FROM_14 = "14-15", _("14 to 15")
        FROM_16 = "16-17", _("16 to 17")

    program = models.ForeignKey(
        "youth.Program", on_delete=models.CASCADE, related_name="participants"
    )
    first_name = models.CharField(_("first name"), max_length=40)
    last_initial = models.CharField(_("initial of the last name"), max_length=1, blank=True)
    age_band = models.CharField(_("age"), max_length=5, choices=AgeBand.choices)
    school = models.CharField(_("school"), max_length=160, blank=True)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    token = models.CharField(
        _("handout code"), max_length=16, unique=True, default=new_participant_token
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by purge_youth_data: the names, school and grade are gone, the row stays so the
    # program's counts (attendance, reports, pre/post) stay true.
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["first_name", "last_initial", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.purged_at:
            return _("Removed participant")
        return f"{self.first_name} {self.last_initial}." if self.last_initial else self.first_name


class GuardianConsentQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(withdrawn_at__isnull=True)


class GuardianConsent(models.Model):
    """A parent's or guardian's consent, on paper (entered by the educator) or online (the
    form reached by the link the educator sent)."""

    class Method(models.TextChoices):
        PAPER = "paper", _("Signed paper form")
        ONLINE = "online", _("Online form")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    method = models.CharField(_("how"), max_length=8, choices=Method.choices)
    guardian_name = models.CharField(_("parent or guardian"), max_length=120)
    guardian_contact = models.CharField(
        _("parent or guardian's phone or e-mail"), max_length=255, blank=True
    )
    given_on = models.DateField(_("date given"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = GuardianConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("guardian consent")
        verbose_name_plural = _("guardian consents")
        constraints = [
            # One consent in force per participant: a new one replaces the old (withdrawn).
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(withdrawn_at__isnull=True),
                name="youth_one_consent_in_force",
            ),
        ]

    def __str__(self):
        return f"{self.guardian_name} ({self.get_method_display()})"


class Attendance(models.Model):
    session = models.ForeignKey(
        "youth.Session", on_delete=models.CASCADE, related_name="attendance"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("present"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="youth_attendance_once"
            ),
        ]

    def __str__(self):
        return f"{self.participant} @ {self.session}"


class SessionJoin(models.Model):
    """A device that joined a session with its code: as a participant from the roster, or
    anonymously (``participant`` empty) where the program allows it. A name is taken by
    one device per session (a unique constraint); the educator can free it."""

    session = models.ForeignKey("youth.Session", on_delete=models.CASCADE, related_name="joins")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="joins"
    )
    # Random, kept in the device's session: which join this browser is.
    device_key = models.CharField(max_length=64, unique=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session join")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(participant__isnull=False),
                name="youth_name_joins_once",
            ),
        ]

    def __str__(self):
        return f"{self.session} · {self.participant or '—'}"
