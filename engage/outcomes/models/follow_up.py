""" "Is it really fixed?": the question put once to the reporter of a resolved report, and
their answer (confirmed or reopened, and how satisfied they are with the service)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SATISFACTION_CHOICES = [
    (1, _("1 – Very dissatisfied")),
    (2, _("2 – Dissatisfied")),
    (3, _("3 – Neither satisfied nor dissatisfied")),
    (4, _("4 – Satisfied")),
    (5, _("5 – Very satisfied")),
]


LINK_SALT = "engage.outcomes.fixed-check"
# How long the reporter has to answer once asked.
ANSWER_WINDOW = timedelta(days=30)


class FixedCheckQuerySet(models.QuerySet):
    def for_token(self, token):
        """The check a signed link is for, or None (altered link, check gone)."""
        try:
            pk = signing.loads(token, salt=LINK_SALT)
        except signing.BadSignature:
            return None
        return self.select_related("report__category").filter(pk=pk).first()

    def answered(self):
        return self.filter(answered_at__isnull=False)

    def sent_between(self, start, end):
        return self.filter(sent_at__gte=start, sent_at__lt=end)


class FixedCheck(models.Model):
    """One question about one resolution of a report.

    A report resolved, reopened and resolved again is asked about each resolution: the
    pair (report, ``resolved_at``) is unique, so a re-run of the command never asks twice.
    The reporter is an account (``user``) or only the address they typed (``email``).
    """

    report = models.ForeignKey(
        "reports.ServiceReport",
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="fixed_checks",
    )
    # The resolution asked about: the report's closed_at when the question was sent.
    resolved_at = models.DateTimeField(_("resolved"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    sent_at = models.DateTimeField(_("asked"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    fixed = models.BooleanField(_("fixed"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        choices=SATISFACTION_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # For staff only: never shown on the report's public page.
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    objects = FixedCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("“is it fixed?” check")
        verbose_name_plural = _("“is it fixed?” checks")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "resolved_at"], name="one_fixed_check_per_resolution"
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="fixed_check_satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True, fixed__isnull=True)
                | models.Q(answered_at__isnull=False, fixed__isnull=False),
                name="fixed_check_answered_with_an_answer",
            ),
        ]
        indexes = [models.Index(fields=["sent_at"])]

    def __str__(self):
        return f"{self.report_id} @ {self.resolved_at:%Y-%m-%d}"

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def answer_until(self):
        return self.sent_at + ANSWER_WINDOW

    def token(self):
        """What the e-mail's link carries: the check, signed, so that the reporter needs no
        account and nobody can answer for another report."""
        return signing.dumps(self.pk, salt=LINK_SALT)
