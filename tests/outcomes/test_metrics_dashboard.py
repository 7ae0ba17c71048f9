"""The dashboard's sections in order, the public subset, the previous period, trends and
the per-neighborhood breakdown."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engage.outcomes.metrics import Period, dashboard
from engage.reports.models import ServiceReport
from tests.factories import NeighborhoodFactory
from tests.outcomes.metrics_factories import idea, local, report
from tests.reports.factories import CategoryFactory

MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))
# The service-level and satisfaction figures are computed by their own modules.
HERE = tuple(
    name for name in dashboard.SECTION_MODULES if name not in ("service_levels", "satisfaction")
)


@pytest.fixture
def modules_here(monkeypatch):
    monkeypatch.setattr(dashboard, "SECTION_MODULES", HERE)


def figure(section, key):
    return next(f for f in section.figures if f.key == key)


def test_every_group_of_figures_is_listed_in_order():
    assert dashboard.SECTION_MODULES == (
        "reports",
        "service_levels",
        "satisfaction",
        "ideas",
        "surveys",
        "volunteering",
        "youth",
        "contact_center",
        "loop_closure",
    )
    assert set(dashboard.PUBLIC_SECTIONS) < set(dashboard.SECTION_MODULES)


def test_sections_staff_public_and_per_neighborhood(db, modules_here):
    assert [s.key for s in dashboard.sections(MARCH)] == list(HERE)
    public = [s.key for s in dashboard.sections(MARCH, public=True)]
    assert public == ["reports", "ideas", "surveys", "volunteering", "loop_closure"]
    north = NeighborhoodFactory()
    assert "contact_center" not in [s.key for s in dashboard.sections(MARCH, north)]


def test_compared_with_the_period_before(db, modules_here):
    category = CategoryFactory()
    report(local(2026, 1, 28, 23, 59), category=category)  # before both periods
    report(local(2026, 1, 31, 23, 59), category=category)
    for day in (1, 28):
        report(local(2026, 2, day), category=category)
    report(local(2026, 3, 31, 23), category=category)
    # The 31 days before 1 March 2026 start on 29 January.
    compared = dashboard.compared(MARCH)
    reports = compared[0]
    assert reports.section.key == "reports"
    assert MARCH.previous() == Period(datetime.date(2026, 1, 29), datetime.date(2026, 3, 1))
    now, before = {f.key: (f, p) for f, p in reports.pairs()}["received"]
    assert (now.value, before.value) == (1, 3)


def test_weekly_trend_across_the_clock_change(db):
    category = CategoryFactory()
    for moment in (
        local(2026, 3, 1, 12),  # Sunday: the first, short week
        local(2026, 3, 8, 23, 30),  # the 23-hour Sunday, still its week
        local(2026, 3, 9),  # Monday: the next week
        local(2026, 3, 31, 23, 59),
    ):
        report(moment, category=category)
    report(local(2026, 3, 2), closed=local(2026, 3, 3), category=category)
    idea(local(2026, 3, 17))
    trend = dashboard.trends(MARCH)
    assert trend.key == "trends_by_week"
    assert trend.columns == (
        "Reports received",
        "Reports resolved",
        "Ideas submitted",
        "Survey responses",
    )
    assert [row[1:] for row in trend.rows] == [
        (1, 0, 0, 0),  # 1 March
        (2, 1, 0, 0),  # 2–8 March
        (1, 0, 0, 0),  # 9–15 March
        (0, 0, 1, 0),  # 16–22 March
        (0, 0, 0, 0),  # 23–29 March
        (1, 0, 0, 0),  # 30–31 March
    ]


def test_monthly_trend_of_a_year(db):
    category = CategoryFactory()
    report(local(2026, 1, 31, 23, 59), category=category)
    report(local(2026, 2, 1), category=category)
    report(local(2026, 12, 31, 23, 59), category=category)
    year = Period(datetime.date(2026, 1, 1), datetime.date(2027, 1, 1))
    trend = dashboard.trends(year)
    assert trend.key == "trends_by_month"
    received = [row[1] for row in trend.rows]
    assert received == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_per_neighborhood_in_name_order_never_ranked(db):
    north, south = NeighborhoodFactory(name="North"), NeighborhoodFactory(name="South")
    NeighborhoodFactory(name="East")
    category = CategoryFactory()
    report(local(2026, 3, 2), closed=local(2026, 3, 4), category=category, neighborhood=south)
    report(local(2026, 3, 3), category=category, neighborhood=south)
    report(local(2026, 3, 5), category=category, neighborhood=north)
    idea(local(2026, 3, 6), neighborhood=north)
    counts, closure = dashboard.neighborhood_breakdown(MARCH)
    assert counts.rows == (
        ("East", 0, 0, 0, 0, 0, 0),
        ("North", 1, 0, 1, 1, 0, 0),
        ("South", 2, 1, 1, 0, 0, 0),
    )
    assert closure.rows == (("East", None), ("North", 0.0), ("South", 0.5))
    assert closure.cases == (0, 2, 2)


def test_the_number_of_queries_does_not_grow_with_the_data(db, modules_here):
    category = CategoryFactory()
    north = NeighborhoodFactory()

    def count():
        with CaptureQueriesContext(connection) as queries:
            dashboard.sections(MARCH)
            dashboard.trends(MARCH)
            dashboard.neighborhood_breakdown(MARCH)
        return len(queries)

    def add(number):
        for day in range(1, number + 1):
            report(
                local(2026, 3, day),
                closed=local(2026, 3, day, 5),
                category=category,
                neighborhood=north,
                channel=ServiceReport.Channel.PHONE,
            )
            idea(local(2026, 3, day), neighborhood=north)

    add(2)
    few = count()
    add(20)
    assert count() == few
