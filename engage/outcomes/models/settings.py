"""What staff set for the outcomes part from the admin (a Wagtail site setting)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="tick")
class OutcomeSettings(BaseSiteSetting):
    fixed_check_delay_days = models.PositiveSmallIntegerField(
        _("days before asking “is it really fixed?”"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "How long after a report is resolved its reporter is asked whether the problem "
            "is really fixed and how satisfied they are. Long enough for them to go and look."
        ),
    )

    panels = [FieldPanel("fixed_check_delay_days")]

    class Meta:
        verbose_name = _("outcomes and follow-up")
