"""What a session's field reports came to: the educator's summary on the session page,
the review queue, and the class's public results page.

Each is a handful of queries whatever the number of reports: the counts are one
aggregate, the categories one grouped query, the released reports one query with their
service report and category joined, and the category names one query for all
(``engage.reports.listing.CategoryNames``).

The public results page shows released reports only (they are ordinary public service
reports by then), never a name, and every count of participants through
``rules.shown_count`` ("fewer than 5").
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from engage.neighborhoods.maps import browse_map_config, default_bbox, neighborhoods_geojson
from engage.reports.listing import CategoryNames
from engage.reports.maps import legend_statuses
from engage.reports.models import ServiceReport

from ..models import FieldReport, GuardianConsent, Session
from ..rules import consent_refusal, shown_count

Review = FieldReport.Review
# Around the released points on the map: a little room so a dot is not on the edge.
MAP_MARGIN_DEGREES = 0.002


@dataclass
class CategoryCount:
    name: str
    total: int
    released: int


@dataclass
class StatusCount:
    value: str
    label: str
    count: int


@dataclass
class SessionSummary:
    """A session's field reports in figures, and the released ones with their status."""

    session: Session
    held: int = 0
    released: int = 0
    rejected: int = 0
    categories: list = field(default_factory=list)  # CategoryCount, most reports first
    reports: list = field(default_factory=list)  # the released ServiceReports, newest first
    statuses: list = field(default_factory=list)  # StatusCount of the released reports
    map_config: dict | None = None

    @property
    def total(self):
        return self.held + self.released + self.rejected

    @property
    def class_results_url(self):
        return class_results_url(self.session)

    @property
    def legend_statuses(self):
        return legend_statuses()

    @property
    def resolved(self):
        return sum(s.count for s in self.statuses if s.value == ServiceReport.Status.RESOLVED)


def _counts(session):
    return session.field_reports.aggregate(
        held=Count("pk", filter=Q(review=Review.HELD)),
        released=Count("pk", filter=Q(review=Review.RELEASED)),
        rejected=Count("pk", filter=Q(review=Review.REJECTED)),
    )


def _categories(session, names, *, released_only=False):
    """The reports per category, in the visitor's language, most first. Categories are
    grouped by translation, so a report filed under the Spanish name counts with the
    English one."""
    reports = session.field_reports.all()
    if released_only:
        reports = reports.filter(review=Review.RELEASED)
    rows = reports.values("category_id").annotate(
        total=Count("pk"), released=Count("pk", filter=Q(review=Review.RELEASED))
    )
    merged = {}
    for row in rows:
        category = names.for_id(row["category_id"])
        entry = merged.setdefault(category.translation_key, CategoryCount(category.name, 0, 0))
        entry.total += row["total"]
        entry.released += row["released"]
    return sorted(merged.values(), key=lambda c: (-c.total, c.name.casefold()))


def released_reports(session, names):
    """The service reports the session's released field reports became, newest first,
    with their localized category name."""
    reports = list(
        ServiceReport.objects.filter(youth_field_report__session=session)
        .select_related("category", "neighborhood")
        .order_by("-submitted_at", "-pk")
    )
    for report in reports:
        report.category_name = names.name(report.category)
    return reports


def _statuses(reports):
    counts = {}
    for report in reports:
        counts[report.status] = counts.get(report.status, 0) + 1
    return [
        StatusCount(value, str(label), counts[value])
        for value, label in ServiceReport.Status.choices
        if value in counts
    ]


def _box(points):
    if not points:
        return default_bbox()
    lats = [lat for lat, _lng in points]
    lngs = [lng for _lat, lng in points]
    return (
        min(lngs) - MAP_MARGIN_DEGREES,
        min(lats) - MAP_MARGIN_DEGREES,
        max(lngs) + MAP_MARGIN_DEGREES,
        max(lats) + MAP_MARGIN_DEGREES,
    )


