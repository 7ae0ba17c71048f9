"""The liaisons part's notification e-mails (see engage.notifications.emails).

Each is sent in the person's own language by the notification task; dates and times are
shown in the site's time zone, where the event happens.
"""

from django.urls import reverse

from engage.notifications.emails import NotificationEmail, absolute_url, register

from .models import SignUp

# --- signups


def _signup_context(signup_pk):
    signup = SignUp.objects.select_related("event", "event__neighborhood", "volunteer").get(
        pk=signup_pk
    )
    event = signup.event
    return {
        "signup": signup,
        "event": event,
        "event_url": absolute_url(event.get_absolute_url()) + "#signup",
        "ics_url": absolute_url(reverse("liaisons:event_ics", args=[event.pk])),
    }


@register
class PlaceOfferedEmail(NotificationEmail):
    """A place freed up and is offered to the first person on the waitlist, for a while."""

    key = "liaisons-place-offered"
    topic = "events"
    template_prefix = "liaisons/emails/place_offered"

    def get_context(self, user, params):
        return _signup_context(params["signup"])


@register
class ConfirmedFromWaitlistEmail(NotificationEmail):
    """A place freed up too close to the event for an offer: the person now has it."""

    key = "liaisons-confirmed-from-waitlist"
    topic = "events"
    template_prefix = "liaisons/emails/confirmed_from_waitlist"

    def get_context(self, user, params):
        return _signup_context(params["signup"])


@register
class OfferLapsedEmail(NotificationEmail):
    """The person did not answer an offer in time; the place went to the next person."""

    key = "liaisons-offer-lapsed"
    topic = "events"
    template_prefix = "liaisons/emails/offer_lapsed"

    def get_context(self, user, params):
        return _signup_context(params["signup"])


@register
class EventReminderEmail(NotificationEmail):
    """An event the person has a place at is coming: when, where, what to bring."""

    key = "liaisons-event-reminder"
    topic = "events"
    template_prefix = "liaisons/emails/event_reminder"

    def get_context(self, user, params):
        return _signup_context(params["signup"])
