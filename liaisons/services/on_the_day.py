"""On the day of an event: checking volunteers in, from the roster, by their personal code,
or as walk-ins.

Places and walk-ins: ``places_taken`` counts the confirmed sign-ups and open offers, and
the database never lets it pass ``capacity``. Someone who turns up without a confirmed
place (a registered volunteer who did not sign up, someone from the waitlist, someone new)
takes a free place if there is one, like any sign-up. When the event is full they are
still recorded, since they are there and their hours count: a confirmed, checked-in
sign-up marked ``walk_in``, which holds no place. So ``walk_in`` means "present beyond the
places", ``places_taken`` still equals the sign-ups holding a place that are not walk-ins,
and nobody registered or waiting loses a place to someone who just turned up.

Every operation takes the event's row lock first, so two phones checking in at the same
moment are served one after the other.
"""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from ..audit import record_check_in
from ..models import SignUp, Volunteer, VolunteerEvent, Waiver, WaiverAcceptance
from ..rules import why_not_check_in

Status = SignUp.Status


class DayOfRefused(Exception):
    """Something that cannot be done on the day (or after); the message is translated."""


def normalise_code(code):
    """A code as printed: people type it in lower case, with spaces or a dash."""
    return re.sub(r"[\s-]+", "", code or "").upper()


def volunteer_by_code(code):
    """The volunteer with this personal code, or a ``DayOfRefused`` naming the code."""
    code = normalise_code(code)
    volunteer = Volunteer.objects.filter(personal_code=code).select_related("user").first()
    if not code or volunteer is None:
        raise DayOfRefused(
            _("No volunteer has the code “%(code)s”. Check the code and try again.")
            % {"code": code[:12]}
        )
    return volunteer


def _locked_event(event):
    return (
        VolunteerEvent.objects.select_for_update(of=("self",))
        .select_related("neighborhood")
        .get(pk=event.pk)
    )


def _check_rules(by, event, now):
    if reason := why_not_check_in(by, event, now=now):
        raise DayOfRefused(reason)


def _already_in(signup):
    return DayOfRefused(
        _("%(name)s was already checked in at %(time)s.")
        % {
            "name": signup.volunteer.display_name,
            "time": time_format(timezone.localtime(signup.checked_in_at), "TIME_FORMAT"),
        }
    )


def _mark_present(signup, by, now):
    signup.checked_in_at = now
    signup.checked_in_by = by
    signup.save(update_fields=["status", "walk_in", "checked_in_at", "checked_in_by", "updated_at"])
    return signup


@transaction.atomic
def check_in(event, signup_pk, *, by, now=None):
    """Check in a confirmed sign-up from the roster."""
    now = now or timezone.now()
    event = _locked_event(event)
    _check_rules(by, event, now)
    signup = _check_in_confirmed(event, signup_pk, by, now)
    record_check_in(event, signup, by=by, way="roster")
    return signup


def _check_in_confirmed(event, signup_pk, by, now):
    """Mark a confirmed sign-up present (the event is locked, the rules checked)."""
    signup = (
        SignUp.objects.select_for_update(of=("self",))
        .select_related("volunteer")
        .filter(pk=signup_pk, event=event)
        .first()
    )
    if signup is None or signup.status != Status.CONFIRMED:
        raise DayOfRefused(
            _("This person has no confirmed place at this event: add them as a walk-in.")
        )
    if signup.checked_in_at is not None:
        raise _already_in(signup)
    return _mark_present(signup, by, now)


@transaction.atomic
def check_in_by_code(event, code, *, by, now=None):
    """Check in the volunteer whose personal code was typed or scanned."""
    now = now or timezone.now()
    event = _locked_event(event)
    _check_rules(by, event, now)
    volunteer = volunteer_by_code(code)
    signup = event.signups.live().filter(volunteer=volunteer).first()
    if signup is None:
        raise DayOfRefused(
            _("%(name)s is not signed up for this event. Add them as a walk-in.")
            % {"name": volunteer.display_name}
        )
    if signup.status != Status.CONFIRMED:
        raise DayOfRefused(
            _("%(name)s is on the waitlist for this event. Add them as a walk-in.")
            % {"name": volunteer.display_name}
        )
    signup = _check_in_confirmed(event, signup.pk, by, now)
    record_check_in(event, signup, by=by, way="code")
    return signup


def _why_not_take_part(volunteer):
    if not volunteer.may_sign_up:
        return _(
            "%(name)s is under 18 and no parent or guardian consent is on record: they "
            "cannot take part yet."
        ) % {"name": volunteer.display_name}
    current = Waiver.current()
    if current and not volunteer.waiver_acceptances.filter(waiver=current).exists():
        return _(
            "%(name)s has not accepted the current volunteer waiver. They can accept it "
            "on their phone under “My details”, then be checked in."
        ) % {"name": volunteer.display_name}
    return None


