"""What a program achieved: the pre/post change, attendance, and the field reports and
what became of them, for the results page (educators and staff) and the program report
(partners and funders).

Everything is counted by the database in a fixed number of queries, whatever the number
of participants or sessions: a results page of a 2,000-participant program costs what a
28-participant one does (the ``youth-program-results`` benchmark holds it to that).

The pre/post change overall is *paired*: only participants who answered both surveys
(their handout code, keyed, is the response's ``pair_key``), so the change is not an
artefact of who came on which day. Per session, each session's own answers count (the
session ran the survey before or the survey after): what the class answered that day.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from engage.reports.models import ReportPhoto, ServiceCategory, ServiceReport
from surveys.models import Response
from surveys.results.comparison import compare_everyone_and_pairs

from ..models import Attendance, FieldReport, Session

PHOTOS_IN_REPORT = 12


@dataclass
class SessionLine:
    session: Session
    present: int = 0
    marked: int = 0
    field_reports: int = 0
    label: str = ""  # its date and title, as every table names it

    @property
    def attendance_rate(self):
        """Present out of those marked, in %, or None before attendance was taken."""
        return 100 * self.present / self.marked if self.marked else None


@dataclass
class SessionAnswers:
    """One session's answers to one matched question: its side ("pre" or "post"), how
    many answered, and the shares of each option (choice) or the mean (scale)."""

    session: Session
    label: str
    side: str
    side_label: str
    answered: int
    shares: list = field(default_factory=list)  # [(label, share %)] for choice questions
    mean: float | None = None


@dataclass
class QuestionChange:
    comparison: object  # surveys.results.comparison.Comparison (paired, whole program)
    sessions: list = field(default_factory=list)  # [SessionAnswers]

    @property
    def answered(self):
        """People with a pair of answers to this question (the n of the change)."""
        return min(self.comparison.pre_answered, self.comparison.post_answered)


@dataclass
class CategoryLine:
    category_id: int
    name: str
    filed: int = 0
    held: int = 0
    rejected: int = 0
    released: int = 0
    open: int = 0
    resolved: int = 0
    closed: int = 0  # closed without action or merged as a duplicate

    def add(self, review, status, count):
        self.filed += count
        if review == FieldReport.Review.HELD:
            self.held += count
        elif review == FieldReport.Review.REJECTED:
            self.rejected += count
        else:
            self.released += count
            if status in ServiceReport.OPEN_STATUSES:
                self.open += count
            elif status == ServiceReport.Status.RESOLVED:
                self.resolved += count
            else:
                self.closed += count


@dataclass
class ProgramResults:
    program: object
    participants: int
    marked_participants: int  # distinct participants whose attendance was taken
    sessions: list  # [SessionLine], in date order
    changes: list  # [QuestionChange]
    pairs: int  # participants who answered both surveys (within the program's sessions)
    pre_responses: int
    post_responses: int
    categories: list  # [CategoryLine], most reports first
    survey_problem: str = ""

    @property
    def present(self):
        return sum(line.present for line in self.sessions)

    @property
    def marked(self):
        return sum(line.marked for line in self.sessions)

    @property
    def attendance_rate(self):
        marked = self.marked
        return 100 * self.present / marked if marked else None

    @property
    def field_reports(self):
        return _total(self.categories, "filed")

    @property
    def released(self):
        return _total(self.categories, "released")

    @property
    def resolved(self):
        return _total(self.categories, "resolved")

    @property
    def still_open(self):
        return _total(self.categories, "open")

    @property
    def held(self):
        return _total(self.categories, "held")


def _total(lines, name):
    return sum(getattr(line, name) for line in lines)


def program_results(program):
    """Everything the results page and the program report show about ``program``."""
    sessions = session_lines(program)
    changes, pairs, pre_n, post_n, problem = survey_changes(program, sessions)
    return ProgramResults(
        program=program,
        participants=program.participants.count(),
        marked_participants=(
            Attendance.objects.filter(session__program=program)
            .values("participant")
            .distinct()
            .count()
        ),
        sessions=sessions,
        changes=changes,
        pairs=pairs,
        pre_responses=pre_n,
        post_responses=post_n,
        categories=field_report_outcomes(program),
        survey_problem=problem,
    )


def session_lines(program):
    """Each session with its attendance and how many field reports it filed: three
    queries (sessions, attendance by session, reports by session)."""
    sessions = list(
        Session.objects.filter(program=program).only(
            "pk", "program_id", "title", "starts_at", "place", "survey", "survey_segment"
        )
    )
    attendance = {
        row["session"]: row
        for row in Attendance.objects.filter(session__program=program)
        .values("session")
        .annotate(marked=Count("pk"), present=Count("pk", filter=Q(present=True)))
        .order_by()
    }
    reports = dict(
        FieldReport.objects.filter(session__program=program)
        .values_list("session")
        .annotate(n=Count("pk"))
        .order_by()
    )
    lines = []
    for session in sessions:
        row = attendance.get(session.pk, {})
        lines.append(
            SessionLine(
                session,
                present=row.get("present", 0),
                marked=row.get("marked", 0),
                field_reports=reports.get(session.pk, 0),
                label=f"{formats.date_format(session.starts_at, 'DATE_FORMAT')} · {session.title}",
            )
        )
    return lines


def survey_changes(program, session_lines):
    """([QuestionChange], pairs, pre responses, post responses, problem) for the
    program's matched questions; ``problem`` says why there is nothing to compare."""
    if program.pre_survey_id is None or program.post_survey_id is None:
        return [], 0, 0, 0, _("This program has no survey before and after to compare.")
    pre, post = program.pre_survey.localized, program.post_survey.localized
    matches = [
        (match.pre_question, match.post_question)
        for match in post.source.question_matches.order_by("sort_order", "pk")
    ]
    if not matches:
        problem = _(
            "No questions of the two surveys are matched yet (staff match them in the "
            "survey after)."
        )
        return [], 0, 0, 0, problem
    by_segment = {
        line.session.survey_segment: line.session
        for line in session_lines
        if line.session.survey_segment
    }
    segments = list(by_segment)
    everyone, paired = cached_comparisons(pre, post, matches, segments)
    everyone, _found, pre_n, post_n = everyone
    paired, _found, pairs, _same = paired
    changes = []
    for overall, per_session in zip(paired, everyone, strict=True):
        changes.append(
            QuestionChange(overall, _session_answers(per_session, by_segment, session_lines))
        )
    return changes, pairs, pre_n, post_n, ""


