"""Service-level compliance: how many reports the city resolved by their deadline.

Compliance = on time ÷ (on time + late + still open and overdue at the period's end), the
definition Austin's 311 uses: counting only the reports closed would show 100% for a month
whose late reports are all still open. For a period [start, end):

- on time: closed in the period, at or before the deadline (``due_at``);
- late: closed in the period, after the deadline;
- open and overdue: filed before the period's end (or now, for a period not over yet),
  past its deadline then, and not closed by then. Such a report counts in every period it
  stays open past its deadline, as it should: it is still failing.

Reports without a deadline (no target for their category or its department) and reports
merged into another (duplicates) are left out. "Closed" is any closing: resolved, closed
without action, not the city's responsibility. Version 1 in ``docs/metrics.md``.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.reports.listing import CategoryNames
from engage.reports.models import Department, ServiceReport

from . import Figure, Section, Table

VERSION = 1


@dataclass(frozen=True)
class Counts:
    on_time: int = 0
    late: int = 0
    open_overdue: int = 0

    @property
    def cases(self):
        return self.on_time + self.late + self.open_overdue

    @property
    def compliance(self):
        """The share on time, or None when there was nothing to count."""
        return self.on_time / self.cases if self.cases else None


def _conditions(period, now=None):
    start, end = period.bounds()
    cutoff = min(end, now or timezone.now())
    closed_in = Q(closed_at__gte=start, closed_at__lt=end)
    return {
        "on_time": closed_in & Q(closed_at__lte=F("due_at")),
        "late": closed_in & Q(closed_at__gt=F("due_at")),
        "open_overdue": Q(submitted_at__lt=cutoff, due_at__lt=cutoff)
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff)),
    }


def counted_reports(period, *, neighborhood=None, department=None, now=None):
    """The reports that count in the period, with which count each falls in (``kind``)."""
    conditions = _conditions(period, now)
    reports = ServiceReport.objects.exclude(status=ServiceReport.Status.DUPLICATE).filter(
        due_at__isnull=False
    )
    if neighborhood is not None:
        reports = reports.filter(neighborhood=neighborhood)
    if department is not None:
        reports = reports.filter(department=department)
    any_kind = conditions["on_time"] | conditions["late"] | conditions["open_overdue"]
    return reports.filter(any_kind), conditions


def counts_by(period, group, *, neighborhood=None, department=None, now=None):
    """``{group value: Counts}`` with ``group`` a field path (None: one total, key None)."""
    reports, conditions = counted_reports(
        period, neighborhood=neighborhood, department=department, now=now
    )
    aggregates = {name: Count("pk", filter=condition) for name, condition in conditions.items()}
    if group is None:
        return {None: Counts(**reports.aggregate(**aggregates))}
    rows = reports.values(group).annotate(**aggregates).order_by()
    return {row[group]: Counts(row["on_time"], row["late"], row["open_overdue"]) for row in rows}


def open_overdue_reports(period, *, department=None, now=None):
    """The reports open and overdue at the period's end, the longest overdue first."""
    reports, conditions = counted_reports(period, department=department, now=now)
    return (
        reports.filter(conditions["open_overdue"])
        .select_related("category", "neighborhood")
        .order_by("due_at", "pk")
    )


def _rows(counts_by_key, label_of):
    """Rows in the order of their labels, never of their values: a figure drawn from
    too few cases must not be ranked."""
    labelled = sorted(
        ((label_of(key), counts) for key, counts in counts_by_key.items()),
        key=lambda pair: str(pair[0]).casefold(),
    )
    return labelled


def section(period, neighborhood=None, *, now=None):
    total = counts_by(period, None, neighborhood=neighborhood, now=now)[None]
    by_category = counts_by(period, "category__translation_key", neighborhood=neighborhood, now=now)
    by_department = counts_by(period, "department", neighborhood=neighborhood, now=now)
    names = CategoryNames()
    departments = Department.objects.in_bulk(key for key in by_department if key is not None)

    def category_label(key):
        category = names.by_key.get(key)
        return category.name if category is not None else "?"

    def department_label(key):
        return departments[key].name if key in departments else _("No department")

    def goal(key):
        department = departments.get(key)
        if department is None or department.goal_percent is None:
            return None
        return department.goal_percent / 100

    category_rows = _rows(by_category, category_label)
    department_rows = _rows(
        {key: (counts, goal(key)) for key, counts in by_department.items()}, department_label
    )
    return Section(
        key="service_levels",
        title=_("Service levels"),
        figures=[
            Figure(
                "service_levels.compliance",
                _("Resolved by the deadline (service-level compliance)"),
                total.compliance,
                unit="share",
                cases=total.cases,
                version=VERSION,
            ),
            Figure("service_levels.on_time", _("Closed on time"), total.on_time, version=VERSION),
            Figure("service_levels.late", _("Closed late"), total.late, version=VERSION),
            Figure(
                "service_levels.open_overdue",
                _("Still open and overdue at the end of the period"),
                total.open_overdue,
                version=VERSION,
            ),
        ],
        tables=[
            Table(
                "service_levels.by_category",
                _("Service-level compliance by category"),
                (_("Compliance"),),
                tuple((label, counts.compliance) for label, counts in category_rows),
                cases=tuple(counts.cases for _label, counts in category_rows),
                unit="share",
            ),
            Table(
                "service_levels.cases_by_category",
                _("On time, late and overdue reports by category"),
                (_("On time"), _("Late"), _("Open and overdue")),
                tuple(
                    (label, counts.on_time, counts.late, counts.open_overdue)
                    for label, counts in category_rows
                ),
            ),
            Table(
                "service_levels.by_department",
                _("Service-level compliance by department, against its goal"),
                (_("Compliance"), _("Goal")),
                tuple(
                    (label, counts.compliance, goal_share)
                    for label, (counts, goal_share) in department_rows
                ),
                cases=tuple(counts.cases for _label, (counts, _goal) in department_rows),
                unit="share",
            ),
            Table(
                "service_levels.cases_by_department",
                _("On time, late and overdue reports by department"),
                (_("On time"), _("Late"), _("Open and overdue")),
                tuple(
                    (label, counts.on_time, counts.late, counts.open_overdue)
                    for label, (counts, _goal) in department_rows
                ),
            ),
        ],
    )


DIGEST_OVERDUE_LIMIT = 20


def department_week(department, period, *, now=None):
    """What a department's weekly digest says: its counts, its goal, per category, and
    the reports open and overdue at the period's end (the longest overdue first)."""
    total = counts_by(period, None, department=department, now=now)[None]
    names = CategoryNames()
    by_category = counts_by(period, "category__translation_key", department=department, now=now)
    overdue = open_overdue_reports(period, department=department, now=now)
    return {
        "counts": total,
        "goal": department.goal_percent / 100 if department.goal_percent else None,
        "meets_goal": (
            None
            if total.compliance is None or not department.goal_percent
            else total.compliance * 100 >= department.goal_percent
        ),
        "categories": _rows(
            by_category,
            lambda key: names.by_key[key].name if key in names.by_key else "?",
        ),
        "overdue_reports": list(overdue[:DIGEST_OVERDUE_LIMIT]),
    }
