"""What the educator area shows: the educator's programs, a program's page, a session's
page and its attendance sheet, and the attendance rates.

Every count is one grouped query over the program's rows (or, for a short list, a subquery
on the row it belongs to): never a join that multiplies rows, never a query per row, so a
program with 2,000 participants and 200 sessions costs the same number of queries as a
program with three, and its attendance is read once rather than once per line.

Attendance rates count what was marked: a participant's rate is the sessions they were
marked present at over the sessions they were marked at all (present or absent); a
program's is every "present" mark over every mark. A session whose attendance was not
taken, or a participant added to the roster after some sessions, does not pull the rate
down with sessions nobody recorded.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import (
    Attendance,
    FieldReport,
    GuardianConsent,
    Participant,
    Session,
)
from ..rules import programs_for

PROGRAMS_PER_PAGE = 20
SESSIONS_PER_PAGE = 20
# A class fits on one page; a big program's roster is taken a page at a time.
ROSTER_PER_PAGE = 60


def count_of(queryset, link):
    """A correlated count of ``queryset`` rows whose ``link`` is the outer row."""
    counted = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def rate(present, marked):
    """A whole percentage, or None when nothing was marked (shown as "not taken yet")."""
    if not marked:
        return None
    return round(100 * present / marked)


def _start_of_today(now):
    today = timezone.localdate(now)
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


# --- the educator's programs -----------------------------------------------------------


def educator_programs(user, *, query="", page=1, now=None):
    """The programs a person runs (all for staff), current ones first, with their counts."""
    now = now or timezone.now()
    programs = programs_for(user)
    if query:
        programs = programs.filter(Q(name__icontains=query) | Q(site__icontains=query))
    programs = programs.annotate(
        session_count=count_of(Session.objects.all(), "program"),
        participant_count=count_of(Participant.objects.filter(purged_at__isnull=True), "program"),
        next_session_at=Subquery(
            Session.objects.filter(program=OuterRef("pk"), starts_at__gte=_start_of_today(now))
            .order_by("starts_at")
            .values("starts_at")[:1]
        ),
    ).order_by(F("next_session_at").asc(nulls_last=True), "-starts_on", "pk")
    return Paginator(programs, PROGRAMS_PER_PAGE).get_page(page)


# --- a program's page ------------------------------------------------------------------


def _marks_by(field, marks):
    """{``field`` value: (present, marked)} for ``marks``, in one grouped query."""
    grouped = (
        marks.order_by()
        .values(field)
        .annotate(marked=Count("pk"), present_marks=Count("pk", filter=Q(present=True)))
    )
    return {row[field]: (row["present_marks"], row["marked"]) for row in grouped}


def _with_session_counts(sessions):
    """``sessions`` (a page of them) with ``present_count``, ``marked_count`` and
    ``held_count`` set, in two grouped queries."""
    sessions = list(sessions)
    ids = [session.pk for session in sessions]
    marks = _marks_by("session", Attendance.objects.filter(session__in=ids))
    held = dict(
        FieldReport.objects.filter(session__in=ids, review=FieldReport.Review.HELD)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values_list("session", "n")
    )
    for session in sessions:
        session.present_count, session.marked_count = marks.get(session.pk, (0, 0))
        session.held_count = held.get(session.pk, 0)
    return sessions


def upcoming_first(sessions, now):
    """Sessions from today on first, soonest first; then past ones, latest first."""
    start = _start_of_today(now)
    return sessions.annotate(
        is_past=Case(When(starts_at__lt=start, then=Value(True)), default=Value(False)),
        upcoming_start=Case(When(starts_at__gte=start, then=F("starts_at"))),
    ).order_by("is_past", F("upcoming_start").asc(nulls_last=True), "-starts_at", "-pk")


def without_consent(program):
    """The roster's lines that may not have more than a roster line kept yet."""
    if program.has_school_consent:
        return Participant.objects.none()
    in_force = GuardianConsent.objects.in_force().filter(participant=OuterRef("pk"))
    return program.participants.filter(purged_at__isnull=True).exclude(Exists(in_force))


