from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from engage.notifications.topics import Topic


class IdeasConfig(AppConfig):
    name = "ideas"
    label = "ideas"
    verbose_name = _("Ideas")
    # What the part declares to the core (see engage.core.parts).
    demo_content = "ideas.demo.load_demo_ideas"
    role_permissions = "ideas.rules.ROLE_PERMISSIONS"
    work_waiting = "ideas.admin_home.work_waiting"
    search_sources = ("ideas.search.IdeaSource",)
    home_sections = ("ideas.home.TrendingIdeas",)
    activity_sections = "ideas.activity.sections"
    neighborhood_sections = "ideas.neighborhood.sections"
    person_record = "ideas.person_record.entries"
    personal_data = "ideas.personal_data"
    audit_actions = "ideas.audit.ACTIONS"
    notification_topics = (Topic("ideas", _("Ideas I proposed, voted on or follow")),)

    def ready(self):
        # Connects the receivers (what the page cache keeps and a CDN purges).
        from . import signals  # noqa: F401
