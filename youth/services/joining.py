"""Joining a session with its code, as a name from the roster or without a name, and filing
a field report from the session.

Everything here is said to a child on a phone: every refusal is a ``JoinRefused`` whose
message is translated and tells them what to do (most often: ask your educator).

Guessing codes. A join code is 8 characters from 31 (about 8.5 × 10^11 codes) and works
only while its session is open, so the real defence is a budget of failed tries for the
whole site (``YOUTH_JOIN_FAILURES_SITE``): once it is spent, every try waits until the
window ends, right or wrong, so the answer never tells a script anything. A code typed
wrong again and again is slowed on its own too (``YOUTH_JOIN_FAILURES_PER_CODE``). No
limit is per address: a whole class sits behind one school address. Typing the code of a
session that is not open is not a guess (the class is early, or late): it counts in the
site's budget only, so a class that types the code before the educator opens the session
does not lock its own code.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from engage.core.ratelimit import RateLimit
from engage.neighborhoods.places import neighborhood_at

from ..models import FieldReport, FieldReportPhoto, Participant, Session, SessionJoin
from ..models.codes import CODE_ALPHABET, JOIN_CODE_LENGTH, TOKEN_LENGTH, normalise_code
from ..rules import has_consent

SITE = "site"


class JoinRefused(Exception):
    """Why a device may not join or act, for the child to read; ``status`` for the page."""

    def __init__(self, message, *, status=403):
        super().__init__(message)
        self.message = message
        self.status = status


class TooManyTries(JoinRefused):
    """A budget of tries is spent: wait ``wait`` seconds."""

    def __init__(self, wait):
        minutes = max(1, -(-wait // 60))
        super().__init__(
            ngettext(
                "Too many tries. Please wait %(minutes)d minute and try again, or ask your "
                "educator.",
                "Too many tries. Please wait %(minutes)d minutes and try again, or ask your "
                "educator.",
                minutes,
            )
            % {"minutes": minutes},
            status=429,
        )
        self.wait = wait


def not_open():
    return JoinRefused(_("This session is not open. Ask your educator."))


def looks_like_a_code(code, length):
    """True when ``code`` (normalised) could be a code: its length, our alphabet."""
    return len(code) == length and not set(code) - set(CODE_ALPHABET)


# --- Budgets of tries ----------------------------------------------------------------------
#
# ``RateLimit.hit`` counts and says when one try is too many; the lock it then sets makes
# every later try wait until the window ends without being looked up (or counted).


def _lock_key(scope):
    return f"youth-join-lock:{scope}"


def _waiting(scope, now):
    until = cache.get(_lock_key(scope))
    if until is None or until <= now:
        return 0
    return max(1, int(until - now))


def _lock(scope, wait, now):
    cache.set(_lock_key(scope), now + wait, timeout=wait + 1)


def _check_not_locked(*scopes):
    now = time.time()
    for scope in scopes:
        if wait := _waiting(scope, now):
            raise TooManyTries(wait)


def _count_failure(scope, name, rate):
    now = time.time()
    if wait := RateLimit.from_rate(name, rate).hit(scope, now=now):
        _lock(scope, wait, now)
        raise TooManyTries(wait)


def _count_code_failure(code):
    _count_failure(SITE, "youth-join-failures-site", settings.YOUTH_JOIN_FAILURES_SITE)
    if code:
        _count_failure(
            f"code:{code}", "youth-join-failures-code", settings.YOUTH_JOIN_FAILURES_PER_CODE
        )


# --- The code ------------------------------------------------------------------------------


def session_for_code(typed, *, now=None):
    """The open session whose join code was typed, or ``JoinRefused`` saying why not."""
    code = normalise_code(typed or "")
    if not looks_like_a_code(code, JOIN_CODE_LENGTH):
        # Not a guess: no code looks like that. Said at once, and never looked up.
        raise JoinRefused(
            _(
                "A join code has %(length)d characters: letters and the numbers 2 to 9. "
                "Check the code on the board and type it again."
            )
            % {"length": JOIN_CODE_LENGTH},
            status=400,
        )
    _check_not_locked(SITE, f"code:{code}")
    session = Session.objects.select_related("program").filter(join_code=code).first()
    if session is None:
        _count_code_failure(code)
        raise JoinRefused(
            _("No session has this code. Check the code on the board and type it again."),
            status=400,
        )
    if not is_joinable(session, now=now):
        _count_code_failure(None)
        raise not_open()
    return session


def is_joinable(session, *, now=None):
    return session.is_open(now) and session.program.personal_data_purged_at is None


# --- Joining -------------------------------------------------------------------------------


def roster(session):
    """The names a device holding the open code chooses from: first name and initial only."""
    return (
        Participant.objects.filter(program_id=session.program_id, purged_at__isnull=True)
        .only("pk", "first_name", "last_initial", "purged_at", "program_id")
        .order_by("first_name", "last_initial", "pk")
    )


def participant_by_handout_code(session, typed):
    """The roster's participant whose handout code was typed, or ``JoinRefused``.

    Wrong handout codes are counted per session code: only someone holding the open code
    can try them, and a class copying from paper makes typos."""
    code = normalise_code(typed or "")
    scope = f"handout:{session.pk}"
    _check_not_locked(scope)
    participant = None
    if looks_like_a_code(code, TOKEN_LENGTH):
        participant = roster(session).filter(token=code).first()
    if participant is None:
        _count_failure(scope, "youth-join-handout", settings.YOUTH_HANDOUT_FAILURES_PER_CODE)
        raise JoinRefused(
            _(
                "This handout code is not on this session's list. Check it on your handout, "
                "or ask your educator."
            ),
            status=400,
        )
    return participant


def child_consent_refusal(participant):
    """Why ``participant`` may not take part by name, in words for the child, or None.

    The educator reads the full reason on the session page (``rules.consent_refusal``)."""
    if has_consent(participant):
        return None
    return _(
        "You cannot join with your name yet: your educator needs a form from your parent "
        "or guardian first. Ask your educator."
    )


@transaction.atomic
def join(session, *, device_key, participant=None, now=None):
    """This device joins ``session``: as ``participant`` (from the roster), or without a
    name (``participant`` None) where the program allows it. One device per name."""
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("program").get(pk=session.pk)
    )
    if not is_joinable(session, now=now):
        raise not_open()
    if participant is None:
        if not session.program.allow_anonymous:
            raise JoinRefused(
                _("In this session everyone joins with their name. Choose your name above.")
            )
    else:
        participant = roster(session).filter(pk=participant.pk).first()
        if participant is None:
            raise JoinRefused(_("This name is not on this session's list. Ask your educator."))
        if reason := child_consent_refusal(participant):
            raise JoinRefused(reason)
    if RateLimit.from_rate("youth-joins", settings.YOUTH_JOINS_PER_CODE).hit(str(session.pk)):
        raise JoinRefused(
            _("Too many people joined with this code. Ask your educator."), status=429
        )
    try:
        with transaction.atomic():
            return SessionJoin.objects.create(
                session=session, participant=participant, device_key=device_key
            )
    except IntegrityError:
        # The one-device-per-name constraint (or, astronomically rarely, a device key
        # drawn twice): either way this device has not joined.
        raise JoinRefused(
            _(
                "%(name)s has already joined on another device. If that is you, ask your "
                "educator to free your name."
            )
            % {"name": participant.display_name if participant else _("This device")},
            status=409,
        ) from None


def leave(device_key):
    """This device leaves its session: the join is removed, so the name is free again."""
    SessionJoin.objects.filter(device_key=device_key).delete()


def pairing_token(participant):
    """The handout code to pair survey answers with, when consent allows it, else None."""
    if participant is None or participant.purged_at or not has_consent(participant):
        return None
    return participant.token


# --- Field reports -------------------------------------------------------------------------


def file_field_report(joined, *, category, photos=(), now=None, **fields):
    """A field report held for the educator's review, with its photos (``CleanPhoto``\\ s),
    in one transaction. A photo file stored before a failure is removed again."""
    stored = []
    try:
        with transaction.atomic():
            report = _held_report(joined, category, now, fields)
            for photo in photos:
                held = FieldReportPhoto(field_report=report, image=photo.to_content_file())
                held.save()
                stored.append(held.image)
    except BaseException:
        for image in stored:
            image.storage.delete(image.name)
        raise
    return report


def _held_report(joined, category, now, fields):
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=joined.session_id)
    )
    if not is_joinable(session, now=now):
        raise not_open()
    joined = (
        SessionJoin.objects.select_related("participant__program")
        .filter(pk=joined.pk, session=session, participant_id=joined.participant_id)
        .first()
    )
    if joined is None:
        raise JoinRefused(_("You are no longer in this session. Join again with the code."))
    participant = joined.participant
    if participant is not None and (reason := child_consent_refusal(participant)):
        raise JoinRefused(reason)
    if RateLimit.from_rate("youth-reports", settings.YOUTH_REPORTS_PER_CODE).hit(str(session.pk)):
        raise JoinRefused(
            _("This session has sent a lot of reports already. Ask your educator."), status=429
        )
    lat, lng = fields.get("lat"), fields.get("lng")
    return FieldReport.objects.create(
        session=session,
        joined=joined,
        participant=participant,
        category=category,
        description=fields.get("description", ""),
        lat=lat,
        lng=lng,
        address=fields.get("address", ""),
        neighborhood=neighborhood_at(lat, lng),
        filed_at=now or timezone.now(),
    )


def reports_of(joined):
    """The field reports this device's person filed in this session (a named participant's
    from any of their joins), newest first, with what became of them."""
    reports = FieldReport.objects.filter(session_id=joined.session_id)
    if joined.participant_id:
        reports = reports.filter(participant_id=joined.participant_id)
    else:
        reports = reports.filter(joined=joined)
    return reports.select_related("category", "report").order_by("-filed_at", "-pk")
