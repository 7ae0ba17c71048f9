from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from engage.notifications.topics import Topic


class OutcomesConfig(AppConfig):
    """The top floor: what changed because residents spoke up, and how the city performs.
    It may import every part; no part imports it."""

    name = "engage.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes")
    # What the part declares to the core (see engage.core.parts).
    notification_topics = (
        Topic("outcomes", _("Outcomes of ideas, reports, surveys and events I took part in")),
    )
    role_permissions = "engage.outcomes.rules.ROLE_PERMISSIONS"
    # The demo outcomes, the home page's newest outcomes and the site search.
    demo_content = "engage.outcomes.demo.load_demo_outcomes"
    home_sections = ("engage.outcomes.home.NewestOutcomes",)
    search_sources = ("engage.outcomes.search.OutcomeSource",)
    personal_data = "engage.outcomes.personal_data"
    audit_actions = "engage.outcomes.audit.ACTIONS"

    def ready(self):
        # Connects the receivers (publishing an outcome tells the people behind it).
        from . import signals  # noqa: F401
