"""The program report for partners and funders, as a PDF and as a CSV file.

Both are written from one ``PublishedReport``: the program's results with the
fewer-than-5 rule already applied (``rules.shown_count``), so the file and the PDF can
never disagree on what they publish. The rule, for any count of participants (on the
roster, present at a session, answering a question): below ``rules.SMALL_GROUP`` it reads
"fewer than 5", and nothing computed from such a group is shown (no share, no mean, no
attendance rate), since a share of three people tells who answered what. Counts of field
reports are counts of reports, not of people, and are shown as they are; no participant
is ever named.
"""

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engage.core.exports import CsvExport
from surveys.results.numbers import format_number

from ..rules import SMALL_GROUP, shown_count

NOT_SHOWN = "–"


def percent(value):
    return "" if value is None else format_number(value, 1) + "\u00a0%"


@dataclass
class PublishedSession:
    date: str
    title: str
    place: str
    present: str
    attendance_rate: str
    field_reports: int


@dataclass
class PublishedRow:
    """One line of a question's change: an option (or the mean) before, after, change."""

    label: str
    before: str
    after: str
    change: str
    # The same as numbers, for a spreadsheet: % (choice) or the mean; change in points.
    numbers: tuple = ()


@dataclass
class PublishedSessionAnswers:
    session: str
    side: str
    answered: str
    values: list  # [(label, value)]; empty when fewer than SMALL_GROUP answered


@dataclass
class PublishedChange:
    question: str
    kind: str  # "choice", "mean" or "" (not comparable)
    answered: str  # pairs who answered it, shown
    shown: bool  # enough pairs to show the change
    rows: list = field(default_factory=list)  # [PublishedRow]
    sessions: list = field(default_factory=list)  # [PublishedSessionAnswers]


@dataclass
class PublishedCategory:
    name: str
    filed: int
    released: int
    resolved: int
    open: int
    closed: int
    rejected: int
    held: int


@dataclass
class PublishedReport:
    program: object
    participants: str
    sessions_count: int
    attendance_rate: str
    pairs: str
    enough_pairs: bool
    survey_problem: str
    sessions: list
    changes: list
    categories: list
    field_reports: int
    released: int
    resolved: int
    still_open: int


def _session_date(session):
    return formats.date_format(session.starts_at, "DATE_FORMAT", use_l10n=True)


def published_report(results):
    """``results`` (``youth.listing.results.ProgramResults``) as partners may read it."""
    enough_pairs = results.pairs >= SMALL_GROUP
    return PublishedReport(
        program=results.program,
        participants=shown_count(results.participants),
        sessions_count=len(results.sessions),
        # A rate over fewer than 5 people is about those few, however many marks.
        attendance_rate=(
            percent(results.attendance_rate)
            if results.marked_participants >= SMALL_GROUP
            else NOT_SHOWN
        ),
        pairs=shown_count(results.pairs),
        enough_pairs=enough_pairs,
        survey_problem=results.survey_problem,
        sessions=[_published_session(line) for line in results.sessions],
        changes=[_published_change(change, enough_pairs) for change in results.changes],
        categories=[
            PublishedCategory(
                line.name,
                line.filed,
                line.released,
                line.resolved,
                line.open,
                line.closed,
                line.rejected,
                line.held,
            )
            for line in results.categories
        ],
        field_reports=results.field_reports,
        released=results.released,
        resolved=results.resolved,
        still_open=results.still_open,
    )


def _published_session(line):
    return PublishedSession(
        date=_session_date(line.session),
        title=line.session.title,
        place=line.session.place,
        present=shown_count(line.present) if line.marked else NOT_SHOWN,
        attendance_rate=percent(line.attendance_rate) if line.marked >= SMALL_GROUP else NOT_SHOWN,
        field_reports=line.field_reports,
    )


