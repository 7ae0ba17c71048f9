"""Signing up for volunteer events: places, the waitlist, offers that lapse, reminders.

Capacity is the database's to enforce. ``VolunteerEvent.places_taken`` counts the
sign-ups holding a place (confirmed, or offered and not yet answered); it changes only by
a conditional ``UPDATE … WHERE places_taken < capacity`` (or ``> 0``) in the same
transaction as the sign-up it counts, and a check constraint forbids it to pass the
capacity. One row updated: the person has a place; none: they join the waitlist.

Every operation that moves a place along the waitlist (withdrawing, answering or letting
an offer lapse) first locks the event's row, so two of them never hand the same place to
two people, and a sign-up locks it too before it decides between a place and the
waitlist, so nobody joins the waitlist of an event whose place is just being freed.
Whoever is about to get a place then has their Volunteer row locked before the overlap
check, so one person's simultaneous sign-ups (or a sign-up and a promotion) for two
events at the same time cannot both pass it. Locks are always taken in that order, the
event and then the volunteer, so two operations never wait for each other.

A freed place goes to the first person on the waitlist (oldest first) as an *offer* that
lapses after ``LIAISONS_OFFER_HOURS``, but always before the event's day begins in the
site's time zone: on the day itself nobody should still be waiting to hear whether the
place is theirs, nor lose one they were counting on because an e-mail went unread. When
a place frees up so late that an offer could not run for ``SHORTEST_OFFER`` before that
day begins, there is no time to ask: the next person who can come (no overlapping place
elsewhere) is confirmed directly and told by e-mail, and withdraws like anyone else if
they cannot make it.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engage.notifications.services import notify

from .. import rules
from ..emails import (
    ConfirmedFromWaitlistEmail,
    EventReminderEmail,
    OfferLapsedEmail,
    PlaceOfferedEmail,
)
from ..models import ReminderSent, SignUp, Volunteer, VolunteerEvent, new_calendar_token

Status = SignUp.Status

# An offer that could only run for less than this before the event's day is no offer:
# nobody could be expected to see the e-mail and answer in time.
SHORTEST_OFFER = datetime.timedelta(hours=1)


class SignUpRefused(Exception):
    """A rule refused the operation; ``str(error)`` is a translated sentence for the person."""


def _refuse_if(reason):
    if reason:
        raise SignUpRefused(reason)


def _locked_event(event_pk):
    return VolunteerEvent.objects.select_for_update(of=("self",)).get(pk=event_pk)


def _lock_volunteer(volunteer_pk):
    list(Volunteer.objects.select_for_update().filter(pk=volunteer_pk).values_list("pk"))


def _local_when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# Rules that need the database ---------------------------------------------------------


def clashing_signup(volunteer, event):
    """The volunteer's place (confirmed or offered) at another event at the same time."""
    return (
        SignUp.objects.holding_a_place()
        .filter(
            volunteer=volunteer,
            event__starts_at__lt=event.ends_at,
            event__ends_at__gt=event.starts_at,
        )
        .exclude(event=event)
        .exclude(event__status=VolunteerEvent.Status.CANCELLED)
        .select_related("event")
        .first()
    )


def _clash_reason(clash):
    return _(
        "You already have a place at “%(event)s” at the same time (%(when)s). "
        "Withdraw from it first if you would rather come to this one."
    ) % {"event": clash.event.title, "when": _local_when(clash.event.starts_at)}


def waitlist_position(signup):
    """1 for the first person on the waitlist, or None when not waitlisted."""
    if signup.status != Status.WAITLISTED:
        return None
    ahead = (
        SignUp.objects.filter(event_id=signup.event_id, status=Status.WAITLISTED)
        .filter(created_at__lte=signup.created_at)
        .exclude(created_at=signup.created_at, pk__gte=signup.pk)
        .count()
    )
    return ahead + 1


def offer_deadline(event, now):
    """When an offer made at ``now`` lapses, or None when it is too late for an offer."""
    starts = timezone.localtime(event.starts_at)
    day_begins = starts.replace(hour=0, minute=0, second=0, microsecond=0)
    # Local midnight, made aware again so a daylight-saving change that day is respected.
    day_begins = timezone.make_aware(day_begins.replace(tzinfo=None), starts.tzinfo)
    deadline = min(now + datetime.timedelta(hours=settings.LIAISONS_OFFER_HOURS), day_begins)
    if deadline - now < SHORTEST_OFFER:
        return None
    return deadline


