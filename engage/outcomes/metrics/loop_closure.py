"""Loop closure: of the reports and ideas received in the period, the share that reached
a resolution or an outcome by the end of the period; and the median days from a piece of
feedback to the first outcome published about it. Definitions: docs/metrics.md."""

import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.reports.models import ServiceReport
from ideas.models import Idea, StatusChange

from ..models import OutcomeLink
from . import Figure, Section, Table
from . import reports as report_figures
from .calc import days, in_period, percentile, share
from .ideas import DECIDED
from .reports import CLOSED_STATUSES, backlog_moment

IDEAS_LEFT_OUT = (Idea.Status.MERGED, Idea.Status.WITHDRAWN)


def published_links(moment=None):
    """Links of live outcome pages (any language), published before ``moment``."""
    links = OutcomeLink.objects.filter(page__live=True, page__first_published_at__isnull=False)
    return links if moment is None else links.filter(page__first_published_at__lt=moment)


def report_cohort(period, neighborhood, moment, *, by_neighborhood=False):
    """(received, of them closed or with an outcome by ``moment``). Duplicates are left
    out: they follow the report they were merged into.

    Counted in two parts, so that no subquery runs per report: those closed by then (one
    pass over the period's reports), and those not closed by then but with an outcome
    (from the outcomes' links, a few rows)."""
    reports = ServiceReport.objects.filter(in_period("submitted_at", period)).exclude(
        status=ServiceReport.Status.DUPLICATE
    )
    if neighborhood is not None:
        reports = reports.filter(neighborhood=neighborhood)
    closed_by_then = Q(status__in=CLOSED_STATUSES, closed_at__lt=moment)
    if neighborhood is None and not by_neighborhood:
        counted = _rolled_cohort(period, moment)
    else:
        counted = _counted(reports, closed_by_then, by_neighborhood)
    answered = (
        reports.exclude(closed_by_then)
        .filter(pk__in=published_links(moment).filter(report__isnull=False).values("report"))
        .values("neighborhood")
        .annotate(number=Count("pk"))
        .order_by()
    )
    return _add_outcomes(counted, answered, by_neighborhood)


def _rolled_cohort(period, moment):
    """(received, closed before ``moment``) from the day-by-day roll-up of what became of
    each day's reports (``reports_cohort``: keyed by the day each was closed)."""
    keys = report_figures.count("reports_cohort", period)
    wall = timezone.localtime(moment)
    cutoff = wall.date().isoformat()
    at_midnight = wall.time() == datetime.time.min
    total = sum(number for key, number in keys.items() if key != "dup")
    closed = sum(
        number
        for key, number in keys.items()
        if key not in ("", "dup") and (key < cutoff or (key == cutoff and not at_midnight))
    )
    return total, closed


def _add_outcomes(counted, answered, by_neighborhood):
    if not by_neighborhood:
        total, closed = counted
        return total, closed + sum(row["number"] for row in answered)
    for row in answered:
        total, closed = counted[row["neighborhood"]]
        counted[row["neighborhood"]] = (total, closed + row["number"])
    return counted


def idea_cohort(period, neighborhood, moment, *, by_neighborhood=False):
    """(submitted, of them decided or with an outcome by ``moment``). Ideas merged into
    another, withdrawn or hidden by a moderator are left out. In two parts, as reports."""
    ideas = Idea.objects.filter(in_period("created_at", period), is_hidden=False).exclude(
        status__in=IDEAS_LEFT_OUT
    )
    if neighborhood is not None:
        ideas = ideas.filter(neighborhood=neighborhood)
    decided_by_then = Q(
        pk__in=StatusChange.objects.filter(to_status__in=DECIDED, created_at__lt=moment).values(
            "idea"
        )
    )
    counted = _counted(ideas, decided_by_then, by_neighborhood)
    answered = (
        ideas.exclude(decided_by_then)
        .filter(pk__in=published_links(moment).filter(idea__isnull=False).values("idea"))
        .values("neighborhood")
        .annotate(number=Count("pk"))
        .order_by()
    )
    return _add_outcomes(counted, answered, by_neighborhood)


def _counted(rows, closed, by_neighborhood):
    """(total, closed), or with ``by_neighborhood`` {neighborhood id: (total, closed)}."""
    counts = {"total": Count("pk"), "closed": Count("pk", filter=closed)}
    if not by_neighborhood:
        found = rows.aggregate(**counts)
        return found["total"], found["closed"]
    return {
        row["neighborhood"]: (row["total"], row["closed"])
        for row in rows.values("neighborhood").annotate(**counts).order_by()
    }


def days_to_outcome(period, neighborhood):
    """The days from each report and idea to the first outcome published about it, for
    those whose first outcome was published in the period."""
    start, end = period.bounds()
    waits = []
    for kind, submitted in (("report", "submitted_at"), ("idea", "created_at")):
        links = published_links().filter(**{f"{kind}__isnull": False})
        if neighborhood is not None:
            links = links.filter(**{f"{kind}__neighborhood": neighborhood})
        firsts = (
            links.values(kind, f"{kind}__{submitted}")
            .annotate(first=Min("page__first_published_at"))
            .filter(first__gte=start, first__lt=end)
            .order_by()
        )
        waits += [(row["first"] - row[f"{kind}__{submitted}"]).total_seconds() for row in firsts]
    return waits


def section(period, neighborhood=None, *, now=None):
    moment = backlog_moment(period, now)
    reports, reports_closed = report_cohort(period, neighborhood, moment)
    ideas, ideas_closed = idea_cohort(period, neighborhood, moment)
    waits = days_to_outcome(period, neighborhood)
    total, closed = reports + ideas, reports_closed + ideas_closed
    return Section(
        key="loop_closure",
        title=_("Closing the loop"),
        figures=[
            Figure(
                "loop_closure_rate",
                _("Feedback that reached a resolution or an outcome"),
                share(closed, total),
                "share",
                total,
            ),
            Figure(
                "median_days_to_outcome",
                _("Median days from feedback to outcome"),
                days(percentile(waits, 0.5)),
                "days",
                len(waits),
            ),
        ],
        tables=[
            Table(
                key="loop_closure_by_kind",
                title=_("Feedback that reached a resolution or an outcome, by kind"),
                columns=(_("Share"),),
                rows=(
                    (_("Service reports"), share(reports_closed, reports)),
                    (_("Ideas"), share(ideas_closed, ideas)),
                ),
                cases=(reports, ideas),
                unit="share",
            )
        ],
    )
