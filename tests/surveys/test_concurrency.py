"""Responses arriving at the same moment, on a real PostgreSQL server: every one is
stored, the tallies and daily tallies stay exact, and one person still answers only once."""

import datetime
import os

import pytest
from django.db import connection
from django.utils import timezone

from surveys import services, tallies
from surveys.models import Participation, RespondentSet, Response
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.surveys.factories import every_type_survey, raw

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ANSWERS = {
    1: "Elm",
    2: "3",
    3: "Yes",
    4: ["Walk"],
    5: "4",
    7: ["Lights", "Trees", "Benches"],
    8: {"Paths": "OK", "Toilets": "Good"},
}


@pytest.mark.parametrize("anonymous", [False, True])
def test_twenty_people_answering_at_once_are_all_counted_exactly(anonymous):
    assert connection.vendor == "postgresql"
    survey = every_type_survey(anonymous=anonymous)
    people = [UserFactory() for _ in range(20)]
    answers = raw(survey, ANSWERS)

    outcomes = run_together(
        [lambda p=p: services.submit_response(survey, answers, user=p) for p in people]
    )

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    everything = Response.objects.filter(survey=survey)
    assert everything.count() == 20
    assert tallies.stored_counts(survey.pk) == tallies.computed_counts(survey.pk, everything)
    assert tallies.stored_counts(survey.pk)[tallies.RESPONSES] == 20
    if anonymous:
        assert RespondentSet.objects.get(survey=survey).users == sorted(p.pk for p in people)


@pytest.mark.parametrize("anonymous", [False, True])
def test_one_person_sending_ten_times_at_once_is_stored_once(anonymous):
    survey = every_type_survey(anonymous=anonymous)
    person = UserFactory()
    answers = raw(survey, ANSWERS)

    outcomes = run_together([lambda: services.submit_response(survey, answers, user=person)] * 10)

    assert sum(isinstance(o, services.AlreadyAnswered) for o in outcomes) == 9
    assert Response.objects.filter(survey=survey).count() == 1
    if anonymous:  # one row for the survey, not one per person
        assert not Participation.objects.filter(survey=survey).exists()
        assert RespondentSet.objects.get(survey=survey).users == [person.pk]
    else:
        assert Participation.objects.filter(survey=survey, user=person).count() == 1
    assert tallies.stored_counts(survey.pk)[tallies.RESPONSES] == 1


@pytest.mark.parametrize("anonymous", [False, True])
def test_responses_at_once_keep_every_days_daily_tallies_exact(anonymous, neighborhood_factory):
    """Twenty-four people send at once, spread over two neighborhoods and none, two
    segments and none, and two days (one a few minutes before a local midnight): every
    cell's daily tallies are what the database counts over its answers."""
    survey = every_type_survey(anonymous=anonymous)
    places = [neighborhood_factory(name="East"), neighborhood_factory(name="West"), None]
    segments = ["", "Session A", "Session B"]
    late = timezone.make_aware(datetime.datetime(2025, 6, 1, 23, 55))
    moments = [late, late + datetime.timedelta(minutes=10)]
    answers = raw(survey, ANSWERS)
    calls = [
        lambda n=n: services.submit_response(
            survey,
            answers,
            neighborhood=places[n % 3],
            segment=segments[n // 3 % 3],
            submitted_at=moments[n % 2],
        )
        for n in range(24)
    ]

    outcomes = run_together(calls)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    ids = [question.id for question in survey.structure.questions]
    everyone = Response.objects.filter(survey=survey)
    assert everyone.count() == 24
    days = [datetime.date(2025, 6, 1), datetime.date(2025, 6, 2)]
    for day in [None, *days]:
        for place in places:
            for segment in segments:
                filters = {"neighborhood": place, "segment": segment}
                if day:
                    filters.update(since=day, until=day)
                expected = tallies.computed_counts(survey.pk, everyone.filtered(**filters))
                assert tallies.rolled_up_counts(survey.pk, filters, ids) == expected, filters
    assert tallies.rolled_up_counts(survey.pk, {"since": days[1]}, ids)[tallies.RESPONSES] == 12
