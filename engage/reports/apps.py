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
    work_waiting = "engage.reports.admin_home.work_waiting"
    search_sources = (
        "engage.reports.search.ReportSource",
        "engage.reports.knowledge.search.AnswerSource",
    )
    home_sections = ("engage.reports.home.RecentlyFixed",)
    activity_sections = "engage.reports.activity.sections"
    person_record = "engage.reports.person_record.entries"
    personal_data = "engage.reports.personal_data"
    audit_actions = "engage.reports.audit.ACTIONS"
    notification_topics = (Topic("reports", _("Problems I reported or follow")),)

    def ready(self):
        # Connects the receivers: the re-indexing of public notes (search), what the page
        # cache keeps and a CDN purges (signals).
        from . import search, signals  # noqa: F401
