from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "engage.reports"
    label = "reports"
    verbose_name = _("Service reports")
    # Called by `manage.py seed_demo` (see engage.core's seed_demo command).
    demo_content = "engage.reports.demo.load_demo_reports"
