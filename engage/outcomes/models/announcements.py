"""Telling the people behind an outcome what came of it, once each.

An ``Announcement`` is one piece of news about an outcome: its first publication, or a
milestone staff chose to announce being reached. It belongs to the outcome in the
language it was first written in (its other languages are translations of the same
outcome, told with the same announcement), and exists once per piece of news, which a
unique constraint holds however often a page is published.

An ``AnnouncementRecipient`` is one person to tell: an account, or the address someone
without an account gave when filing a report. Unique constraints hold one row per
person per announcement, so a person who voted for an idea, followed it and filed a
linked report is one row, one message. A row remembers the notification queued for it,
so sending again (a retried task) only reaches the rows still waiting.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .pages import OutcomePage


class Announcement(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Outcome published")
        MILESTONE = "milestone", _("Milestone reached")

    outcome = models.ForeignKey(
        "outcomes.OutcomePage",
        verbose_name=_("outcome"),
        on_delete=models.CASCADE,
        related_name="announcements",
    )
    kind = models.CharField(_("news"), max_length=12, choices=Kind.choices)
    milestone = models.ForeignKey(
        "outcomes.OutcomeMilestone",
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
    )
    # "published", or "milestone-<pk>": what makes the news one of a kind for its outcome.
    key = models.CharField(max_length=40, editable=False)
    # A milestone already reached when the outcome was first published is told in that
    # message rather than in one of its own.
    told_in = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("told in"),
    )
    created_at = models.DateTimeField(_("announced"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "key"], name="outcomes_one_announcement_per_news"
            ),
        ]

    def __str__(self):
        return f"{self.outcome_id}: {self.key}"


class RecipientQuerySet(models.QuerySet):
    def told(self):
        """The recipients a message was (or is about to be) sent to."""
        return self.filter(skipped_reason="")

    def people_count(self):
        """How many different people: a person told of a publication and of two
        milestones counts once."""
        accounts = self.filter(user__isnull=False).aggregate(n=Count("user", distinct=True))
        addresses = self.filter(user=None).aggregate(n=Count("email", distinct=True))
        return accounts["n"] + addresses["n"]


class AnnouncementRecipient(models.Model):
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="recipients"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # For a report filed without an account: the address given, lower-cased, and the
    # language the person used.
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=12, blank=True)
    notification = models.ForeignKey(
        "notifications.Notification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    # Why nothing was queued (the person turned these e-mails off in the meantime).
    skipped_reason = models.CharField(max_length=60, blank=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("person told")
        verbose_name_plural = _("people told")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"],
                condition=Q(user__isnull=False),
                name="outcomes_one_message_per_account",
            ),
            models.UniqueConstraint(
                fields=["announcement", "email"],
                condition=Q(user__isnull=True),
                name="outcomes_one_message_per_address",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False, email="") | (Q(user=None) & ~Q(email="")),
                name="outcomes_recipient_is_an_account_or_an_address",
            ),
        ]

    def __str__(self):
        return f"{self.announcement_id} → {self.user_id or self.email}"


def refresh_people_told(outcome):
    """Write how many people the news of ``outcome`` reached on it and its translations.

    Run after every publication too: publishing a revision writes back the count the
    revision was saved with."""
    count = AnnouncementRecipient.objects.filter(announcement__outcome=outcome).told()
    count = count.people_count()
    OutcomePage.objects.filter(translation_key=outcome.translation_key).update(people_told=count)
    return count
