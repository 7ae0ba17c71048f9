from engage.notifications.emails import NotificationEmail, absolute_url, register

from .models import VolunteerEvent

# --- events


def _event_context(event_pk):
    event = VolunteerEvent.objects.select_related("kind", "neighborhood").get(pk=event_pk)
    return {"event": event, "event_url": absolute_url(event.get_absolute_url())}


@register
class EventReviewedEmail(NotificationEmail):
    """Staff approved or declined an event the person planned."""

    key = "event-reviewed"
    topic = "organising"
    template_prefix = "liaisons/emails/event_reviewed"

    def get_context(self, user, params):
        context = _event_context(params["event"])
        context["approved"] = context["event"].status == VolunteerEvent.Status.PUBLISHED
        return context


@register
class EventChangedEmail(NotificationEmail):
    """The time or the meeting point of an event the person signed up for changed."""

    key = "event-changed"
    topic = "events"
    template_prefix = "liaisons/emails/event_changed"

    def get_context(self, user, params):
        return _event_context(params["event"])


@register
class EventCancelledEmail(NotificationEmail):
    """An event the person signed up for was cancelled, and why."""

    key = "event-cancelled"
    topic = "events"
    template_prefix = "liaisons/emails/event_cancelled"

    def get_context(self, user, params):
        return _event_context(params["event"])
