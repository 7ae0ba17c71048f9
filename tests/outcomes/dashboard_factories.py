"""Real figures for the dashboard's tests: a small ``sections()`` that counts service
reports the way the figures' modules do (a period in the city's days, one neighborhood or
all), returning the contract's types, so the pages, CSV and snapshots are tested on
numbers that follow the data. ``use_report_figures`` plugs it in where the pages ask."""

import datetime

from django.db.models import Count
from django.utils import timezone

from engage.outcomes import performance
from engage.outcomes.metrics import Figure, Period, Section, Table
from engage.reports.models import ServiceReport
from tests.reports.factories import ReportFactory


def report_sections(period, neighborhood=None, public=False):
    start, end = period.bounds()
    reports = ServiceReport.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    if neighborhood is not None:
        reports = reports.filter(neighborhood=neighborhood)
    received = reports.count()
    closed = reports.filter(closed_at__isnull=False).count()
    channels = dict(reports.values_list("channel").annotate(number=Count("pk")).order_by("channel"))
    weeks = []
    day = period.start
    while day < period.end:
        following = min(day + datetime.timedelta(days=7), period.end)
        week_start, week_end = Period(day, following).bounds()
        weeks.append(
            (
                day.isoformat(),
                reports.filter(submitted_at__gte=week_start, submitted_at__lt=week_end).count(),
            )
        )
        day = following
    sections = [
        Section(
            key="reports",
            title="Service reports",
            figures=[
                Figure("received", "Reports received", received),
                Figure(
                    "closed_share",
                    "Reports closed",
                    closed / received if received else None,
                    unit="share",
                    cases=received,
                ),
            ],
            tables=[
                Table(
                    key="by_channel",
                    title="Reports by channel",
                    columns=("Reports",),
                    rows=tuple(
                        (label, channels.get(value, 0))
                        for value, label in ServiceReport.Channel.choices
                    ),
                ),
                Table(
                    key="received_by_week",
                    title="Reports received each week",
                    columns=("Reports",),
                    rows=tuple(weeks),
                ),
            ],
        )
    ]
    if not public:
        sections.append(
            Section(
                key="contact_center",  # a section only staff read
                title="For staff only",
                figures=[Figure("open", "Reports still open", received - closed)],
            )
        )
    return sections


def plug_report_figures(monkeypatch):
    """Make the pages read ``report_sections``; returns the list of calls they make."""
    calls = []

    def sections(period, neighborhood=None, public=False):
        calls.append((period, neighborhood, public))
        return report_sections(period, neighborhood, public)

    monkeypatch.setattr(performance, "figure_sections", sections)
    return calls


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def report_at(when, *, channel="web", neighborhood=None, closed_at=None):
    report = ReportFactory()
    ServiceReport.objects.filter(pk=report.pk).update(
        submitted_at=when, channel=channel, neighborhood=neighborhood, closed_at=closed_at
    )
    return report
