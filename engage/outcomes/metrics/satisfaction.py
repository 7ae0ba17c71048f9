"""What reporters said when asked "is it really fixed?" (``engage.outcomes.follow_up``).

Counted over the questions sent in the period (``FixedCheck.sent_at``), so the response
rate's cases are the people asked:

- response rate = answered ÷ asked;
- confirmed rate = answered "yes, fixed" ÷ answered;
- reopened rate = answered "no, not fixed" (which reopens the report) ÷ answered;
- satisfaction = the mean of the 1–5 ratings given (an answer may leave it out).

Per category (all its languages together) and per department (the report's). Version 1
in ``docs/metrics.md``.
"""

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from engage.reports.listing import CategoryNames
from engage.reports.models import Department

from ..models import FixedCheck
from . import Figure, Section, Table

VERSION = 1

AGGREGATES = {
    "asked": Count("pk"),
    "answered": Count("pk", filter=Q(answered_at__isnull=False)),
    "confirmed": Count("pk", filter=Q(fixed=True)),
    "reopened": Count("pk", filter=Q(fixed=False)),
    "rated": Count("satisfaction"),
    "mean": Avg("satisfaction"),
}


def _share(part, whole):
    return part / whole if whole else None


def checks_in(period, neighborhood=None):
    start, end = period.bounds()
    checks = FixedCheck.objects.sent_between(start, end)
    if neighborhood is not None:
        checks = checks.filter(report__neighborhood=neighborhood)
    return checks


def totals(period, neighborhood=None):
    return checks_in(period, neighborhood).aggregate(**AGGREGATES)


def by(period, group, neighborhood=None):
    rows = checks_in(period, neighborhood).values(group).annotate(**AGGREGATES).order_by()
    return {row[group]: row for row in rows}


def _tables(key, titles, rows_by_label):
    # In the order of their labels, never of their values (see MINIMUM_SAMPLE).
    rows = sorted(rows_by_label, key=lambda pair: str(pair[0]).casefold())
    return [
        Table(
            f"satisfaction.rates_by_{key}",
            titles[0],
            (_("Confirmed fixed"), _("Reopened")),
            tuple(
                (
                    label,
                    _share(row["confirmed"], row["answered"]),
                    _share(row["reopened"], row["answered"]),
                )
                for label, row in rows
            ),
            cases=tuple(row["answered"] for _label, row in rows),
            unit="share",
        ),
        Table(
            f"satisfaction.rating_by_{key}",
            titles[1],
            (_("Mean satisfaction"),),
            tuple((label, row["mean"]) for label, row in rows),
            cases=tuple(row["rated"] for _label, row in rows),
            unit="rating",
        ),
    ]


def section(period, neighborhood=None):
    total = totals(period, neighborhood)
    names = CategoryNames()
    by_category = by(period, "report__category__translation_key", neighborhood)
    by_department = by(period, "report__department", neighborhood)
    departments = Department.objects.in_bulk(key for key in by_department if key is not None)

    def category_label(key):
        category = names.by_key.get(key)
        return category.name if category is not None else "?"

    def department_label(key):
        return departments[key].name if key in departments else _("No department")

    return Section(
        key="satisfaction",
        title=_("Fixed, confirmed, rated"),
        figures=[
            Figure(
                "satisfaction.asked",
                _("Reporters asked whether it is really fixed"),
                total["asked"],
                version=VERSION,
            ),
            Figure(
                "satisfaction.response_rate",
                _("Answered"),
                _share(total["answered"], total["asked"]),
                unit="share",
                cases=total["asked"],
                version=VERSION,
            ),
            Figure(
                "satisfaction.confirmed_rate",
                _("Confirmed fixed by the reporter"),
                _share(total["confirmed"], total["answered"]),
                unit="share",
                cases=total["answered"],
                version=VERSION,
            ),
            Figure(
                "satisfaction.reopened_rate",
                _("Reopened by the reporter"),
                _share(total["reopened"], total["answered"]),
                unit="share",
                cases=total["answered"],
                version=VERSION,
            ),
            Figure(
                "satisfaction.mean",
                _("Satisfaction with the service"),
                total["mean"],
                unit="rating",
                cases=total["rated"],
                version=VERSION,
            ),
        ],
        tables=[
            *_tables(
                "category",
                (
                    _("Confirmed and reopened after resolution, by category"),
                    _("Satisfaction with the service (1–5), by category"),
                ),
                [(category_label(key), row) for key, row in by_category.items()],
            ),
            *_tables(
                "department",
                (
                    _("Confirmed and reopened after resolution, by department"),
                    _("Satisfaction with the service (1–5), by department"),
                ),
                [(department_label(key), row) for key, row in by_department.items()],
            ),
        ],
    )