# Signing up and withdrawing -----------------------------------------------------------


def sign_up(event, volunteer, *, now=None):
    """A place at ``event`` if one is left, else a place on its waitlist.

    Returns the SignUp (CONFIRMED or WAITLISTED); raises SignUpRefused with the reason.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            event = _locked_event(event.pk)
            _lock_volunteer(volunteer.pk)
            _refuse_if(rules.why_not_sign_up(volunteer))
            _refuse_if(rules.why_event_closed(event, now))
            if SignUp.objects.live().filter(event=event, volunteer=volunteer).exists():
                raise SignUpRefused(_("You are already signed up for this event."))
            if clash := clashing_signup(volunteer, event):
                raise SignUpRefused(_clash_reason(clash))
            took_a_place = VolunteerEvent.objects.filter(
                pk=event.pk, places_taken__lt=F("capacity")
            ).update(places_taken=F("places_taken") + 1)
            return SignUp.objects.create(
                event=event,
                volunteer=volunteer,
                status=Status.CONFIRMED if took_a_place else Status.WAITLISTED,
            )
    except IntegrityError:
        # The partial unique constraint: the same person's other request won the race.
        # The whole transaction, place included, was rolled back.
        raise SignUpRefused(_("You are already signed up for this event.")) from None


def live_signup(event, volunteer):
    return SignUp.objects.live().filter(event=event, volunteer=volunteer).first()


def cancel_signup(signup, *, now=None):
    """The volunteer withdraws; a place they held goes to the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked_event(signup.event_id)
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.status not in SignUp.LIVE_STATUSES:
            raise SignUpRefused(_("You are not signed up for this event."))
        if event.starts_at <= now:
            raise SignUpRefused(_("This event has already started: you can no longer withdraw."))
        if signup.checked_in_at is not None:
            raise SignUpRefused(_("You are checked in at this event: ask its liaison."))
        # A walk-in beyond the places never held one (see services.on_the_day).
        held_a_place = signup.status in SignUp.PLACE_STATUSES and not signup.walk_in
        signup.status = Status.CANCELLED
        signup.offer_expires_at = None
        signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
        if held_a_place:
            _pass_place_on(event, now)
        return signup


