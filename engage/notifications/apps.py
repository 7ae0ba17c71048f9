from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "engage.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Each app's e-mail classes register themselves on import. A task worker never
        # loads the URLconf (which would import them through the views), so load them here.
        autodiscover_modules("emails")
        from . import signals  # noqa: F401 (what the page cache keeps)
