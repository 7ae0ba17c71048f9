"""The service-report figures against a month computed by hand (March 2026 in New York,
with the clocks going forward on the 8th)."""

import datetime

import pytest

from engage.outcomes.metrics import MINIMUM_SAMPLE, Figure, Period
from engage.outcomes.metrics import reports as figures
from engage.reports.models import ServiceReport
from tests.factories import NeighborhoodFactory
from tests.outcomes.metrics_factories import local, report
from tests.reports.factories import CategoryFactory, DepartmentFactory

Status = ServiceReport.Status
Channel = ServiceReport.Channel
MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))


def figure(section, key):
    return next(f for f in section.figures if f.key == key)


def table(section, key):
    return next(t for t in section.tables if t.key == key)


@pytest.fixture
def month(db):
    streets, sanitation = DepartmentFactory(name="Streets"), DepartmentFactory(name="Sanitation")
    potholes = CategoryFactory(name="Potholes", department=streets)
    graffiti = CategoryFactory(name="Graffiti", department=sanitation)
    north, south = NeighborhoodFactory(name="North"), NeighborhoodFactory(name="South")
    rows = {
        # The first instant of the month counts; resolved a day later.
        "r1": report(
            local(2026, 3, 1), closed=local(2026, 3, 2), category=potholes, neighborhood=north
        ),
        # 23:30 on the last evening is already April in UTC, and still March here.
        "r2": report(
            local(2026, 3, 31, 23, 30),
            category=potholes,
            neighborhood=north,
            channel=Channel.PHONE,
            due_at=local(2026, 3, 31, 23, 59),
        ),
        # Received in February, resolved in March after exactly four days.
        "r3": report(
            local(2026, 2, 28, 23, 59), closed=local(2026, 3, 4, 23, 59), category=potholes
        ),
        # Midnight at the start of April is April's.
        "r4": report(local(2026, 4, 1), category=potholes),
        # Across the clock change: 47 hours, 1.96 days.
        "r5": report(
            local(2026, 3, 7, 12),
            closed=local(2026, 3, 9, 12),
            category=graffiti,
            neighborhood=south,
            channel=Channel.OPEN311,
        ),
        "r6": report(
            local(2026, 3, 10, 10),
            closed=local(2026, 3, 13, 10),
            category=graffiti,
            channel=Channel.WALK_IN,
        ),
        "r7": report(
            local(2026, 3, 10, 10),
            closed=local(2026, 3, 20, 10),
            category=potholes,
            channel=Channel.LIAISON,
        ),
        "r8": report(
            local(2026, 3, 11),
            closed=local(2026, 3, 12),
            status=Status.CLOSED,
            resolution=ServiceReport.Resolution.NOT_CITY,
            category=graffiti,
            channel=Channel.YOUTH,
        ),
        "r9": report(
            local(2026, 3, 12),
            closed=local(2026, 3, 12, 1),
            status=Status.DUPLICATE,
            category=potholes,
        ),
        # Open: more than eight weeks old at the end of March, and overdue.
        "r10": report(local(2026, 2, 1, 12), category=potholes, due_at=local(2026, 2, 8, 12)),
        # Exactly four weeks old at the end of March (on the calendar), and a minute more.
        "r11": report(local(2026, 3, 4), category=potholes),
        "r12": report(local(2026, 3, 3, 23, 59), category=potholes),
        # Resolved after the end of March: open at its end, not yet overdue.
        "r13": report(
            local(2026, 3, 15),
            closed=local(2026, 4, 2),
            category=graffiti,
            due_at=local(2026, 4, 10),
        ),
        # No department, closed in March as not the city's.
        "r14": report(
            local(2026, 2, 20),
            closed=local(2026, 3, 5),
            status=Status.CLOSED,
            resolution=ServiceReport.Resolution.NOT_CITY,
            category=potholes,
            department=None,
        ),
    }
    return {"north": north, "south": south, **rows}


def test_received_by_channel_category_and_neighborhood(month):
    section = figures.section(MARCH)
    assert figure(section, "received").value == 10
    assert dict(table(section, "received_by_channel").rows) == {
        "Website": 5,
        "Open311 app": 1,
        "Phone": 1,
        "Walk-in": 1,
        "Neighborhood liaison": 1,
        "Youth session": 1,
    }
    assert table(section, "received_by_category").rows == (("Graffiti", 4), ("Potholes", 6))
    assert table(section, "received_by_neighborhood").rows == (
        ("North", 2),
        ("South", 1),
        ("No neighborhood", 7),
    )


