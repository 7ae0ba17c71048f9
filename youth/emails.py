"""The youth part's notification e-mails (templates under templates/youth/emails/).

One block per job, like ``urls.py``.
"""

from django.conf import settings
from django.urls import reverse

from engage.notifications.emails import NotificationEmail, absolute_url, register

from .models import Participant

# --- A guardian's consent.


@register
class GuardianConsentLinkEmail(NotificationEmail):
    """To a participant's parent or guardian (no account): the link to the online consent
    form, which the educator asked the site to send.

    Sent with ``notify_address``, which has no preferences to check; the youth part has no
    topic a person subscribes to, so it is filed with the platform's own messages.
    """

    key = "youth-guardian-consent"
    topic = "news"
    template_prefix = "youth/emails/guardian_consent"

    def get_context(self, user, params):
        # The signed token was made when the e-mail was queued: the link expires counting
        # from then.
        participant = Participant.objects.select_related("program").get(pk=params["participant"])
        return {
            "participant": participant,
            "program": participant.program,
            "link_days": settings.GUARDIAN_CONSENT_LINK_DAYS,
            "consent_url": absolute_url(reverse("youth:guardian_consent", args=[params["token"]])),
            "privacy_url": absolute_url(reverse("youth:privacy")),
        }
