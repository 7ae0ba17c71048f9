from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeighborhoodsConfig(AppConfig):
    name = "engage.neighborhoods"
    label = "neighborhoods"
    verbose_name = _("Neighborhoods")
