from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .topics import topic_choices


class EmailOptOut(models.Model):
    """A person asked for no more e-mail about one topic."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    topic = models.CharField(_("topic"), max_length=30, choices=topic_choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="unique_opt_out_per_topic")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.topic}"


class Notification(models.Model):
    """One notification e-mail for one person: queued, then sent once.

    Most go to a user. A few go to an address someone typed without an account (the
    receipt for a report filed without logging in): then ``user`` is empty and ``email``
    and ``language`` say where and how to write.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=12, blank=True)
    email_key = models.CharField(max_length=60)
    topic = models.CharField(_("topic"), max_length=30, choices=topic_choices)
    params = models.JSONField(default=dict, blank=True)
    # Callers pass a key when the same event must never mail a person twice
    # (a retried request, a re-run command).
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    skipped_reason = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], name="unique_notification_per_dedupe_key"
            ),
            models.UniqueConstraint(
                fields=["email", "dedupe_key"],
                condition=models.Q(user__isnull=True),
                name="unique_address_notification_per_dedupe_key",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                name="notification_has_a_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.email_key} → {self.user_id or self.email}"