def cached_comparisons(pre, post, matches, segments):
    """``compare_everyone_and_pairs`` of the program's segments, from the cache when no
    response was added or removed in them and neither survey was republished since.

    The key holds the number of responses of each side in those segments (one indexed
    count) and both pages' publication times: a new answer in a session, or a survey's
    questions or matches changed, makes a new key. ``YOUTH_RESULTS_CACHE_SECONDS`` bounds
    the one thing the key cannot see (a response deleted and another added in between).
    """
    seconds = settings.YOUTH_RESULTS_CACHE_SECONDS
    if not seconds:
        return compare_everyone_and_pairs(pre, post, matches, segments)
    counts = dict(
        Response.objects.filter(survey__in=[pre.source.pk, post.source.pk], segment__in=segments)
        .values_list("survey")
        .annotate(n=Count("pk"))
        .order_by()
    )
    fingerprint = repr(
        (
            get_language(),
            [(page.pk, page.last_published_at) for page in (pre, post, pre.source, post.source)],
            matches,
            sorted(segments),
            sorted(counts.items()),
        )
    )
    key = "youth-results:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compare_everyone_and_pairs(pre, post, matches, segments)
        cache.set(key, found, seconds)
    return found


def _session_answers(comparison, by_segment, session_lines):
    """A question's answers session by session, in the sessions' order."""
    found = dict(comparison.by_segment)
    side_labels = {"pre": _("Before"), "post": _("After")}
    rows = []
    for line in session_lines:
        segment = line.session.survey_segment
        if not segment or segment not in found:
            continue
        values = found[segment]
        pre_answered, post_answered = comparison.segment_answered.get(segment, (0, 0))
        for side, answered in (("pre", pre_answered), ("post", post_answered)):
            if not answered:
                continue
            row = SessionAnswers(line.session, line.label, side, side_labels[side], answered)
            if comparison.kind == "choice":
                row.shares = [(option.label, getattr(option, side)) for option in values]
            elif comparison.kind == "mean":
                row.mean = getattr(values, side)
            rows.append(row)
    return rows


def field_report_outcomes(program):
    """Field reports by category: filed, held, not sent, sent, and of those sent how many
    are still open, fixed, or closed otherwise. Two queries (counts, category names in
    the visitor's language)."""
    rows = (
        FieldReport.objects.filter(session__program=program)
        .values_list("category", "review", "report__status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = list(rows)
    names = category_names({category for category, _review, _status, _n in rows})
    lines = {}
    for category, review, status, count in rows:
        line = lines.get(category)
        if line is None:
            line = lines[category] = CategoryLine(category, names.get(category, ""))
        line.add(review, status, count)
    return sorted(lines.values(), key=lambda line: (-line.filed, line.name))


def category_names(category_ids):
    """{category id: name in the active language (else the stored one)}."""
    if not category_ids:
        return {}
    categories = list(
        ServiceCategory.objects.filter(pk__in=category_ids).only("pk", "name", "translation_key")
    )
    active = Locale.get_active()
    translated = dict(
        ServiceCategory.objects.filter(
            translation_key__in=[c.translation_key for c in categories], locale=active
        ).values_list("translation_key", "name")
    )
    return {c.pk: translated.get(c.translation_key, c.name) for c in categories}


def released_photos(program, limit=PHOTOS_IN_REPORT):
    """Photos of the program's released reports, as the public sees them (re-encoded,
    without metadata): held photos never leave the educator's review."""
    return list(
        ReportPhoto.objects.filter(
            report__youth_field_report__session__program=program,
            report__youth_field_report__review=FieldReport.Review.RELEASED,
        )
        .select_related("report__category")
        .order_by("report__submitted_at", "pk")[:limit]
    )