def map_config(reports):
    """The map of the released reports (the list beside it holds the same reports as
    text), or None when none has a point."""
    located = [r for r in reports if r.lat is not None and r.lng is not None]
    if not located:
        return None
    neighborhoods = {r.neighborhood_id: r.neighborhood for r in located if r.neighborhood_id}
    return browse_map_config(
        _box([(r.lat, r.lng) for r in located]),
        neighborhoods=neighborhoods_geojson(list(neighborhoods.values())),
        reports=[
            {
                "reference": report.reference,
                "point": [report.lat, report.lng],
                "title": report.category_name,
                "status": report.status,
                "statusLabel": str(report.get_status_display()),
                "url": report.get_absolute_url(),
            }
            for report in located
        ],
        text={
            # %s is replaced by a reference in the browser.
            "report": _("Report %s"),
        },
    )


def session_summary(session):
    """For the educator's session page: every report counted by review state and category,
    and the released ones with their current status, on a map."""
    names = CategoryNames()
    reports = released_reports(session, names)
    return SessionSummary(
        session=session,
        **_counts(session),
        categories=_categories(session, names),
        reports=reports,
        statuses=_statuses(reports),
        map_config=map_config(reports),
    )


def review_queue(session):
    """The reports waiting for the educator, oldest first, with what the review shows:
    the participant (a name only the educator sees), the category and the photos."""
    return (
        session.field_reports.filter(review=Review.HELD)
        .select_related("category", "participant", "neighborhood")
        .prefetch_related("photos")
        .order_by("filed_at", "pk")
    )


def queue_items(session):
    """The review queue as a list, each report marked when its participant's consent is
    no longer on record (withdrawn since filing): it cannot be sent then. Two queries for
    the consents, however long the queue."""
    items = list(review_queue(session))
    named = {item.participant_id for item in items if item.participant_id}
    with_consent = set()
    if named and not session.program.has_school_consent:
        with_consent = set(
            GuardianConsent.objects.in_force()
            .filter(participant_id__in=named)
            .values_list("participant_id", flat=True)
        )
    for item in items:
        item.consent_missing = bool(
            item.participant_id
            and not session.program.has_school_consent
            and item.participant_id not in with_consent
        )
    return items


def consent_problem(field_report):
    """Why this report cannot be sent for lack of consent, or None."""
    if field_report.participant is None or field_report.review == Review.RELEASED:
        return None
    return consent_refusal(field_report.participant)


def reviewed(session):
    """The reports already decided, newest decision first, with their service report."""
    return (
        session.field_reports.exclude(review=Review.HELD)
        .select_related("category", "participant", "report", "reviewed_by")
        .order_by("-reviewed_at", "-pk")
    )


@dataclass
class ClassResults:
    """The public page a class sees after the session: no names, released reports only."""

    session: Session
    released: int
    reporters: str  # how many took part in filing them, as published ("fewer than 5")
    categories: list
    reports: list
    statuses: list
    map_config: dict | None
    legend_statuses: list


def _reporter_count(session):
    """How many people filed the released reports: each named participant once, each
    anonymous device once (a report whose join was since freed counts on its own)."""
    rows = session.field_reports.filter(review=Review.RELEASED).values_list(
        "pk", "participant_id", "joined_id"
    )
    return len(
        {
            ("participant", participant) if participant else ("device", joined or f"r{pk}")
            for pk, participant, joined in rows
        }
    )


def class_results(session):
    names = CategoryNames()
    reports = released_reports(session, names)
    reporters = _reporter_count(session)
    return ClassResults(
        session=session,
        released=len(reports),
        reporters=shown_count(reporters),
        categories=_categories(session, names, released_only=True),
        reports=reports,
        statuses=_statuses(reports),
        map_config=map_config(reports),
        legend_statuses=legend_statuses(),
    )


def class_results_url(session):
    return reverse("youth:class_results", args=[session.results_key])