def _published_change(change, enough_pairs):
    comparison = change.comparison
    answered = change.answered
    shown = enough_pairs and answered >= SMALL_GROUP and comparison.kind != ""
    published = PublishedChange(
        question=str(comparison.post_question.label),
        kind=comparison.kind,
        answered=shown_count(answered),
        shown=shown,
    )
    if shown and comparison.kind == "choice":
        published.rows = [
            PublishedRow(
                str(option.label),
                percent(option.pre),
                percent(option.post),
                option.change_text,
                _rounded(option.pre, option.post, option.change),
            )
            for option in comparison.overall
        ]
    elif shown and comparison.kind == "mean":
        mean = comparison.overall
        published.rows = [
            PublishedRow(
                _("Mean"),
                mean.pre_text,
                mean.post_text,
                mean.change_text or NOT_SHOWN,
                _rounded(mean.pre, mean.post, mean.change, places=2),
            )
        ]
    published.sessions = [_published_session_answers(row) for row in change.sessions]
    return published


def _rounded(*values, places=1):
    return tuple(None if value is None else round(value, places) for value in values)


def _published_session_answers(row):
    values = []
    if row.answered >= SMALL_GROUP:
        if row.shares:
            values = [(str(label), percent(value)) for label, value in row.shares]
        elif row.mean is not None:
            values = [(_("Mean"), format_number(row.mean))]
    return PublishedSessionAnswers(
        session=row.label,
        side=str(row.side_label),
        answered=shown_count(row.answered),
        values=values,
    )


class ProgramReportCsvExport(CsvExport):
    """The report as one table: what (section), which (item), detail, and either a value
    or the before / after / change of a question; the same rule as the PDF."""

    def __init__(self, program, report):
        self.program = program
        self.report = report

    def get_filename_stem(self):
        return f"{slugify(self.program.name) or 'program'}-report"

    def get_header(self):
        return [
            _("Section"),
            _("Item"),
            _("Detail"),
            _("Value"),
            _("Before (% or mean)"),
            _("After (% or mean)"),
            _("Change (points or mean)"),
        ]

    def get_rows(self):
        report = self.report
        program = _("Program")
        yield [program, _("Name"), "", report.program.name, "", "", ""]
        yield [program, _("Site"), "", report.program.site, "", "", ""]
        yield [program, _("Participants"), "", report.participants, "", "", ""]
        yield [program, _("Sessions"), "", report.sessions_count, "", "", ""]
        yield [program, _("Attendance rate"), "", report.attendance_rate, "", "", ""]
        yield [program, _("Answered before and after"), "", report.pairs, "", "", ""]
        yield [program, _("Field reports filed"), "", report.field_reports, "", "", ""]
        yield [program, _("Field reports sent to the city"), "", report.released, "", "", ""]
        yield [program, _("Field reports fixed"), "", report.resolved, "", "", ""]
        yield from self.session_rows()
        yield from self.change_rows()
        yield from self.category_rows()

    def session_rows(self):
        section = _("Session")
        for session in self.report.sessions:
            item = f"{session.date} · {session.title}"
            yield [section, item, _("Present"), session.present, "", "", ""]
            yield [section, item, _("Attendance rate"), session.attendance_rate, "", "", ""]
            yield [section, item, _("Field reports filed"), session.field_reports, "", "", ""]

    def change_rows(self):
        section = _("Change before and after")
        for change in self.report.changes:
            answered = _("Answered before and after")
            yield [section, change.question, answered, change.answered, "", "", ""]
            if not change.shown:
                yield [section, change.question, _("Not shown"), NOT_SHOWN, "", "", ""]
            for row in change.rows:
                yield [section, change.question, row.label, "", *row.numbers]
            for answers in change.sessions:
                detail = f"{answers.session} ({answers.side})"
                yield [section, change.question, detail, answers.answered, "", "", ""]
                for label, value in answers.values:
                    yield [section, change.question, f"{detail}: {label}", value, "", "", ""]

    def category_rows(self):
        section = _("Field reports")
        for line in self.report.categories:
            for detail, value in (
                (_("Filed"), line.filed),
                (_("Sent to the city"), line.released),
                (_("Fixed"), line.resolved),
                (_("Still open"), line.open),
                (_("Closed otherwise"), line.closed),
                (_("Not sent"), line.rejected),
                (_("Waiting for review"), line.held),
            ):
                yield [section, line.name, detail, value, "", "", ""]
