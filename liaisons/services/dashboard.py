"""What a liaison does from their dashboard: follow up on a report, write to volunteers."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import ngettext

from engage.core.audit import record
from engage.core.ratelimit import RateLimit
from engage.notifications.services import notify_followers
from engage.reports import services as reports
from engage.reports.models import ReportEvent

from ..emails import VolunteerNewsEmail
from ..models import VolunteerBroadcast
from ..rules import active_liaison, why_not_follow_up_report, why_not_message_volunteers


class Refused(Exception):
    """What the person asked for is not allowed; the message is translated, for them."""

    @staticmethod
    def rate_limited(wait_seconds):
        hours = max(1, round(wait_seconds / 3600))
        if wait_seconds < 3600:
            minutes = max(1, round(wait_seconds / 60))
            return ngettext(
                "You have sent as many messages as allowed for now. Try again in %(n)s minute.",
                "You have sent as many messages as allowed for now. Try again in %(n)s minutes.",
                minutes,
            ) % {"n": minutes}
        return ngettext(
            "You have sent as many messages as allowed for now. Try again in %(n)s hour.",
            "You have sent as many messages as allowed for now. Try again in %(n)s hours.",
            hours,
        ) % {"n": hours}


@transaction.atomic
def follow_up(report, user, *, note=""):
    """The liaison follows the report (e-mailed at every public change, as any follower)
    and may leave a note for the city's staff: kept in the report's history as an
    internal note, never published. Returns the note's history entry, or None."""
    if reason := why_not_follow_up_report(user, report):
        raise Refused(reason)
    reports.follow(report, user)
    note = note.strip()
    if not note:
        return None
    return ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.NOTE, internal_note=note, is_public=False, actor=user
    )


def broadcast_limit():
    return RateLimit.from_rate("liaison-broadcast", settings.LIAISON_BROADCAST_RATE)


def recipients(neighborhood, sender):
    """The people a message to ``neighborhood``'s volunteers reaches (preferences aside):
    every volunteer registered there with an active account, but the sender."""
    return [
        volunteer.user
        for volunteer in neighborhood.volunteers.select_related("user").exclude(user=sender)
        if volunteer.user.is_active
    ]


def message_volunteers(user, neighborhood, *, subject, body):
    """Send a liaison's message to the volunteers of one of their neighborhoods.

    Counted against ``LIAISON_BROADCAST_RATE`` per liaison before anything is written. Each
    volunteer gets it through ``notify`` on the "volunteer_news" topic, so those who turned
    the topic (or every e-mail) off are left out, and each message carries its unsubscribe
    links. The copy kept says how many it reached.
    """
    if reason := why_not_message_volunteers(user, neighborhood):
        raise Refused(reason)
    if wait := broadcast_limit().hit(user.pk):
        raise Refused(Refused.rate_limited(wait))
    with transaction.atomic():
        broadcast = VolunteerBroadcast.objects.create(
            liaison=active_liaison(user), neighborhood=neighborhood, subject=subject, body=body
        )
        sent = notify_followers(
            recipients(neighborhood, user),
            VolunteerNewsEmail,
            dedupe_key=f"volunteer-broadcast-{broadcast.pk}",
            broadcast=broadcast.pk,
        )
        broadcast.recipient_count = len(sent)
        broadcast.save(update_fields=["recipient_count"])
        record(
            broadcast,
            "liaisons.broadcast",
            user=user,
            data={
                "subject": subject,
                "neighborhood": str(neighborhood),
                "recipients": broadcast.recipient_count,
            },
        )
    return broadcast
