"""Sessions: planning them, opening and closing their join code, attendance, freeing a name.

Opening a session is what makes its code work: ``open_until`` is set (by default
``YOUTH_SESSION_OPEN_HOURS`` from now) and, when the session runs a survey, the surveys
part's ``AccessCode`` with the same characters is made or updated to expire at the same
moment, with the session's segment (fixed the first time, so every response of the
session carries the same one). Closing sets both to now: from then on neither the join
page nor the survey accepts the code. Every operation takes the session's row lock, so
an "open" and a "close" tapped on two phones at once are applied one after the other and
the two codes never disagree.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from surveys.models import AccessCode

from .. import rules
from ..audit import record_attendance, record_opening, record_session
from ..models import Attendance, Participant, Program, Session, SessionJoin, new_join_code

SEGMENT_MAX = 120
SEGMENT_SEPARATOR = " · "


class SessionRefused(Exception):
    """An operation on a session that the rules refuse; the message is translated."""


# --- planning --------------------------------------------------------------------------

SESSION_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "place",
    "neighborhood",
    "lesson",
    "presenters",
    "survey",
)


def _check_fields(program, fields):
    if fields.get("ends_at") and fields["ends_at"] <= fields["starts_at"]:
        raise ValidationError(_("The session must end after it starts."))
    lesson = fields.get("lesson")
    if lesson is not None and (
        program.curriculum_id is None or lesson.get_parent().pk != program.curriculum_id
    ):
        raise ValidationError(_("Choose a lesson of the program's curriculum."))
    survey = fields.get("survey")
    if survey == Session.Survey.PRE and program.pre_survey_id is None:
        raise ValidationError(_("The program has no survey before: choose it on the program."))
    if survey == Session.Survey.POST and program.post_survey_id is None:
        raise ValidationError(_("The program has no survey after: choose it on the program."))


def _locked_program(by, program):
    locked = Program.objects.select_for_update().get(pk=program.pk)
    if not rules.can_manage_program(by, locked):
        raise ValidationError(_("You do not run this program."))
    return locked


def create_session(by, program, fields, *, partners=()):
    with transaction.atomic():
        program = _locked_program(by, program)
        _check_fields(program, fields)
        session = Session.objects.create(
            program=program, **{name: fields[name] for name in SESSION_FIELDS}
        )
        session.partners.set(partners)
        record_session(session, "youth.session_create", user=by)
    return session


def update_session(by, session, fields, *, partners=()):
    with transaction.atomic():
        program = _locked_program(by, session.program)
        locked = Session.objects.select_for_update().get(pk=session.pk)
        locked.program = program
        _check_fields(program, fields)
        survey_before = locked.survey
        changed = sorted(name for name in SESSION_FIELDS if getattr(locked, name) != fields[name])
        for name in SESSION_FIELDS:
            setattr(locked, name, fields[name])
        if survey_before != locked.survey:
            sync_access_code(locked)
        locked.save()
        locked.partners.set(partners)
        record_session(locked, "youth.session_update", user=by, fields=changed)
    return locked


# --- opening and closing ---------------------------------------------------------------


def _locked_session(by, session):
    # The lock first, on the session's row alone; then the read, in a statement of its own:
    # a read that waited for the lock sees the session's new row but, through a join, the
    # related rows as they were before (a survey code made meanwhile would look missing).
    Session.objects.select_for_update().filter(pk=session.pk).values_list("pk").get()
    locked = Session.objects.select_related(
        "program", "program__pre_survey", "program__post_survey", "access_code"
    ).get(pk=session.pk)
    if not rules.can_manage_program(by, locked.program):
        raise SessionRefused(_("You do not run this session's program."))
    return locked


def segment_for(session):
    """What the session's survey responses carry, e.g. "Lincoln · Our walk · 5 Dec 2026"
    (in the site's language, as it is stored once and shown to everyone)."""
    with translation.override(settings.LANGUAGE_CODE):
        day = date_format(timezone.localtime(session.starts_at), "j M Y")
    room = SEGMENT_MAX - len(day) - 2 * len(SEGMENT_SEPARATOR)
    name_room = max(room // 2, room - len(session.title))
    name = session.program.name[:name_room].strip()
    title = session.title[: room - len(name)].strip()
    return SEGMENT_SEPARATOR.join([name, title, day])


def _code_taken_elsewhere(session):
    return (
        AccessCode.objects.filter(code=session.join_code)
        .exclude(pk=session.access_code_id)
        .exists()
    )


def _free_join_code(session):
    """A staff-made access code with the same characters (a one in 10^12 chance) would
    stop the survey's code from being made: the session then takes a fresh code."""
    while _code_taken_elsewhere(session):
        session.join_code = new_join_code()
        while Session.objects.filter(join_code=session.join_code).exists():
            session.join_code = new_join_code()


def sync_access_code(session, now=None):
    """Make the session's survey access code agree with the session (call inside the
    session's lock, then save the session): same characters, the survey the session runs,
    the same expiry. A session that no longer runs a survey has its code expired."""
    now = now or timezone.now()
    survey = rules.session_survey(session)
    code = session.access_code
    if survey is None:
        if code is not None and code.is_valid(now):
            code.valid_until = now
            code.save(update_fields=["valid_until"])
        return
    if code is None:
        if not session.is_open(now):
            return  # made when the session is opened
        _free_join_code(session)
        if not session.survey_segment:
            session.survey_segment = segment_for(session)
        session.access_code = AccessCode.objects.create(
            survey=survey.source,
            code=session.join_code,
            segment=session.survey_segment,
            valid_until=session.open_until,
        )
        return
    code.survey = survey.source
    code.code = session.join_code
    code.segment = session.survey_segment
    code.valid_until = session.open_until
    code.save(update_fields=["survey", "code", "segment", "valid_until"])


def open_session(by, session, hours=None, now=None):
    """Open the session (or keep it open longer) for ``hours`` from now."""
    hours = hours or settings.YOUTH_SESSION_OPEN_HOURS
    if not 1 <= hours <= settings.YOUTH_SESSION_MAX_OPEN_HOURS:
        raise SessionRefused(
            _("A session can be open for 1 to %(max)s hours at a time.")
            % {"max": settings.YOUTH_SESSION_MAX_OPEN_HOURS}
        )
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_session(by, session)
        if reason := rules.open_refusal(locked):
            raise SessionRefused(reason)
        extended = locked.is_open(now)
        if not extended:
            locked.opened_at = now
        locked.open_until = now + datetime.timedelta(hours=hours)
        if not locked.survey_segment:
            locked.survey_segment = segment_for(locked)
        sync_access_code(locked, now)
        locked.save(
            update_fields=["opened_at", "open_until", "survey_segment", "access_code", "join_code"]
        )
        record_opening(locked, user=by, hours=hours, extended=extended)
    return locked


def close_session(by, session, now=None):
    """Stop the join code and the survey code now. Closing a closed session changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_session(by, session)
        if not locked.is_open(now):
            return locked
        locked.open_until = now
        locked.save(update_fields=["open_until"])
        if locked.access_code is not None and locked.access_code.is_valid(now):
            locked.access_code.valid_until = now
            locked.access_code.save(update_fields=["valid_until"])
        record_session(locked, "youth.session_close", user=by)
    return locked


# --- attendance and names --------------------------------------------------------------


def attendance_refusal(session, now=None):
    """None when attendance may be taken for ``session``, or why not."""
    if session.program.personal_data_purged_at:
        return _("This program's participants were removed: its attendance is closed.")
    today = timezone.localdate(now)
    if timezone.localdate(session.starts_at) > today:
        return _("Attendance can be taken from the day of the session.")
    return None


def mark_attendance(by, session, participant_pk, present, now=None):
    """Present or absent, for one participant of the session's program; a second tap on
    the other button changes the mark (one row per participant and session)."""
    with transaction.atomic():
        locked = _locked_session(by, session)
        if reason := attendance_refusal(locked, now):
            raise SessionRefused(reason)
        participant = Participant.objects.filter(
            program=locked.program, pk=participant_pk, purged_at__isnull=True
        ).first()
        if participant is None:
            raise SessionRefused(_("This person is not on the program's roster."))
        Attendance.objects.update_or_create(
            session=locked,
            participant=participant,
            defaults={"present": present, "marked_by": by},
        )
        record_attendance(locked, user=by)
    return participant


def free_name(by, session, join_pk):
    """Let a name be chosen again: the device that took it leaves the session (what it
    filed stays). Returns the participant whose name is free."""
    with transaction.atomic():
        locked = _locked_session(by, session)
        join = (
            SessionJoin.objects.select_for_update(of=("self",))
            .select_related("participant")
            .filter(session=locked, pk=join_pk, participant__isnull=False)
            .first()
        )
        if join is None:
            raise SessionRefused(_("This name is already free."))
        participant = join.participant
        join.delete()
    return participant