def answer_offer(signup, accept, *, now=None):
    """Take (``accept``) or turn down the place offered. Turning it down leaves the event."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _locked_event(signup.event_id)
        signup = SignUp.objects.select_for_update().select_related("volunteer").get(pk=signup.pk)
        lapsed = signup.status == Status.OFFERED and signup.offer_expires_at <= now
        if lapsed:
            # Not yet swept by lapse_offers: lapse it now, and say so once committed.
            _lapse(signup, event, now)
        else:
            _refuse_if(_why_not_answer(signup))
            if accept:
                _lock_volunteer(signup.volunteer_id)
                _refuse_if(rules.why_not_sign_up(signup.volunteer))
                if clash := clashing_signup(signup.volunteer, event):
                    raise SignUpRefused(_clash_reason(clash))
                signup.status = Status.CONFIRMED
            else:
                signup.status = Status.CANCELLED
            signup.offer_expires_at = None
            signup.save(update_fields=["status", "offer_expires_at", "updated_at"])
            if not accept:
                _pass_place_on(event, now)
            return signup
    raise SignUpRefused(_lapsed_reason())


def _lapsed_reason():
    return _("This offer has lapsed and the place went to the next person on the waitlist.")


def _why_not_answer(signup):
    if signup.status == Status.OFFERED:
        return None
    if signup.status == Status.LAPSED:
        return _lapsed_reason()
    if signup.status == Status.CONFIRMED:
        return _("You already have a place at this event.")
    return _("There is no place on offer for you at this event.")


# The waitlist ---------------------------------------------------------------------------


def lapse_offers(now=None):
    """Offers not answered in time lapse; each place passes to the next person.

    Safe to run as often as one likes, and by two workers at once: each offer is
    re-read under its event's lock, and only one still OFFERED and due is lapsed.
    Returns the number of offers lapsed.
    """
    now = now or timezone.now()
    due = SignUp.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
    lapsed = 0
    for signup_pk, event_pk in due.order_by("offer_expires_at", "pk").values_list("pk", "event_id"):
        with transaction.atomic():
            event = _locked_event(event_pk)
            signup = (
                SignUp.objects.select_for_update()
                .filter(pk=signup_pk, status=Status.OFFERED, offer_expires_at__lte=now)
                .first()
            )
            if signup is not None:
                _lapse(signup, event, now)
                lapsed += 1
    return lapsed


def _lapse(signup, event, now):
    signup.status = Status.LAPSED
    signup.save(update_fields=["status", "updated_at"])
    notify(
        signup.volunteer.user,
        OfferLapsedEmail,
        dedupe_key=f"liaisons-offer-lapsed-{signup.pk}",
        signup=signup.pk,
    )
    _pass_place_on(event, now)


def _pass_place_on(event, now):
    """A place held at the (locked) ``event`` is free: offer it to the waitlist or free it.

    The place stays counted while it moves from one person to the next, so nobody who
    signs up meanwhile can take it ahead of the waitlist.
    """
    if event.status == VolunteerEvent.Status.PUBLISHED and event.starts_at > now:
        deadline = offer_deadline(event, now)
        waiting = (
            SignUp.objects.waiting_in_order().filter(event=event).select_related("volunteer__user")
        )
        for candidate in waiting.select_for_update(of=("self",)):
            if deadline is not None:
                candidate.status = Status.OFFERED
                candidate.offer_expires_at = deadline
                email = PlaceOfferedEmail
            else:
                _lock_volunteer(candidate.volunteer_id)
                if clashing_signup(candidate.volunteer, event) is not None:
                    continue  # a place elsewhere then: not confirmed behind their back
                candidate.status = Status.CONFIRMED
                email = ConfirmedFromWaitlistEmail
            candidate.save(update_fields=["status", "offer_expires_at", "updated_at"])
            notify(
                candidate.volunteer.user,
                email,
                dedupe_key=f"{email.key}-{candidate.pk}",
                signup=candidate.pk,
            )
            return candidate
    VolunteerEvent.objects.filter(pk=event.pk, places_taken__gt=0).update(
        places_taken=F("places_taken") - 1
    )
    return None


# Reminders -------------------------------------------------------------------------------


def reminder_leads():
    """The lead times (minutes before the start) reminders go out at, longest first."""
    return sorted({int(minutes) for minutes in settings.LIAISONS_REMINDER_LEADS}, reverse=True)


def send_due_reminders(now=None):
    """Remind everyone with a place at an event that starts within a lead time.

    Each sign-up gets each lead's reminder at most once: the ReminderSent row is written
    in the same transaction as the queued e-mail, and its unique constraint turns a second
    run (or a second worker) into a no-op. When several leads are due at once (the person
    was confirmed late, or the task did not run for a while) only the nearest is sent, and
    the others are recorded as done. A lead whose moment passed before the person signed
    up is skipped: they signed up knowing the date. Returns the number of reminders sent.
    """
    now = now or timezone.now()
    leads = reminder_leads()
    if not leads:
        return 0
    candidates = (
        SignUp.objects.filter(
            status=Status.CONFIRMED,
            event__status=VolunteerEvent.Status.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + datetime.timedelta(minutes=leads[0]),
        )
        .select_related("event", "volunteer__user")
        .prefetch_related("reminders")
        .order_by("event__starts_at", "pk")
    )
    sent = 0
    for signup in candidates:
        done = {reminder.lead_minutes for reminder in signup.reminders.all()}
        due = [
            lead
            for lead in leads
            if lead not in done and signup.event.starts_at - datetime.timedelta(minutes=lead) <= now
        ]
        if due and _remind(signup, due, now):
            sent += 1
    return sent


def _remind(signup, due, now):
    """Record every due lead, and send the nearest one's reminder if it is still wanted."""
    nearest = min(due)
    moment = signup.event.starts_at - datetime.timedelta(minutes=nearest)
    try:
        with transaction.atomic():
            for lead in due:
                ReminderSent.objects.create(signup=signup, lead_minutes=lead)
            if signup.created_at > moment:
                return False
            notify(
                signup.volunteer.user,
                EventReminderEmail,
                dedupe_key=f"liaisons-event-reminder-{signup.pk}-{nearest}",
                signup=signup.pk,
                lead_minutes=nearest,
            )
            return True
    except IntegrityError:
        return False  # another run recorded it first


# The private calendar ------------------------------------------------------------------


def reset_calendar_token(volunteer):
    """A new secret address for the volunteer's calendar; the old one stops working."""
    volunteer.calendar_token = new_calendar_token()
    volunteer.save(update_fields=["calendar_token"])
    return volunteer
