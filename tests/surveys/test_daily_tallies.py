"""The daily tallies: kept exact by every response stored or deleted, added up for any
filter to exactly what the database counts over the matching answers, rebuilt from the
answers by the command, and still right when a neighborhood goes or the day turns."""

import datetime
import importlib
import random
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from engage.neighborhoods.models import Neighborhood
from surveys import services, tallies
from surveys.models import DailyTally, Response
from surveys.results.summary import survey_results
from tests.surveys.factories import every_type_survey, raw

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
FIRST_DAY = datetime.date(2025, 3, 6)  # the days run over the change to summer time
DAYS = 6
SEGMENTS = ["", "Session A", "Session B"]


def random_answers(rng):
    """Readable answers to ``every_type_survey`` (see ``factories.raw``), some skipped."""
    park = rng.choice(["Yes", "No", ("Other", "A garden")])
    answers = {
        1: rng.choice(["Elm", "Oak", "Pine"]),
        2: str(rng.randint(0, 30)),
        3: park,
        5: str(rng.randint(1, 5)),
        7: rng.sample(["Lights", "Benches", "Trees"], 3),
        8: {"Paths": rng.choice(["Bad", "OK", "Good"]), "Toilets": rng.choice(["Bad", "Good"])},
    }
    if park == "Yes":
        answers[4] = rng.sample(["Walk", "Play", "Sport", "Picnic"], rng.randint(1, 3))
    if rng.random() < 0.5:
        answers[6] = "2025-01-0" + str(rng.randint(1, 9))
    if rng.random() < 0.3:
        answers[9] = "More trees, please."
    return answers


def random_moment(rng):
    """A moment of one of the days, often close to a local midnight on either side."""
    day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
    minutes = rng.choice([0, 1, 30, 12 * 60, 23 * 60 + 30, 23 * 60 + 59, rng.randrange(1440)])
    local = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(minutes=minutes)
    return local.replace(tzinfo=NEW_YORK)


@pytest.fixture
def places(neighborhood_factory):
    return [neighborhood_factory(name="North"), neighborhood_factory(name="South")]


def answered_survey(places, count=40, seed=7, **fields):
    rng = random.Random(seed)
    survey = every_type_survey(**fields)
    for _ in range(count):
        services.submit_response(
            survey,
            raw(survey, random_answers(rng)),
            neighborhood=rng.choice([*places, None]),
            segment=rng.choice(SEGMENTS),
            submitted_at=random_moment(rng),
        )
    return survey


def live(survey, filters):
    """What the database counts over the answers of the responses ``filters`` selects."""
    responses = Response.objects.filter(survey=survey).filtered(**filters)
    return tallies.computed_counts(survey.pk, responses)


def rolled_up(survey, filters):
    ids = [question.id for question in survey.structure.questions]
    return tallies.rolled_up_counts(survey.pk, filters, ids)


def daily_rows(survey):
    return sorted(
        DailyTally.objects.filter(survey=survey, count__gt=0).values_list(
            "day", "neighborhood_key", "segment", "question", "option", "row", "number", "count"
        )
    )


filters_strategy = st.fixed_dictionaries(
    {},
    optional={
        "since": st.dates(
            FIRST_DAY - datetime.timedelta(days=1), FIRST_DAY + datetime.timedelta(days=DAYS)
        ),
        "until": st.dates(
            FIRST_DAY - datetime.timedelta(days=1), FIRST_DAY + datetime.timedelta(days=DAYS)
        ),
        "neighborhood": st.sampled_from([0, 1]),
        "segment": st.sampled_from(SEGMENTS[1:]),
    },
)


@pytest.mark.parametrize("anonymous", [False, True])
def test_rolled_up_counts_are_the_live_counts_for_any_filter(settings, places, anonymous):
    settings.TIME_ZONE = "America/New_York"
    survey = answered_survey(places, anonymous=anonymous)

    @given(filters=filters_strategy)
    @hypothesis_settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    def check(filters):
        if "neighborhood" in filters:
            filters["neighborhood"] = places[filters["neighborhood"]]
        assert rolled_up(survey, filters) == live(survey, filters)

    check()


def test_the_results_page_numbers_come_from_the_daily_tallies(settings, places):
    settings.TIME_ZONE = "America/New_York"
    survey = answered_survey(places, count=25)
    filters = {"since": FIRST_DAY + datetime.timedelta(days=1), "neighborhood": places[0]}
    expected = live(survey, filters)

    responses, results = survey_results(survey, filters)

    assert responses == expected[tallies.RESPONSES] > 0
    rating = next(result for result in results if result.kind == "rating")
    assert rating.answered == expected[(rating.question.id, tallies.ANSWERED, "", 0.0)]
    assert sum(bar.count for bar in rating.bars) == rating.answered


