from django.urls import reverse

from engage.notifications.emails import NotificationEmail, absolute_url, register
from engage.notifications.services import notify

from .models import Liaison, LiaisonApplication, LiaisonContactMessage
from .rules import CONTACT_TOPIC

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
