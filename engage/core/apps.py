from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "engage.core"
    label = "core"
    verbose_name = _("Site")
    # The core declares its own pages to the site search, as a part would.
    search_sources = ("engage.core.search.PageSource",)
