from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _sync_roles(sender, **kwargs):
    from .permissions import sync_role_permissions

    sync_role_permissions()


class AccountsConfig(AppConfig):
    # This module holds two app configs; this one is engage.accounts'.
    default = True
    name = "engage.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import signals  # noqa: F401

        # post_migrate is sent once per app, in INSTALLED_APPS order; only after the
        # last one do every app's permissions exist, so listen for that one alone.
        last_app = [config for config in apps.get_app_configs() if config.models_module][-1]
        post_migrate.connect(
            _sync_roles, sender=last_app, dispatch_uid="engage.accounts.sync_roles"
        )


class WagtailUsersConfig(WagtailUsersAppConfig):
    """wagtail.users, with the profile fields on its create and edit forms."""

    default = False
    user_viewset = "engage.accounts.viewsets.UserViewSet"
