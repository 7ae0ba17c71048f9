"""Reports placed exactly in time for the follow-up and service-level tests.

    report = filed(category, submitted=at(2026, 3, 2, 9), due=at(2026, 3, 9, 9))
    close(report, at(2026, 3, 5, 12))           # resolved as fixed at that moment

``filed`` goes through ``services.file_report`` (history, follower, department) and
then sets the instants by hand, which is what the figures read.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from engage.reports.models import ServiceReport
from tests.reports.factories import ReportFactory

LOCAL = ZoneInfo(settings.TIME_ZONE)
Status = ServiceReport.Status


def at(year, month, day, hour=12, minute=0):
    """An aware instant in the site's time zone."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LOCAL)


def filed(category, *, submitted, due="from target", **fields):
    report = ReportFactory(category=category, **fields)
    if due == "from target":
        due = category.due_at(submitted)
    ServiceReport.objects.filter(pk=report.pk).update(submitted_at=submitted, due_at=due)
    report.refresh_from_db()
    return report


def close(report, when, *, status=Status.RESOLVED, resolution=None):
    default = {
        Status.RESOLVED: ServiceReport.Resolution.FIXED,
        Status.CLOSED: ServiceReport.Resolution.NO_ACTION,
        Status.DUPLICATE: ServiceReport.Resolution.DUPLICATE,
    }[status]
    ServiceReport.objects.filter(pk=report.pk).update(
        status=status, resolution=resolution or default, closed_at=when
    )
    report.refresh_from_db()
    return report
