"""The liaisons part's notification e-mails (templates under templates/liaisons/emails/)."""

from django.urls import reverse

from engage.notifications.emails import NotificationEmail, absolute_url, register

from .models import VolunteerHours

# --- dayof


@register
class HoursReviewedEmail(NotificationEmail):
    """Hours a volunteer logged were approved or declined (with the reason)."""

    key = "liaisons-hours-reviewed"
    topic = "events"
    template_prefix = "liaisons/emails/hours_reviewed"

    def get_context(self, user, params):
        return {
            "entry": VolunteerHours.objects.select_related("event").get(pk=params["hours"]),
            "my_volunteering_url": absolute_url(reverse("liaisons:my_volunteering")),
        }
