"""The loop-closure rate and the days from feedback to outcome, against a month computed
by hand (March 2026, New York)."""

import datetime

import pytest

from engage.outcomes.metrics import Period
from engage.outcomes.metrics import loop_closure as figures
from engage.reports.models import ServiceReport
from ideas.models import Idea
from tests.factories import NeighborhoodFactory
from tests.outcomes.metrics_factories import idea, local, outcome, report
from tests.reports.factories import CategoryFactory

Status = ServiceReport.Status
MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))


def values(section):
    return {f.key: (f.value, f.cases) for f in section.figures}


@pytest.fixture
def month(db):
    north = NeighborhoodFactory(name="North")
    category = CategoryFactory()
    r = {
        "a": report(
            local(2026, 3, 1, 8), closed=local(2026, 3, 10), category=category, neighborhood=north
        ),
        "b": report(local(2026, 3, 10), category=category, neighborhood=north),
        "c": report(local(2026, 3, 11), category=category),
        "d": report(local(2026, 3, 12), closed=local(2026, 4, 3), category=category),
        "e": report(
            local(2026, 3, 13),
            closed=local(2026, 3, 13, 1),
            status=Status.DUPLICATE,
            category=category,
        ),
        "f": report(local(2026, 3, 14), category=category),
        "g": report(
            local(2026, 3, 15),
            closed=local(2026, 3, 15, 12),
            status=Status.CLOSED,
            category=category,
        ),
        "x": report(local(2026, 1, 5), category=category),
    }
    p = idea(local(2026, 3, 2), decisions=[(Idea.Status.ACCEPTED, local(2026, 3, 10))])
    q = idea(local(2026, 3, 12), neighborhood=north)
    idea(local(2026, 3, 3), decisions=[(Idea.Status.UNDER_REVIEW, local(2026, 3, 4))])
    idea(local(2026, 3, 4), status=Idea.Status.WITHDRAWN)
    idea(local(2026, 3, 5), status=Idea.Status.MERGED, merged_into=p)
    idea(local(2026, 3, 6), is_hidden=True)
    outcome(local(2026, 2, 1), reports=[r["x"]])
    outcome(local(2026, 3, 20), reports=[r["b"], r["x"]], ideas=[q])
    outcome(local(2026, 4, 5), reports=[r["c"]])
    outcome(None, reports=[r["f"]], live=False)  # a draft tells no one anything
    return north


def test_the_share_of_feedback_that_reached_a_resolution_or_an_outcome(month):
    section = figures.section(MARCH)
    # Reports a, b, c, d, f, g (e is a duplicate): a and g closed in March, b has an
    # outcome; c's outcome and d's closing came in April. Ideas p, q and the one under
    # review (withdrawn, merged and hidden ones left out): p decided, q has an outcome.
    assert values(section)["loop_closure_rate"] == (0.5556, 9)
    kinds = section.tables[0]
    assert kinds.rows == (("Service reports", 0.5), ("Ideas", 0.6667))
    assert kinds.cases == (6, 3)


def test_median_days_from_feedback_to_its_first_outcome(month):
    # First outcomes published in March: b after 10 days, q after 8; x had one in February.
    assert values(figures.section(MARCH))["median_days_to_outcome"] == (9.0, 2)
    april = Period(datetime.date(2026, 4, 1), datetime.date(2026, 5, 1))
    # c: 11 March → 5 April.
    assert values(figures.section(april))["median_days_to_outcome"] == (25.0, 1)


def test_a_finished_periods_rate_does_not_move_when_its_feedback_is_closed_later(month):
    before = values(figures.section(MARCH))["loop_closure_rate"]
    ServiceReport.objects.filter(status=Status.SUBMITTED, submitted_at__month=3).update(
        status=Status.RESOLVED, closed_at=local(2026, 4, 10)
    )
    outcome(local(2026, 4, 12), ideas=list(Idea.objects.filter(status=Idea.Status.UNDER_REVIEW)))
    assert values(figures.section(MARCH))["loop_closure_rate"] == before


def test_one_neighborhood(month):
    section = figures.section(MARCH, month)
    assert values(section)["loop_closure_rate"] == (1.0, 3)  # a, b and q
