"""The daily roll-ups give the live figures, and stay exact as reports change."""

import datetime

from django.utils import timezone

from engage.outcomes import rollups
from engage.outcomes.metrics import Period, dashboard, loop_closure
from engage.outcomes.metrics import reports as figures
from engage.outcomes.models import DailyCount, RollupState
from engage.reports.models import ReportEvent, ServiceReport
from engage.reports.services import change_status
from tests.outcomes.metrics_factories import local
from tests.outcomes.test_metrics_reports import month  # noqa: F401 - the fixture

Status = ServiceReport.Status
MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))
WEEK = Period(datetime.date(2026, 3, 28), datetime.date(2026, 4, 4))
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2027, 1, 1))


def everything():
    periods = (MARCH, WEEK, YEAR)
    return [
        *(figures.section(period) for period in periods),
        *(loop_closure.section(period) for period in periods),
        dashboard.trends(MARCH),
        dashboard.trends(YEAR),
        *dashboard.neighborhood_breakdown(MARCH),
    ]


def test_the_roll_ups_give_the_live_figures(month):  # noqa: F811
    live = everything()
    assert rollups.rebuild() > 0
    assert RollupState.objects.get().built_until == timezone.localdate()
    assert DailyCount.objects.exists()
    assert everything() == live


def test_the_figures_are_read_from_the_roll_ups(month):  # noqa: F811
    rollups.rebuild()
    # Deleted behind the roll-ups' back (no service does this): still counted…
    ServiceReport.objects.filter(pk=month["r1"].pk).delete()
    section = figures.section(MARCH)
    assert next(f for f in section.figures if f.key == "received").value == 10
    # …until the next rebuild.
    rollups.rebuild()
    section = figures.section(MARCH)
    assert next(f for f in section.figures if f.key == "received").value == 9


def test_a_refresh_follows_reports_reopened_closed_again_and_filed(month):  # noqa: F811
    # As the services leave them: each closing is in the report's history.
    for name, closed_at in (("r6", local(2026, 3, 13, 10)), ("r7", local(2026, 3, 20, 10))):
        ReportEvent.objects.create(
            report=month[name],
            kind=ReportEvent.Kind.STATUS,
            from_status=Status.IN_PROGRESS,
            to_status=Status.RESOLVED,
            created_at=closed_at,
        )
    rollups.rebuild()
    change_status(month["r7"], Status.SUBMITTED)  # reopened: no closing time any more
    change_status(month["r6"], Status.CLOSED)  # closed again, today
    ServiceReport.objects.create(
        category=month["r1"].category,
        submitted_at=local(2026, 3, 3, 12),
        channel=ServiceReport.Channel.PHONE,
    )
    assert rollups.refresh() >= 3
    rolled = everything()
    RollupState.objects.all().delete()  # from here on, live
    assert rolled == everything()
    received = next(f for f in rolled[0].figures if f.key == "received")
    assert received.value == 11
