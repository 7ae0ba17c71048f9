"""What the liaisons part does when another part changes something (connected in
``LiaisonsConfig.ready``). Reports never import liaisons: liaisons listens instead.

It also tells the page cache (``engage.core.page_cache``) which of its tables no public
page shows, and a CDN, when one is configured, which event page a sign-up changed."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from engage.core.page_cache import absolute_url, not_shown_to_visitors, purge_on_change
from engage.reports.models import ServiceReport

from .models import (
    EventPhoto,
    LiaisonApplication,
    LiaisonContactMessage,
    ReminderSent,
    SignUp,
    VolunteerBroadcast,
    VolunteerEvent,
    WaiverAcceptance,
)
from .services.adoptions import notify_adopters

# --- the page cache

# Applications, messages to liaisons and volunteers, reminders and signed waivers are
# between the people involved and staff; every other write empties the cache.
not_shown_to_visitors(
    LiaisonApplication, LiaisonContactMessage, VolunteerBroadcast, ReminderSent, WaiverAcceptance
)


def _event_page(event_id):
    return [absolute_url(reverse("liaisons:event", args=[event_id]))]


purge_on_change(VolunteerEvent, lambda event: _event_page(event.pk))
purge_on_change(SignUp, lambda signup: _event_page(signup.event_id))
purge_on_change(EventPhoto, lambda photo: _event_page(photo.event_id))

# --- volunteers


@receiver(post_save, sender=ServiceReport, dispatch_uid="liaisons-adopted-area-report")
def tell_adopters_of_new_report(sender, instance, created, raw=False, **kwargs):
    """A report filed inside an adopted area reaches its adopter, once the filing commits.

    ``robust``: a failure here is logged and never turns a filed report into an error page.
    """
    if created and not raw and instance.lat is not None and instance.lng is not None:
        transaction.on_commit(partial(notify_adopters, instance.pk), robust=True)
