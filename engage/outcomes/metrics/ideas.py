"""Ideas: submitted, decided, implemented, and the median days to a decision.
Definitions: docs/metrics.md."""

from django.db.models import Count, Min
from django.utils.translation import gettext as _

from ideas.models import Idea, StatusChange

from . import Figure, Section, Table
from .calc import days, in_period, percentile

Status = Idea.Status
# A decision answers the idea; "under review" only says staff are looking at it.
DECIDED = (Status.ACCEPTED, Status.IN_PROGRESS, Status.IMPLEMENTED, Status.DECLINED)


def scoped(neighborhood):
    ideas = Idea.objects.all()
    return ideas if neighborhood is None else ideas.filter(neighborhood=neighborhood)


def submitted(period, neighborhood=None):
    return scoped(neighborhood).filter(in_period("created_at", period))


def decided(period, neighborhood=None):
    """The ideas first decided in the period, when, and when they were submitted:
    [{"idea", "idea__created_at", "first"}]: the ideas with a decision in the period and
    none before it, each at its earliest decision in the period."""
    start, _end = period.bounds()
    before = StatusChange.objects.filter(to_status__in=DECIDED, created_at__lt=start)
    changes = StatusChange.objects.filter(
        in_period("created_at", period), to_status__in=DECIDED
    ).exclude(idea__in=before.values("idea"))
    if neighborhood is not None:
        changes = changes.filter(idea__neighborhood=neighborhood)
    return changes.values("idea", "idea__created_at").annotate(first=Min("created_at")).order_by()


def implemented(period, neighborhood=None):
    changes = StatusChange.objects.filter(in_period("created_at", period))
    if neighborhood is not None:
        changes = changes.filter(idea__neighborhood=neighborhood)
    return changes.filter(to_status=Status.IMPLEMENTED).values("idea").distinct()


def section(period, neighborhood=None):
    decisions = list(decided(period, neighborhood))
    waits = [(row["first"] - row["idea__created_at"]).total_seconds() for row in decisions]
    changes = StatusChange.objects.filter(in_period("created_at", period), to_status__in=DECIDED)
    if neighborhood is not None:
        changes = changes.filter(idea__neighborhood=neighborhood)
    by_status = dict(changes.values_list("to_status").annotate(n=Count("pk")).order_by())
    labels = dict(Status.choices)
    return Section(
        key="ideas",
        title=_("Ideas"),
        figures=[
            Figure("submitted", _("Ideas submitted"), submitted(period, neighborhood).count()),
            Figure("decided", _("Ideas decided for the first time"), len(decisions)),
            Figure(
                "implemented", _("Ideas implemented"), implemented(period, neighborhood).count()
            ),
            Figure(
                "median_days_to_decision",
                _("Median days to a decision"),
                days(percentile(waits, 0.5)),
                "days",
                len(waits),
            ),
        ],
        tables=[
            Table(
                key="decisions_by_status",
                title=_("Decisions made, by status"),
                columns=(_("Decisions"),),
                rows=tuple((str(labels[status]), by_status.get(status, 0)) for status in DECIDED),
            )
        ],
    )
