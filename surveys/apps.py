from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from engage.notifications.topics import Topic


class SurveysConfig(AppConfig):
    name = "surveys"
    label = "surveys"
    verbose_name = _("Surveys")
    # What the part declares to the core (see engage.core.parts).
    demo_content = "surveys.demo.load_demo_surveys"
    role_permissions = "surveys.rules.ROLE_PERMISSIONS"
    work_waiting = "surveys.admin_home.work_waiting"
    search_sources = ("surveys.search.SurveySource",)
    home_sections = ("surveys.home.OpenSurveys",)
    activity_sections = "surveys.activity.sections"
    neighborhood_sections = "surveys.neighborhood.sections"
    person_record = "surveys.person_record.entries"
    personal_data = "surveys.personal_data"
    audit_actions = "surveys.audit.ACTIONS"
    notification_topics = (Topic("surveys", _("New surveys for my neighborhood")),)

    def ready(self):
        # What the page cache keeps and a CDN purges, and the daily tallies of a deleted
        # neighborhood (surveys/signals.py).
        from . import signals

        signals.connect()
