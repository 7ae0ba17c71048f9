"""Monthly snapshots: a month's performance figures frozen once, so that a number the city
published never changes silently when a late report is filed or a figure's formula moves on.

The figures are kept as the exact JSON text that was hashed (not a JSON column, whose
database may reorder keys or respell numbers), with its SHA-256 checksum: anyone holding
the monthly report can check the numbers they read against the checksum printed on it.
A snapshot is written once and never changed nor deleted (``save`` and ``delete`` refuse).
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def checksum(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class FrozenSnapshot(Exception):
    """A snapshot may not be changed or deleted once written."""


class MonthlySnapshot(models.Model):
    month = models.DateField(
        _("month"), unique=True, help_text=_("The first day of the month the figures are of.")
    )
    figures = models.TextField(_("figures (JSON)"), editable=False)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = _("monthly snapshot")
        verbose_name_plural = _("monthly snapshots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="outcomes_snapshot_first_of_month"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenSnapshot(f"The snapshot of {self} is frozen.")
        self.checksum = checksum(self.figures)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenSnapshot(f"The snapshot of {self} is frozen.")

    def is_intact(self):
        """True when the figures are still those the checksum was taken of."""
        return checksum(self.figures) == self.checksum

    def clean(self):
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("A snapshot is of a whole month.")})
