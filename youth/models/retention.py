"""How long participants' personal data are kept, and what each purge did."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="lock")
class YouthRetention(BaseSiteSetting):
    """Set by staff (Settings → Youth data retention); ``purge_youth_data`` applies it."""

    months_after_program = models.PositiveSmallIntegerField(
        _("months kept after a program ends"),
        default=12,
        help_text=_(
            "Participants' names, school, grade, guardian consents and unsent field reports "
            "are removed this many months after their program's last day. Counts stay."
        ),
    )

    panels = [FieldPanel("months_after_program")]

    class Meta:
        verbose_name = _("youth data retention")


class PurgeLog(models.Model):
    """One run of ``purge_youth_data`` that removed something."""

    ran_at = models.DateTimeField(auto_now_add=True)
    programs = models.PositiveIntegerField(default=0)
    participants = models.PositiveIntegerField(default=0)
    consents = models.PositiveIntegerField(default=0)
    field_reports = models.PositiveIntegerField(default=0)
    photos = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-ran_at"]
        verbose_name = _("youth data purge")
        verbose_name_plural = _("youth data purges")

    def __str__(self):
        return str(self.ran_at)
