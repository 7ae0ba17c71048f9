"""The liaisons part's notification e-mails (templates under templates/liaisons/emails/)."""

from django.conf import settings
from django.urls import reverse

from engage.notifications.emails import NotificationEmail, absolute_url, register
from engage.notifications.services import notify
from engage.reports.models import ServiceReport

from .models import (
    Adoption,
    Liaison,
    LiaisonApplication,
    LiaisonContactMessage,
    SignUp,
    Volunteer,
    VolunteerBroadcast,
    VolunteerEvent,
    VolunteerHours,
    Waiver,
)
from .rules import CONTACT_TOPIC

# --- On the day and after: check-in, hours, results, certificates


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


# --- Volunteers: registering, the waiver, consent, adopted blocks


@register
class GuardianConsentEmail(NotificationEmail):
    """To a minor's parent or guardian (no account): the link to read the waiver and consent.

    Sent with ``notify_address``, which has no preferences to check; the topic only files
    it with the other volunteering e-mails.
    """

    key = "volunteer-guardian-consent"
    topic = "events"
    template_prefix = "liaisons/emails/guardian_consent"

    def get_context(self, user, params):
        # The signed token was made when the e-mail was queued: the link expires counting
        # from then, and names the guardian of that moment.
        volunteer = Volunteer.objects.get(pk=params["volunteer"])
        token = params["token"]
        return {
            "volunteer": volunteer,
            "waiver": Waiver.current(),
            "link_days": settings.GUARDIAN_CONSENT_LINK_DAYS,
            "consent_url": absolute_url(reverse("liaisons:guardian_consent", args=[token])),
        }


@register
class AdoptedAreaReportEmail(NotificationEmail):
    """A new service report was filed inside an area the person adopted."""

    key = "volunteer-adopted-area-report"
    topic = "adopted"
    template_prefix = "liaisons/emails/adopted_area_report"

    def get_context(self, user, params):
        report = ServiceReport.objects.select_related("category").get(pk=params["report"])
        adoption = Adoption.objects.get(pk=params["adoption"])
        return {
            "report": report,
            "adoption": adoption,
            "report_url": absolute_url(report.get_absolute_url()),
            "adoption_url": absolute_url(reverse("liaisons:adoption", args=[adoption.pk])),
        }


# --- Events: planning, review, cancelling


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


# --- Sign-ups and the waitlist


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


# --- network: the application's decision, a term ended by staff, a resident's message.


@register
class ApplicationDecidedEmail(NotificationEmail):
    """Staff approved or declined the person's application to be a liaison."""

    key = "liaison-application-decided"
    topic = CONTACT_TOPIC
    template_prefix = "liaisons/emails/application_decided"

    def get_context(self, user, params):
        application = LiaisonApplication.objects.prefetch_related("neighborhoods").get(
            pk=params["application"]
        )
        term = Liaison.objects.filter(application=application).first()
        return {
            "application": application,
            "approved": application.status == LiaisonApplication.Status.APPROVED,
            "neighborhoods": list(term.neighborhoods.all() if term else []),
            "application_url": absolute_url(reverse("liaisons:my_application")),
            "directory_url": absolute_url(reverse("liaisons:directory")),
        }


@register
class LiaisonRemovedEmail(NotificationEmail):
    """Staff ended the person's term as a liaison; the e-mail gives their reason."""

    key = "liaison-removed"
    topic = CONTACT_TOPIC
    template_prefix = "liaisons/emails/liaison_removed"

    def get_context(self, user, params):
        term = Liaison.objects.prefetch_related("neighborhoods").get(pk=params["term"])
        return {"term": term, "neighborhoods": list(term.neighborhoods.all())}


@register
class LiaisonContactEmail(NotificationEmail):
    """A resident wrote to the liaison through the directory; a reply goes to the resident."""

    key = "liaison-contact"
    topic = CONTACT_TOPIC
    template_prefix = "liaisons/emails/liaison_contact"

    def get_context(self, user, params):
        message = LiaisonContactMessage.objects.select_related("liaison").get(pk=params["message"])
        return {"message": message, "liaison": message.liaison}

    def get_reply_to(self, user, params):
        message = LiaisonContactMessage.objects.only("sender_email").get(pk=params["message"])
        return [message.sender_email]


def notify_application_decided(application):
    notify(
        application.applicant,
        ApplicationDecidedEmail,
        dedupe_key=f"liaison-application-decided-{application.pk}",
        application=application.pk,
    )


def notify_removed(term):
    notify(term.user, LiaisonRemovedEmail, dedupe_key=f"liaison-removed-{term.pk}", term=term.pk)


def notify_contact_message(message):
    notify(
        message.liaison.user,
        LiaisonContactEmail,
        dedupe_key=f"liaison-contact-{message.pk}",
        message=message.pk,
    )


# --- The liaison dashboard


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
