"""The contact center's figures per month: contacts by channel and kind, the first-contact
resolution rate, knowledge-base answers read and found helpful, requests avoided after an
answer, and crews' updates from the field; and the CSV of them for staff.

Months are the site's (``TIME_ZONE``): a call at 22:00 on 31 March in Philadelphia counts
in March, whatever the hour in UTC. The month boundaries are computed here, in Python, and
each row is put in its month by a ``CASE`` of plain comparisons with them: no time-zone
function runs per row (on SQLite that would be a Python call for each of 500,000
contacts), and the same SQL runs on SQLite and PostgreSQL. Each figure is one grouped
query over the period, so the page costs the same number of queries whatever the volume.

What the figures mean (also written on the page and in the README, "The contact center's figures"):

- *first-contact resolution*: of the contacts that could end on the call (information,
  complaints, compliments), the share the agent marked "resolved on first contact". A
  contact that filed a service request is handed to a department by design and left out;
- *found helpful*: of the answers to "Did this answer your question?" (on the answer's
  page and on the report form), the share that said yes;
- *requests avoided*: "This answered my question" on the report form — a resident who
  read an answer there and did not file the report;
- *field updates*: status updates crews sent from the field, in the month they were made
  on the phone (an update kept offline overnight still counts on the day of the work).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.core.exports import CsvExport

from .models import AnswerFeedback, AnswerViews, Contact, FieldUpdate

# Contacts that can be resolved during the call; a filed request goes on to a department.
RESOLVABLE_KINDS = (
    Contact.Kind.INFORMATION,
    Contact.Kind.COMPLAINT,
    Contact.Kind.COMPLIMENT,
)
TOP_ANSWERS = 10
MAX_MONTHS = 60


# Months ------------------------------------------------------------------------------------


def month_start(day):
    return date(day.year, day.month, 1)


def next_month(month):
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_before(month, count):
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first, last):
    """Every month from ``first`` to ``last`` (first days of month), oldest first."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def default_period(today=None):
    """The last twelve months, this one included."""
    last = month_start(today or timezone.localdate())
    return months_before(last, 11), last


def aware(day):
    """Midnight at the start of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def month_number(field_name, months, *, is_date=False):
    """A SQL expression: the index in ``months`` of the month ``field_name`` falls in.

    Rows must already be limited to the period (from the first month to the end of the
    last): each ``WHEN`` asks "before the start of the next month?", in order.
    """
    boundaries = [next_month(month) for month in months[:-1]]
    return Case(
        *(
            When(**{f"{field_name}__lt": end if is_date else aware(end)}, then=Value(number))
            for number, end in enumerate(boundaries)
        ),
        default=Value(len(months) - 1),
        output_field=IntegerField(),
    )


def share(part, whole):
    """``part`` of ``whole`` as a percentage with one decimal, or None when nothing to share."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# The figures -------------------------------------------------------------------------------