@dataclass
class ProgramPage:
    sessions: object  # a Page of sessions, upcoming first
    upcoming: list
    past: list
    participant_count: int
    without_consent_count: int
    attendance_rate: int | None
    educators: list
    partners: list


def program_page(program, *, session_page=1, now=None):
    now = now or timezone.now()
    sessions = upcoming_first(program.sessions.select_related("lesson"), now)
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(session_page)
    page.object_list = _with_session_counts(page.object_list)
    return ProgramPage(
        sessions=page,
        upcoming=[session for session in page.object_list if not session.is_past],
        past=[session for session in page.object_list if session.is_past],
        participant_count=program.participants.filter(purged_at__isnull=True).count(),
        without_consent_count=without_consent(program).count(),
        attendance_rate=program_rate(program),
        educators=list(program.educators.order_by("display_name", "pk")),
        partners=list(program.partners.all()),
    )


# --- a session's page ------------------------------------------------------------------


@dataclass
class SessionPage:
    named_joins: list
    anonymous_count: int
    without_consent: list
    present_count: int
    absent_count: int
    roster_count: int
    held_count: int
    partners: list


def session_marks(session):
    """{"present": …, "absent": …, "roster": …}: the session's attendance so far."""
    marks = session.attendance.aggregate(
        present_marks=Count("pk", filter=Q(present=True)),
        absent_marks=Count("pk", filter=Q(present=False)),
    )
    return {
        "present": marks["present_marks"],
        "absent": marks["absent_marks"],
        "roster": session.program.participants.filter(purged_at__isnull=True).count(),
    }


def session_page(session):
    joins = session.joins.all()
    marks = session_marks(session)
    return SessionPage(
        named_joins=list(
            joins.filter(participant__isnull=False)
            .select_related("participant")
            .order_by("participant__first_name", "participant__last_initial", "pk")
        ),
        anonymous_count=joins.filter(participant__isnull=True).count(),
        without_consent=list(without_consent(session.program)),
        present_count=marks["present"],
        absent_count=marks["absent"],
        roster_count=marks["roster"],
        held_count=session.field_reports.filter(review=FieldReport.Review.HELD).count(),
        partners=list(session.partners.all()),
    )


# --- attendance ------------------------------------------------------------------------


def attendance_sheet(session, *, page=1):
    """A page of the roster for this session's attendance: each line's mark here (None: not
    marked yet) and their rate over the whole program."""
    roster = session.program.participants.filter(purged_at__isnull=True).order_by(
        "first_name", "last_initial", "pk"
    )
    lines = Paginator(roster, ROSTER_PER_PAGE).get_page(page)
    lines.object_list = _with_rates(session.program, lines.object_list)
    ids = [row.pk for row in lines.object_list]
    here = dict(
        session.attendance.filter(participant__in=ids).values_list("participant", "present")
    )
    for row in lines.object_list:
        row.present_here = here.get(row.pk)
    return lines


def _with_rates(program, participants, *, whole_roster=False):
    """``participants`` with their ``present_count``, ``marked_count`` and
    ``attendance_rate`` in the program, in one grouped query (over the marks of just these
    participants, unless they are the ``whole_roster``)."""
    rows = list(participants)
    marks = Attendance.objects.filter(session__program_id=program.pk)
    if not whole_roster:
        marks = marks.filter(participant__in=[row.pk for row in rows])
    by_participant = _marks_by("participant", marks)
    for row in rows:
        row.present_count, row.marked_count = by_participant.get(row.pk, (0, 0))
        row.attendance_rate = rate(row.present_count, row.marked_count)
    return rows


def participant_rates(program):
    """Every participant of ``program`` with ``present_count``, ``marked_count`` and
    ``attendance_rate`` (the results page and the program report read these too)."""
    roster = program.participants.order_by("first_name", "last_initial", "pk")
    return _with_rates(program, roster, whole_roster=True)


def program_rate(program):
    """The program's attendance rate (every "present" mark over every mark), or None."""
    marks = Attendance.objects.filter(session__program_id=program.pk).aggregate(
        marks=Count("pk"), present_marks=Count("pk", filter=Q(present=True))
    )
    return rate(marks["present_marks"], marks["marks"])
