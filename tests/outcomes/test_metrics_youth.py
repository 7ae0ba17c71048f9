"""The youth figures: sessions, participants who came, field reports, and the paired
pre/post change from the youth part's results code."""

import datetime

import pytest

from engage.outcomes.metrics import Period
from engage.outcomes.metrics import youth as figures
from tests.factories import NeighborhoodFactory
from tests.outcomes.metrics_factories import local
from tests.reports.factories import CategoryFactory
from tests.youth.factories import (
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
    answer_in_session,
    field_report,
    mark,
    survey_pair,
)

MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))


def values(section):
    return {f.key: (f.value, f.cases) for f in section.figures}


@pytest.fixture
def program(db):
    before, after = survey_pair()
    north = NeighborhoodFactory(name="North")
    program = ProgramFactory(
        name="Lincoln", pre_survey=before, post_survey=after, neighborhood=north
    )
    first = SessionFactory(
        program=program, title="Walk", survey="pre", starts_at=local(2026, 3, 2, 10)
    )
    last = SessionFactory(
        program=program, title="Wrap-up", survey="post", starts_at=local(2026, 3, 20, 10)
    )
    later = SessionFactory(program=program, title="Visit", starts_at=local(2026, 4, 2, 10))
    kids = [ParticipantFactory(program=program, consent=True) for _ in range(4)]
    # Before: one of four knew what 311 is, all four sure at 1; after: all four, sure at 4.
    for number, kid in enumerate(kids):
        answer_in_session(first, before, {1: "Yes" if number == 0 else "No", 2: 1}, kid)
        answer_in_session(last, after, {1: "Yes", 2: 4}, kid)
    mark(first, kids)
    mark(last, kids[:3])
    mark(last, kids[3:], present=False)
    mark(later, kids)
    category = CategoryFactory()
    field_report(first, category)
    field_report(last, category)
    field_report(later, category)
    return program


def test_sessions_participants_and_field_reports(program):
    assert values(figures.section(MARCH)) == {
        "programs": (1, None),
        "sessions": (2, None),
        "participants": (4, None),
        "field_reports": (2, None),
    }


def test_the_paired_change_before_and_after(program):
    section = figures.section(MARCH)
    means, shares = section.tables
    assert means.rows == (("Lincoln · How sure?", 1.0, 4.0),)
    assert means.cases == (4,)
    assert shares.rows == (
        ("Lincoln · Do you know what 311 is? · Yes", 0.25, 1.0),
        ("Lincoln · Do you know what 311 is? · No", 0.75, 0.0),
    )
    assert shares.cases == (4, 4)


def test_a_neighborhood_has_the_programs_held_there(program):
    assert values(figures.section(MARCH, program.neighborhood))["sessions"] == (2, None)
    elsewhere = NeighborhoodFactory(name="South")
    assert values(figures.section(MARCH, elsewhere))["sessions"] == (0, None)
    assert figures.section(MARCH, elsewhere).tables[0].rows == ()
