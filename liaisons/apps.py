from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from engage.notifications.topics import Topic


class LiaisonsConfig(AppConfig):
    name = "liaisons"
    label = "liaisons"
    verbose_name = _("Liaisons")
    # What the part declares to the core (see engage.core.parts).
    role_permissions = "liaisons.rules.ROLE_PERMISSIONS"
    notification_topics = (
        Topic("events", _("Volunteer events I signed up for")),
        Topic("volunteer_news", _("Messages from my neighborhood's liaison to its volunteers")),
    )
    demo_content = "liaisons.demo.load_demo_liaisons"
