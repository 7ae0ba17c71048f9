"""The liaison network's notification e-mails (templates in templates/liaisons/emails/)."""

from engage.notifications.emails import NotificationEmail, register

from .models import VolunteerBroadcast


@register
class VolunteerNewsEmail(NotificationEmail):
    """A liaison's message to the volunteers of one of their neighborhoods."""

    key = "liaison-volunteer-news"
    topic = "volunteer_news"
    template_prefix = "liaisons/emails/volunteer_news"

    def get_context(self, user, params):
        broadcast = VolunteerBroadcast.objects.select_related("liaison", "neighborhood").get(
            pk=params["broadcast"]
        )
        return {"broadcast": broadcast}
