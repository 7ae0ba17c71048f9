"""Daily roll-ups of the report figures that would otherwise read every report of the
period: counts per day and dimension, and the day's resolution times. Each day's rows are
computed by the very functions that compute a period live (``engage.outcomes.rollups``),
so a period read from them is the live figure; ``tests/outcomes/test_rollups.py`` holds
that."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyCount(models.Model):
    """How many rows one figure counted on one local day for one value of its dimension
    (a channel, a category's translation key, a neighborhood's or a department's id;
    empty for none)."""

    day = models.DateField()
    figure = models.CharField(max_length=40)
    key = models.CharField(max_length=64, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "day", "key"], name="outcomes_one_count_per_day_and_key"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.figure} {self.key}: {self.count}"


class DailyDurations(models.Model):
    """The resolution times (in seconds) of the reports resolved on one local day, per
    category: kept whole, since a median cannot be added up from daily medians."""

    day = models.DateField()
    figure = models.CharField(max_length=40)
    key = models.CharField(max_length=64, blank=True)
    seconds = models.JSONField(default=list)

    class Meta:
        verbose_name = _("daily durations")
        verbose_name_plural = _("daily durations")
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "day", "key"], name="outcomes_one_duration_list_per_day_and_key"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.figure} {self.key}: {len(self.seconds)}"


class RollupState(models.Model):
    """How far the roll-ups go: every day before ``built_until`` is rolled up, as the
    reports stood at ``checked_at`` (a later change is rolled up by the next refresh)."""

    built_until = models.DateField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roll-up state")
        verbose_name_plural = _("roll-up state")

    def __str__(self):
        return f"until {self.built_until}"