def test_a_day_is_the_sites_local_day(settings, places):
    """23:30 in New York is the next day in UTC: it counts on the New York day, in the
    daily tallies as in the live count, and a filter on that day finds it."""
    settings.TIME_ZONE = "America/New_York"
    survey = every_type_survey()
    late = datetime.datetime(2025, 3, 6, 23, 30, tzinfo=NEW_YORK)
    services.submit_response(
        survey, raw(survey, random_answers(random.Random(1))), submitted_at=late
    )

    assert {row[0] for row in daily_rows(survey)} == {datetime.date(2025, 3, 6)}
    that_day = {"since": datetime.date(2025, 3, 6), "until": datetime.date(2025, 3, 6)}
    next_day = {"since": datetime.date(2025, 3, 7), "until": datetime.date(2025, 3, 7)}
    assert rolled_up(survey, that_day)[tallies.RESPONSES] == 1
    assert rolled_up(survey, next_day)[tallies.RESPONSES] == 0
    assert live(survey, next_day)[tallies.RESPONSES] == 0


def test_deleting_a_response_takes_it_out_of_its_day(settings, places):
    settings.TIME_ZONE = "America/New_York"
    survey = answered_survey(places, count=12)
    gone = Response.objects.filter(survey=survey).order_by("submitted_at")[3]
    day = timezone.localdate(gone.submitted_at)
    filters = {"since": day, "until": day}
    before = rolled_up(survey, filters)[tallies.RESPONSES]

    services.delete_response(gone)

    assert rolled_up(survey, filters)[tallies.RESPONSES] == before - 1
    assert rolled_up(survey, filters) == live(survey, filters)
    assert rolled_up(survey, {}) == live(survey, {})


def test_the_command_rebuilds_the_daily_tallies_from_the_answers(settings, places):
    settings.TIME_ZONE = "America/New_York"
    survey = answered_survey(places, count=20)
    written = daily_rows(survey)
    DailyTally.objects.filter(survey=survey).delete()  # as after a bulk load
    assert rolled_up(survey, {"since": FIRST_DAY})[tallies.RESPONSES] == 0

    call_command("rebuild_survey_tallies", str(survey.pk), verbosity=0)

    assert daily_rows(survey) == written


def test_the_command_moves_responses_to_their_new_day_after_a_time_zone_change(settings, places):
    settings.TIME_ZONE = "America/New_York"
    survey = answered_survey(places, count=20)
    settings.TIME_ZONE = "Asia/Tokyo"

    call_command("rebuild_survey_tallies", str(survey.pk), verbosity=0)

    for day in range(DAYS + 1):
        filters = {"until": FIRST_DAY + datetime.timedelta(days=day), "neighborhood": places[1]}
        assert rolled_up(survey, filters) == live(survey, filters)


def test_the_migration_fills_the_daily_tallies_of_the_answers_already_stored(settings, places):
    settings.TIME_ZONE = "America/New_York"
    survey = answered_survey(places, count=20)
    written = daily_rows(survey)
    DailyTally.objects.all().delete()
    migration = importlib.import_module("surveys.migrations.0008_daily_tallies")

    migration.fill_daily_tallies(django_apps, None)

    assert daily_rows(survey) == written


def test_a_deleted_neighborhoods_responses_count_as_without_one(settings, places):
    settings.TIME_ZONE = "America/New_York"
    survey = answered_survey(places, count=20)
    north, south = places

    Neighborhood.objects.filter(pk=north.pk).delete()

    assert not DailyTally.objects.filter(neighborhood_key=north.pk).exists()
    assert Response.objects.filter(survey=survey, neighborhood=None).exists()
    for filters in [{}, {"neighborhood": south}, {"since": FIRST_DAY + datetime.timedelta(days=2)}]:
        assert rolled_up(survey, filters) == live(survey, filters)
    written = daily_rows(survey)
    call_command("rebuild_survey_tallies", str(survey.pk), verbosity=0)
    assert daily_rows(survey) == written


def test_anonymous_daily_tallies_have_random_keys(places):
    survey = answered_survey(places, count=5, anonymous=True)
    keys = DailyTally.objects.filter(survey=survey).values_list("pk", flat=True)
    assert keys and min(keys) >= 2**32
