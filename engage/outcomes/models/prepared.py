"""The figures of the periods the pages offer in one click, prepared ahead by a task
(``engage.outcomes.prepared``), so that a visitor never waits for a whole city's figures
to be counted. A row is the city-wide staff figures of one period in one language, as the
monthly snapshots write them (``metrics.serialized``); the public subset is read
from the same row."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PreparedFigures(models.Model):
    language = models.CharField(max_length=10)
    start = models.DateField()
    end = models.DateField(help_text=_("The day after the period's last day."))
    sections = models.TextField(help_text=_("The sections as JSON."))
    prepared_at = models.DateTimeField()

    class Meta:
        verbose_name = _("prepared figures")
        verbose_name_plural = _("prepared figures")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "start", "end"], name="outcomes_prepared_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.language} {self.start}–{self.end}"