def test_median_and_90th_percentile_days_to_resolve(month):
    section = figures.section(MARCH)
    # Resolved in March: 1, 1.9583 (47 hours), 3, 4 and 10 days.
    assert figure(section, "resolved").value == 5
    median = figure(section, "median_days_to_resolve")
    assert (median.value, median.cases, median.unit) == (3.0, 5, "days")
    # 90th percentile: rank 0.9 × 4 = 3.6, between 4 and 10 → 4 + 0.6 × 6.
    assert figure(section, "p90_days_to_resolve").value == 7.6
    by_category = table(section, "days_to_resolve_by_category")
    # Graffiti: 47 h and 72 h → median 59.5 h; 90th: 47 + 0.9 × 25 = 69.5 h.
    assert by_category.rows == (("Graffiti", 2.48, 2.9), ("Potholes", 4.0, 8.8))
    assert by_category.cases == (2, 3)


def test_a_day_to_resolve_across_the_clock_change_is_elapsed_time(month):
    period = Period(datetime.date(2026, 3, 9), datetime.date(2026, 3, 10))
    assert figure(figures.section(period), "median_days_to_resolve").value == 1.96


def test_backlog_by_age_at_the_end_of_the_period(month):
    section = figures.section(MARCH)
    assert figure(section, "backlog").value == 5  # r2, r10, r11, r12, r13
    assert figure(section, "backlog_overdue").value == 2  # r2, r10
    assert table(section, "backlog_by_age").rows == (
        ("Up to 4 weeks", 3),  # r2, r11 (exactly four weeks), r13
        ("4 to 8 weeks", 1),  # r12
        ("More than 8 weeks", 1),  # r10
        ("Overdue (of any age)", 2),
    )


def test_the_backlog_of_a_period_not_over_yet_is_counted_now(month):
    period = Period(datetime.date(2026, 3, 1), datetime.date(2026, 5, 1))
    section = figures.section(period, now=local(2026, 3, 20, 12))
    # At noon on 20 March: r2 and r4 not received yet, r7 resolved at 10:00 that day, r13
    # still open; r10 is 47 days old.
    assert figure(section, "backlog").value == 4  # r10, r11, r12, r13
    assert dict(table(section, "backlog_by_age").rows) == {
        "Up to 4 weeks": 3,
        "4 to 8 weeks": 1,
        "More than 8 weeks": 0,
        "Overdue (of any age)": 1,
    }


def test_not_the_citys_responsibility_per_department(month):
    section = figures.section(MARCH)
    overall = figure(section, "not_city_share")
    # Closed in March (duplicates left out): r1, r3, r5, r6, r7, r8, r14; r8 and r14 not ours.
    assert (overall.value, overall.cases) == (0.2857, 7)
    rows = table(section, "not_city_by_department")
    assert rows.rows == (("Sanitation", 0.3333), ("Streets", 0.0), ("No department", 1.0))
    assert rows.cases == (3, 3, 1)


def test_one_neighborhood(month):
    section = figures.section(MARCH, month["north"])
    assert figure(section, "received").value == 2
    assert figure(section, "resolved").value == 1
    assert figure(section, "backlog").value == 1
    assert "received_by_neighborhood" not in {t.key for t in section.tables}


def test_daylight_saving_days_are_whole_days(db):
    graffiti = CategoryFactory()
    spring = Period(datetime.date(2026, 3, 8), datetime.date(2026, 3, 9))  # 23 hours
    for moment in (local(2026, 3, 8, 0, 30), local(2026, 3, 8, 23, 59)):
        report(moment, category=graffiti)
    report(local(2026, 3, 7, 23, 59), category=graffiti)
    report(local(2026, 3, 9), category=graffiti)
    assert figure(figures.section(spring), "received").value == 2

    autumn = Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 2))  # 25 hours
    first = local(2026, 11, 1, 1, 30)
    report(first, category=graffiti)
    report(first.replace(fold=1), category=graffiti)  # the same wall time, an hour later
    report(local(2026, 11, 1, 23, 59), category=graffiti)
    report(local(2026, 11, 2), category=graffiti)
    assert figure(figures.section(autumn), "received").value == 3


def test_too_few_cases_are_marked():
    assert Figure("x", "x", 3.0, "days", cases=MINIMUM_SAMPLE - 1).too_few
    assert not Figure("x", "x", 3.0, "days", cases=MINIMUM_SAMPLE).too_few
    assert not Figure("x", "x", 12).too_few
