from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from engage.notifications.topics import Topic


class LiaisonsConfig(AppConfig):
    name = "liaisons"
    label = "liaisons"
    verbose_name = _("Liaisons")
    # What the part declares to the core (see engage.core.parts).
    role_permissions = "liaisons.rules.ROLE_PERMISSIONS"
    demo_content = "liaisons.demo.load_demo_liaisons"
    work_waiting = "liaisons.admin_home.work_waiting"
    activity_sections = "liaisons.activity.sections"
    person_record = "liaisons.person_record.entries"
    personal_data = "liaisons.personal_data"
    audit_actions = "liaisons.audit.ACTIONS"
    search_sources = ("liaisons.search.LiaisonSource", "liaisons.search.EventSource")
    home_sections = ("liaisons.home.UpcomingVolunteerEvents",)
    notification_topics = (
        Topic("events", _("Volunteer events I signed up for")),
        Topic("organising", _("Volunteer events I organise")),
        Topic("adopted", _("Reports in the areas I adopted")),
        # liaisons.rules.CONTACT_TOPIC (a part's modules cannot load while models load).
        Topic("liaison", _("My liaison application, and residents' messages to me as a liaison")),
        Topic("volunteer_news", _("Messages from my neighborhood's liaison to its volunteers")),
    )

    def ready(self):
        # Connects the receivers (the adopters of a block hear of new reports in it).
        from . import signals  # noqa: F401
