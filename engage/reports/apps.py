from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from engage.notifications.topics import Topic


class ReportsConfig(AppConfig):
    name = "engage.reports"
    label = "reports"
    verbose_name = _("Service reports")
    # What the part declares to the core (see engage.core.parts).
    demo_content = "engage.reports.demo.load_demo_reports"
    role_permissions = "engage.reports.rules.ROLE_PERMISSIONS"
    activity_sections = "engage.reports.activity.sections"
    notification_topics = (Topic("reports", _("Problems I reported or follow")),)
