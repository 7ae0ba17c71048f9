from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YouthConfig(AppConfig):
    name = "youth"
    label = "youth"
    verbose_name = _("Youth programs")
    # What the part declares to the core (see engage.core.parts).
    role_permissions = "youth.rules.ROLE_PERMISSIONS"
    demo_content = "youth.demo.load_demo_youth"
    work_waiting = "youth.admin_home.work_waiting"
    activity_sections = "youth.activity.sections"
    personal_data = "youth.personal_data"
    audit_actions = "youth.audit.ACTIONS"

    def ready(self):
        # Connects the receivers (what the page cache keeps).
        from . import signals  # noqa: F401
