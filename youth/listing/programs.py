"""What the educator area shows: the educator's programs, a program's page, a session's
page and its attendance sheet, and the attendance rates.

Every count is a subquery on the row it belongs to (never a join that multiplies rows, never
a query per row), so a program with 2,000 participants and 200 sessions costs the same
number of queries as a program with three.

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
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
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


def _with_session_counts(sessions):
    return sessions.select_related("lesson").annotate(
        present_count=count_of(Attendance.objects.filter(present=True), "session"),
        marked_count=count_of(Attendance.objects.all(), "session"),
        held_count=count_of(FieldReport.objects.filter(review=FieldReport.Review.HELD), "session"),
    )


def without_consent(program):
    """The roster's lines that may not have more than a roster line kept yet."""
    if program.has_school_consent:
        return Participant.objects.none()
    in_force = GuardianConsent.objects.in_force().filter(participant=OuterRef("pk"))
    return program.participants.filter(purged_at__isnull=True).exclude(Exists(in_force))


@dataclass
class ProgramPage:
    upcoming: list
    past: list
    participant_count: int
    without_consent_count: int
    attendance_rate: int | None
    educators: list
    partners: list


def program_page(program, now=None):
    now = now or timezone.now()
    sessions = _with_session_counts(program.sessions.all())
    start = _start_of_today(now)
    return ProgramPage(
        upcoming=list(sessions.filter(starts_at__gte=start).order_by("starts_at", "pk")),
        past=list(sessions.filter(starts_at__lt=start).order_by("-starts_at", "-pk")),
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


def session_page(session):
    joins = session.joins.all()
    marks = session.attendance.aggregate(
        present_marks=Count("pk", filter=Q(present=True)),
        absent_marks=Count("pk", filter=Q(present=False)),
    )
    return SessionPage(
        named_joins=list(
            joins.filter(participant__isnull=False)
            .select_related("participant")
            .order_by("participant__first_name", "participant__last_initial", "pk")
        ),
        anonymous_count=joins.filter(participant__isnull=True).count(),
        without_consent=list(without_consent(session.program)),
        present_count=marks["present_marks"],
        absent_count=marks["absent_marks"],
        roster_count=session.program.participants.filter(purged_at__isnull=True).count(),
        held_count=session.field_reports.filter(review=FieldReport.Review.HELD).count(),
        partners=list(session.partners.all()),
    )


# --- attendance ------------------------------------------------------------------------


def attendance_sheet(session):
    """The roster for this session's attendance: each line's mark here (None: not marked
    yet) and their rate over the whole program."""
    program_marks = Attendance.objects.filter(session__program_id=session.program_id)
    mark_here = Attendance.objects.filter(session=session, participant=OuterRef("pk"))
    rows = list(
        session.program.participants.filter(purged_at__isnull=True)
        .annotate(
            present_here=Subquery(mark_here.values("present")[:1]),
            marked_count=count_of(program_marks, "participant"),
            present_count=count_of(program_marks.filter(present=True), "participant"),
        )
        .order_by("first_name", "last_initial", "pk")
    )
    for row in rows:
        row.attendance_rate = rate(row.present_count, row.marked_count)
    return rows


def participant_rates(program):
    """Every participant of ``program`` with ``present_count``, ``marked_count`` and
    ``attendance_rate`` (the results page and the program report read these too)."""
    marks = Attendance.objects.filter(session__program_id=program.pk)
    rows = list(
        program.participants.annotate(
            marked_count=count_of(marks, "participant"),
            present_count=count_of(marks.filter(present=True), "participant"),
        ).order_by("first_name", "last_initial", "pk")
    )
    for row in rows:
        row.attendance_rate = rate(row.present_count, row.marked_count)
    return rows


def program_rate(program):
    """The program's attendance rate (every "present" mark over every mark), or None."""
    marks = Attendance.objects.filter(session__program_id=program.pk).aggregate(
        marks=Count("pk"), present_marks=Count("pk", filter=Q(present=True))
    )
    return rate(marks["present_marks"], marks["marks"])
