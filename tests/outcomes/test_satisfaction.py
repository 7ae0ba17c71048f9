"""What reporters answered: response, confirmed and reopened rates and satisfaction,
overall, per category and per department, against hand-computed numbers."""

import datetime

import pytest
from wagtail.models import Locale

from engage.outcomes.metrics import Period
from engage.outcomes.metrics import satisfaction as sat
from engage.outcomes.models import FixedCheck
from engage.reports.models import Department, ServiceCategory
from tests.outcomes.follow_up_factories import at, close, filed

APRIL = Period(datetime.date(2026, 4, 1), datetime.date(2026, 5, 1))


def category(code, name, department):
    return ServiceCategory.objects.create(
        locale=Locale.get_default(), code=code, name=name, department=department, target_days=7
    )


def asked(cat, sent_at, *, fixed=None, satisfaction=None, neighborhood=None):
    report = close(filed(cat, submitted=at(2026, 3, 1)), at(2026, 3, 20))
    if neighborhood is not None:
        report.neighborhood = neighborhood
        report.save(update_fields=["neighborhood"])
    return FixedCheck.objects.create(
        report=report,
        resolved_at=report.closed_at,
        email="someone@example.org",
        sent_at=sent_at,
        answered_at=None if fixed is None else sent_at + datetime.timedelta(days=1),
        fixed=fixed,
        satisfaction=satisfaction,
    )


@pytest.fixture
def april(db):
    streets = Department.objects.create(name="Streets")
    parks = Department.objects.create(name="Parks")
    pothole = category("pothole", "Pothole", streets)
    bench = category("bench", "Broken bench", parks)
    checks = [
        # Pothole: 4 asked, 3 answered (2 yes, 1 no), rated 5, 4 and 1.
        asked(pothole, at(2026, 4, 2), fixed=True, satisfaction=5),
        asked(pothole, at(2026, 4, 3), fixed=True, satisfaction=4),
        asked(pothole, at(2026, 4, 4), fixed=False, satisfaction=1),
        asked(pothole, at(2026, 4, 5)),
        # Bench: 2 asked, 2 answered yes, one rated 3.
        asked(bench, at(2026, 4, 10), fixed=True, satisfaction=3),
        # Asked 23:30 on 30 April in the city (1 May in UTC): an April question.
        asked(bench, at(2026, 4, 30, 23, 30), fixed=True),
        # Asked 00:15 on 1 May in the city: not April.
        asked(bench, at(2026, 5, 1, 0, 15), fixed=False, satisfaction=1),
        # Asked in March: not April.
        asked(pothole, at(2026, 3, 31, 12), fixed=False, satisfaction=2),
    ]
    return {"streets": streets, "parks": parks, "checks": checks}


def test_the_totals_match_the_hand_count(april):
    section = sat.section(APRIL)
    figures = {figure.key: figure for figure in section.figures}
    assert figures["satisfaction.asked"].value == 6
    assert figures["satisfaction.response_rate"].value == pytest.approx(5 / 6)
    assert figures["satisfaction.response_rate"].cases == 6
    assert figures["satisfaction.confirmed_rate"].value == pytest.approx(4 / 5)
    assert figures["satisfaction.reopened_rate"].value == pytest.approx(1 / 5)
    assert figures["satisfaction.confirmed_rate"].cases == 5
    assert figures["satisfaction.mean"].value == pytest.approx((5 + 4 + 1 + 3) / 4)
    assert figures["satisfaction.mean"].cases == 4
    assert figures["satisfaction.mean"].unit == "rating"
    # Five answers are fewer than the minimum sample.
    assert figures["satisfaction.confirmed_rate"].too_few


def test_per_category_and_department_in_the_order_of_their_names(april):
    tables = {table.key: table for table in sat.section(APRIL).tables}
    rates = tables["satisfaction.rates_by_category"]
    assert rates.rows == (
        ("Broken bench", pytest.approx(1.0), pytest.approx(0.0)),
        ("Pothole", pytest.approx(2 / 3), pytest.approx(1 / 3)),
    )
    assert rates.cases == (2, 3)
    rating = tables["satisfaction.rating_by_department"]
    assert rating.rows == (("Parks", pytest.approx(3.0)), ("Streets", pytest.approx(10 / 3)))
    assert rating.cases == (1, 3)


def test_one_neighborhood(april, neighborhood_factory):
    north = neighborhood_factory()
    pothole = ServiceCategory.objects.get(code="pothole")
    asked(pothole, at(2026, 4, 20), fixed=False, satisfaction=2, neighborhood=north)
    totals = sat.totals(APRIL, north)
    assert (totals["asked"], totals["answered"], totals["reopened"]) == (1, 1, 1)
    assert totals["mean"] == pytest.approx(2)


def test_no_answers_give_no_value(db):
    figures = {figure.key: figure for figure in sat.section(APRIL).figures}
    assert figures["satisfaction.asked"].value == 0
    assert figures["satisfaction.confirmed_rate"].value is None
    assert figures["satisfaction.mean"].value is None
