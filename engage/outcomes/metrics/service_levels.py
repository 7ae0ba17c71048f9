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


Status = ServiceReport.Status
CLOSED_STATUSES = (Status.RESOLVED, Status.CLOSED)
GROUPS = ("category__translation_key", "department")


def _querysets(period, *, neighborhood=None, department=None, now=None):
    """The reports closed in the period, and those open and overdue at its cutoff (still
    open, or closed only after it). Three narrow queries rather than one with OR: each
    walks its own index (status and closed_at, status and submitted_at), which keeps a
    month fast with a million reports."""
    start, end = period.bounds()
    cutoff = min(end, now or timezone.now())
    reports = ServiceReport.objects.filter(due_at__isnull=False)
    if neighborhood is not None:
        reports = reports.filter(neighborhood=neighborhood)
    if department is not None:
        reports = reports.filter(department=department)
    closed = reports.filter(status__in=CLOSED_STATUSES, closed_at__gte=start, closed_at__lt=end)
    overdue = {"due_at__lt": cutoff, "submitted_at__lt": cutoff}
    still_open = reports.filter(status__in=ServiceReport.OPEN_STATUSES, **overdue)
    closed_after = reports.filter(status__in=CLOSED_STATUSES, closed_at__gte=cutoff, **overdue)
    return closed, still_open, closed_after


def counts_by(period, group, *, neighborhood=None, department=None, now=None):
    """``{group value: Counts}`` with ``group`` one of ``GROUPS`` (None: one total, key
    None). ``counts_table`` gives every grouping from the same three queries."""
    table = counts_table(period, neighborhood=neighborhood, department=department, now=now)
    return regroup(table, group)


def counts_table(period, *, neighborhood=None, department=None, now=None):
    """``{(category translation key, department id): Counts}`` of the reports that count."""
    closed, still_open, closed_after = _querysets(
        period, neighborhood=neighborhood, department=department, now=now
    )
    table = {}

    def add(key, **counts):
        previous = table.get(key, Counts())
        table[key] = Counts(
            previous.on_time + counts.get("on_time", 0),
            previous.late + counts.get("late", 0),
            previous.open_overdue + counts.get("open_overdue", 0),
        )

    for row in (
        closed.values(*GROUPS)
        .annotate(
            # A column of the covering index, not the primary key: the index answers alone
            # (due_at is never empty here).
            on_time=Count("due_at", filter=Q(closed_at__lte=F("due_at"))),
            late=Count("due_at", filter=Q(closed_at__gt=F("due_at"))),
        )
        .order_by()
    ):
        add((row[GROUPS[0]], row[GROUPS[1]]), on_time=row["on_time"], late=row["late"])
    for queryset in (still_open, closed_after):
        for row in queryset.values(*GROUPS).annotate(n=Count("*")).order_by():
            add((row[GROUPS[0]], row[GROUPS[1]]), open_overdue=row["n"])
    return table


def regroup(table, group):
    """The counts of ``counts_table`` added up by one of ``GROUPS`` (None: the total)."""
    index = None if group is None else GROUPS.index(group)
    grouped = {None: Counts()} if group is None else {}
    for key, counts in table.items():
        picked = None if index is None else key[index]
        previous = grouped.get(picked, Counts())
        grouped[picked] = Counts(
            previous.on_time + counts.on_time,
            previous.late + counts.late,
            previous.open_overdue + counts.open_overdue,
        )
    return grouped


def open_overdue_reports(period, *, department=None, now=None, limit=None):
    """The reports open and overdue at the period's end, the longest overdue first (a
    list: the two kinds are read apart, each on its own index, then merged)."""
    _closed, still_open, closed_after = _querysets(period, department=department, now=now)
    # Ordered by the database only where an index gives that order (the open reports by
    # their deadline); those closed after the cutoff are few, and sorted here, since
    # ordering them by deadline would walk every deadline before it.
    open_ones = still_open.order_by("due_at", "pk").values_list("due_at", "pk")
    closed_ones = closed_after.order_by().values_list("due_at", "pk")
    keys = sorted([*(open_ones[:limit] if limit is not None else open_ones), *closed_ones])
    pks = [pk for _due, pk in (keys[:limit] if limit is not None else keys)]
    found = ServiceReport.objects.select_related("category", "neighborhood").in_bulk(pks)
    return [found[pk] for pk in pks]


def _rows(counts_by_key, label_of):
    """Rows in the order of their labels, never of their values: a figure drawn from
    too few cases must not be ranked."""
    labelled = sorted(
        ((label_of(key), counts) for key, counts in counts_by_key.items()),
        key=lambda pair: str(pair[0]).casefold(),
    )
    return labelled


def section(period, neighborhood=None, *, now=None):
    table = counts_table(period, neighborhood=neighborhood, now=now)
    total = regroup(table, None)[None]
    by_category = regroup(table, "category__translation_key")
    by_department = regroup(table, "department")
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
    table = counts_table(period, department=department, now=now)
    total = regroup(table, None)[None]
    names = CategoryNames()
    by_category = regroup(table, "category__translation_key")
    overdue = open_overdue_reports(
        period, department=department, now=now, limit=DIGEST_OVERDUE_LIMIT
    )
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
        "overdue_reports": overdue,
    }
