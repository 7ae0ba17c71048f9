"""The idea figures against a month computed by hand (March 2026, New York)."""

import datetime

import pytest

from engage.outcomes.metrics import Period
from engage.outcomes.metrics import ideas as figures
from ideas.models import Idea
from tests.factories import NeighborhoodFactory
from tests.outcomes.metrics_factories import idea, local

Status = Idea.Status
MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))


def values(section):
    return {f.key: (f.value, f.cases) for f in section.figures}


@pytest.fixture
def month(db):
    north = NeighborhoodFactory(name="North")
    idea(
        local(2026, 3, 2, 9),
        decisions=[
            (Status.UNDER_REVIEW, local(2026, 3, 3, 9)),  # looked at, not decided
            (Status.ACCEPTED, local(2026, 3, 5, 9)),  # decided after 3 days
            (Status.IMPLEMENTED, local(2026, 3, 25, 9)),
        ],
        neighborhood=north,
    )
    idea(local(2026, 2, 20, 9), decisions=[(Status.DECLINED, local(2026, 3, 1, 9))])  # 9 days
    idea(local(2026, 3, 10))
    idea(
        local(2026, 1, 1),
        decisions=[
            (Status.ACCEPTED, local(2026, 2, 1)),  # first decided in February
            (Status.IMPLEMENTED, local(2026, 3, 10)),
        ],
    )
    # Submitted on the last evening of March, decided in April.
    idea(local(2026, 3, 31, 23, 30), decisions=[(Status.ACCEPTED, local(2026, 4, 1, 10))])
    return north


def test_submitted_decided_implemented_and_days_to_decision(month):
    section = figures.section(MARCH)
    found = values(section)
    assert found["submitted"] == (3, None)
    assert found["decided"] == (2, None)
    assert found["implemented"] == (2, None)
    assert found["median_days_to_decision"] == (6.0, 2)  # between 3 and 9 days
    assert dict(section.tables[0].rows) == {
        "Accepted": 1,
        "In progress": 0,
        "Implemented": 2,
        "Declined": 1,
    }


def test_april_gets_the_decision_made_on_its_first_day(month):
    april = Period(datetime.date(2026, 4, 1), datetime.date(2026, 5, 1))
    found = values(figures.section(april))
    assert found["submitted"] == (0, None)
    assert found["decided"] == (1, None)
    # 31 March 23:30 → 1 April 10:00: ten and a half hours.
    assert found["median_days_to_decision"] == (0.44, 1)


def test_one_neighborhood(month):
    found = values(figures.section(MARCH, month))
    assert found["submitted"] == (1, None)
    assert found["decided"] == (1, None)
    assert found["median_days_to_decision"] == (3.0, 1)


def test_no_decisions_no_median(db):
    found = values(figures.section(MARCH))
    assert found["median_days_to_decision"] == (None, 0)
