from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "engage.core"
    label = "core"
    verbose_name = _("Site")
    # The core declares its own pages to the site search, as a part would.
    search_sources = ("engage.core.search.PageSource",)

    def ready(self):
        from .page_cache import watch_connection  # also registers its system check

        # Every database connection tells the page cache of its writes.
        connection_created.connect(watch_connection, dispatch_uid="engage.core.page_cache")