@dataclass
class MonthFigures:
    """One month's figures (or, with ``month=None``, the whole period's)."""

    month: date | None
    contacts: int = 0
    by_channel: dict = field(default_factory=dict)
    by_kind: dict = field(default_factory=dict)
    resolvable: int = 0
    resolved_first_contact: int = 0
    answer_views: int = 0
    feedback: int = 0
    helpful: int = 0
    requests_avoided: int = 0
    field_updates: int = 0

    @property
    def first_contact_rate(self):
        return share(self.resolved_first_contact, self.resolvable)

    @property
    def helpful_share(self):
        return share(self.helpful, self.feedback)

    def channel_counts(self):
        """The counts in the order of ``Contact.Channel``: for a table's columns."""
        return [self.by_channel.get(channel, 0) for channel in Contact.Channel.values]

    def kind_counts(self):
        return [self.by_kind.get(kind, 0) for kind in Contact.Kind.values]

    def add(self, other):
        for name in (
            "contacts",
            "resolvable",
            "resolved_first_contact",
            "answer_views",
            "feedback",
            "helpful",
            "requests_avoided",
            "field_updates",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for mine, theirs in ((self.by_channel, other.by_channel), (self.by_kind, other.by_kind)):
            for key, number in theirs.items():
                mine[key] = mine.get(key, 0) + number


@dataclass
class AnswerFigures:
    """One of the most read answers of the period."""

    page_id: int
    title: str
    language: str
    views: int
    feedback: int = 0
    helpful: int = 0
    requests_avoided: int = 0

    @property
    def helpful_share(self):
        return share(self.helpful, self.feedback)


@dataclass
class Figures:
    first: date
    last: date
    months: list  # MonthFigures, latest month first
    totals: MonthFigures
    # Contacts of the whole period: {(channel, kind): count}.
    channel_kind: dict = field(default_factory=dict)
    top_answers: list = field(default_factory=list)

    def channel_kind_rows(self):
        """[(channel label, [count per kind], total)], in the order of the choices."""
        return [
            (
                label,
                [self.channel_kind.get((channel, kind), 0) for kind in Contact.Kind.values],
                self.totals.by_channel.get(channel, 0),
            )
            for channel, label in Contact.Channel.choices
        ]


def contact_groups(months):
    """The contacts of ``months`` (consecutive, oldest first) counted per month (its index
    in ``months``), channel and kind, with those resolved on first contact. Migration
    0005 gives it an index holding every column it reads."""
    start, end = months[0], next_month(months[-1])
    return (
        Contact.objects.filter(created_at__gte=aware(start), created_at__lt=aware(end))
        .annotate(figure_month=month_number("created_at", months))
        .values("figure_month", "channel", "kind")
        .annotate(
            number=Count("pk"),
            resolved=Count("pk", filter=Q(resolved_first_contact=True)),
        )
        .order_by()
    )


def compute(first, last):
    """The figures from the month of ``first`` to that of ``last``."""
    months = months_between(month_start(first), month_start(last))
    start, end = months[0], next_month(months[-1])
    rows = [MonthFigures(month=month) for month in months]
    channel_kind = {}

    for group in contact_groups(months):
        row, number = rows[group["figure_month"]], group["number"]
        row.contacts += number
        row.by_channel[group["channel"]] = row.by_channel.get(group["channel"], 0) + number
        row.by_kind[group["kind"]] = row.by_kind.get(group["kind"], 0) + number
        if group["kind"] in RESOLVABLE_KINDS:
            row.resolvable += number
            row.resolved_first_contact += group["resolved"]
        key = (group["channel"], group["kind"])
        channel_kind[key] = channel_kind.get(key, 0) + number

    views = (
        AnswerViews.objects.filter(day__gte=start, day__lt=end)
        .annotate(figure_month=month_number("day", months, is_date=True))
        .values("figure_month")
        .annotate(number=Sum("views"))
        .order_by()
    )
    for group in views:
        rows[group["figure_month"]].answer_views = group["number"] or 0

    feedback = (
        AnswerFeedback.objects.filter(created_at__gte=aware(start), created_at__lt=aware(end))
        .annotate(figure_month=month_number("created_at", months))
        .values("figure_month")
        .annotate(**_feedback_counts())
        .order_by()
    )
    for group in feedback:
        row = rows[group["figure_month"]]
        row.feedback, row.helpful = group["number"], group["helpful"]
        row.requests_avoided = group["avoided"]

    updates = (
        FieldUpdate.objects.filter(made_at__gte=aware(start), made_at__lt=aware(end))
        .annotate(figure_month=month_number("made_at", months))
        .values("figure_month")
        .annotate(number=Count("pk"))
        .order_by()
    )
    for group in updates:
        rows[group["figure_month"]].field_updates = group["number"]

    totals = MonthFigures(month=None)
    for row in rows:
        totals.add(row)
    return Figures(
        first=start,
        last=months[-1],
        months=list(reversed(rows)),
        totals=totals,
        channel_kind=channel_kind,
        top_answers=answer_figures(start, end, TOP_ANSWERS),
    )


def cached_compute(first, last):
    """``compute()``, kept ``CONTACT_FIGURES_CACHE_SECONDS`` in the cache (per period and
    day: "the last twelve months" move on at midnight)."""
    seconds = settings.CONTACT_FIGURES_CACHE_SECONDS
    if not seconds:
        return compute(first, last)
    key = f"reports:contact-figures:{first:%Y-%m}:{last:%Y-%m}:{timezone.localdate():%Y%m%d}"
    figures = cache.get(key)
    if figures is None:
        figures = compute(first, last)
        cache.set(key, figures, seconds)
    return figures


def _feedback_counts():
    return {
        "number": Count("pk"),
        "helpful": Count("pk", filter=Q(helpful=True)),
        "avoided": Count("pk", filter=Q(avoided_request=True)),
    }


def answer_figures(start, end, limit=None):
    """The answers read from ``start`` to before ``end`` (dates), most read first, each with
    the feedback it had in that time; the first ``limit`` of them, or all. Two queries."""
    most_read = (
        AnswerViews.objects.filter(day__gte=start, day__lt=end)
        .values("page_id", "page__title", "page__locale__language_code")
        .annotate(number=Sum("views"))
        .order_by("-number", "page_id")
    )
    most_read = list(most_read[:limit] if limit else most_read)
    if not most_read:
        return []
    feedback = AnswerFeedback.objects.filter(
        created_at__gte=aware(start), created_at__lt=aware(end)
    )
    if limit:
        feedback = feedback.filter(page_id__in=[group["page_id"] for group in most_read])
    said = {
        group["page_id"]: group
        for group in feedback.values("page_id").annotate(**_feedback_counts()).order_by()
    }
    return [
        AnswerFigures(
            page_id=group["page_id"],
            title=group["page__title"],
            language=group["page__locale__language_code"],
            views=group["number"],
            feedback=said.get(group["page_id"], {}).get("number", 0),
            helpful=said.get(group["page_id"], {}).get("helpful", 0),
            requests_avoided=said.get(group["page_id"], {}).get("avoided", 0),
        )
        for group in most_read
    ]


# CSV -----------------------------------------------------------------------------------------


class PeriodCsvExport(CsvExport):
    """A download of the months ``first``–``last`` (any day of them), named after them."""

    def __init__(self, first, last):
        self.months = months_between(month_start(first), month_start(last))
        self.first, self.last = self.months[0], self.months[-1]
        self.start, self.end = self.first, next_month(self.last)

    def get_filename_stem(self):
        return f"{self.filename_stem}-{self.first:%Y-%m}-to-{self.last:%Y-%m}"


class ContactFiguresCsvExport(PeriodCsvExport):
    """The monthly table, one row a month (oldest first, as a spreadsheet reads), and a
    row of totals."""

    filename_stem = "contact-center-figures"

    def get_header(self):
        return [
            _("Month"),
            _("Contacts"),
            *(_("Channel: %(channel)s") % {"channel": label} for label in Contact.Channel.labels),
            *(_("Kind: %(kind)s") % {"kind": label} for label in Contact.Kind.labels),
            _("Contacts that could be resolved on the call"),
            _("Resolved on first contact"),
            _("First-contact resolution (%)"),
            _("Answer views"),
            _("Answer feedback"),
            _("Found helpful"),
            _("Found helpful (%)"),
            _("Requests avoided after an answer"),
            _("Field updates"),
        ]

    def get_rows(self):
        figures = compute(self.first, self.last)
        for row in reversed(figures.months):
            yield self.cells(f"{row.month:%Y-%m}", row)
        yield self.cells(_("Total"), figures.totals)

    @staticmethod
    def cells(label, row):
        return [
            label,
            row.contacts,
            *row.channel_counts(),
            *row.kind_counts(),
            row.resolvable,
            row.resolved_first_contact,
            row.first_contact_rate,
            row.answer_views,
            row.feedback,
            row.helpful,
            row.helpful_share,
            row.requests_avoided,
            row.field_updates,
        ]


class ContactBreakdownCsvExport(PeriodCsvExport):
    """Contacts per month, channel and kind: one row for each combination that occurred."""

    filename_stem = "contacts-by-channel-and-kind"

    def get_header(self):
        return [
            _("Month"),
            _("Channel"),
            _("Kind"),
            _("Contacts"),
            _("Resolved on first contact"),
        ]

    def get_rows(self):
        channels, kinds = dict(Contact.Channel.choices), dict(Contact.Kind.choices)
        groups = contact_groups(self.months).order_by("figure_month", "channel", "kind")
        for group in groups:
            yield [
                f"{self.months[group['figure_month']]:%Y-%m}",
                str(channels.get(group["channel"], group["channel"])),
                str(kinds.get(group["kind"], group["kind"])),
                group["number"],
                group["resolved"],
            ]


class AnswersCsvExport(PeriodCsvExport):
    """Every answer read in the period, most read first, with its feedback. The titles are
    written by staff; ``CsvExport`` neutralises any that a spreadsheet would run."""

    filename_stem = "knowledge-base-answers"

    def get_header(self):
        return [
            _("Page ID"),
            _("Answer"),
            _("Language"),
            _("Views"),
            _("Answer feedback"),
            _("Found helpful"),
            _("Found helpful (%)"),
            _("Requests avoided after an answer"),
        ]

    def get_rows(self):
        for answer in answer_figures(self.start, self.end):
            yield [
                answer.page_id,
                answer.title,
                answer.language,
                answer.views,
                answer.feedback,
                answer.helpful,
                answer.helpful_share,
                answer.requests_avoided,
            ]


EXPORTS = {
    "months": ContactFiguresCsvExport,
    "contacts": ContactBreakdownCsvExport,
    "answers": AnswersCsvExport,
}