def _admit(event, volunteer, by, now):
    """Check in someone who came without a confirmed place (the event row is locked).

    Returns the sign-up; ``signup.walk_in`` says whether they are beyond the places.
    """
    if reason := _why_not_take_part(volunteer):
        raise DayOfRefused(reason)
    signup = event.signups.live().select_for_update().filter(volunteer=volunteer).first()
    if signup is not None and signup.checked_in_at is not None:
        raise _already_in(signup)
    if signup is not None and signup.status in (Status.CONFIRMED, Status.OFFERED):
        # They hold a place already (an offer is a place kept for them): take it.
        signup.status = Status.CONFIRMED
        signup.offer_expires_at = None
        signup.save(update_fields=["status", "offer_expires_at"])
        return _mark_present(signup, by, now)
    took_a_place = VolunteerEvent.objects.filter(
        pk=event.pk, places_taken__lt=F("capacity")
    ).update(places_taken=F("places_taken") + 1)
    signup = signup or SignUp(event=event, volunteer=volunteer)
    signup.status = Status.CONFIRMED
    signup.walk_in = not took_a_place
    signup.save()
    return _mark_present(signup, by, now)


@transaction.atomic
def add_walk_in(event, who, *, by, now=None):
    """A registered volunteer, found by personal code or e-mail address, who turned up."""
    now = now or timezone.now()
    event = _locked_event(event)
    _check_rules(by, event, now)
    who = (who or "").strip()
    if "@" in who:
        volunteer = Volunteer.objects.filter(user__email__iexact=who).first()
        if volunteer is None:
            raise DayOfRefused(
                _(
                    "No volunteer is registered with the e-mail address %(email)s. "
                    "Add them as a new person."
                )
                % {"email": who[:254]}
            )
    else:
        volunteer = volunteer_by_code(who)
    signup = _admit(event, volunteer, by, now)
    record_check_in(event, signup, by=by, way="walk_in")
    return signup


@transaction.atomic
def register_walk_in(event, *, display_name, email, age_band, by, now=None):
    """Someone who is not a volunteer yet: a minimal volunteer record, then checked in.

    Hours and certificates belong to a person's account, so the walk-in gets one under the
    e-mail address they give (no password: they claim it with "Forgot password"). A
    volunteer already registered under that address is simply checked in; an account that
    is not a volunteer's is left alone (its owner registers). The form asks the liaison to
    confirm the person accepted the current waiver in person, recorded like an online one.
    Minors are not registered on the spot: their guardian's consent comes first.
    """
    now = now or timezone.now()
    event = _locked_event(event)
    _check_rules(by, event, now)
    if age_band in Volunteer.MINOR_BANDS:
        raise DayOfRefused(
            _(
                "Someone under 18 needs a parent or guardian's consent before they take "
                "part: ask them to register online with their guardian."
            )
        )
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is not None:
        volunteer = Volunteer.objects.filter(user=user).first()
        if volunteer is None:
            # Nobody attaches a volunteer record to someone else's account.
            raise DayOfRefused(
                _(
                    "Someone already has an account with %(email)s: they register as a "
                    "volunteer from their own account (it takes a minute), then you add "
                    "them by their code."
                )
                % {"email": email}
            )
        signup = _admit(event, volunteer, by, now)
        record_check_in(event, signup, by=by, way="walk_in")
        return signup
    user = get_user_model().objects.create_user(email=email, display_name="")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    volunteer = Volunteer.objects.create(user=user, display_name=display_name, age_band=age_band)
    volunteer.neighborhoods.set([event.neighborhood])
    if current := Waiver.current():
        WaiverAcceptance.objects.create(volunteer=volunteer, waiver=current)
    signup = _admit(event, volunteer, by, now)
    record_check_in(event, signup, by=by, way="registered")
    return signup


def todays_signups_in_scope(volunteer, scope, *, now=None):
    """The volunteer's live sign-ups at events held today in ``scope`` (None: everywhere)."""
    today = timezone.localdate(now or timezone.now())
    signups = (
        volunteer.signups.live()
        .filter(event__status=VolunteerEvent.Status.PUBLISHED)
        .select_related("event", "event__neighborhood")
        .order_by("event__starts_at")
    )
    if scope is not None:
        signups = signups.filter(event__neighborhood__in=scope)
    return list(signups.filter(event__starts_at__date__lte=today, event__ends_at__date__gte=today))


def todays_events_in_scope(scope, *, now=None):
    today = timezone.localdate(now or timezone.now())
    events = VolunteerEvent.objects.filter(
        status=VolunteerEvent.Status.PUBLISHED,
        starts_at__date__lte=today,
        ends_at__date__gte=today,
    ).select_related("neighborhood")
    if scope is not None:
        events = events.filter(neighborhood__in=scope)
    return list(events)
