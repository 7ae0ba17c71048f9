"""Insert 200,000 responses to a 15-question survey (every question type) in a few bulk statements.

The survey (``SLUG``, under the demo Surveys index, results and typed answers public) asks
one question of every type on three pages, with a display condition, like a real citywide
survey:

====  ===============  =================================================================
 #    type             answers
====  ===============  =================================================================
 1    short text       20% give their street (60 different streets)
 2    number 0–100     everyone: years in the city (a long tail)
 3    single + Other   everyone; 5% "Other" with a text
 4    single           everyone: do you visit a park? (65% yes)
 5    multiple 1–3     only the park visitors (the display condition on 4)
 6    rating 1–5       everyone
 7    rating 0–10      everyone
 8    matrix 3×4       everyone, every row
 9    ranking of 3     everyone, every place
 10   date             40% (a day of the last year)
 11   single           everyone: age group
 12   multiple         70%: which services they used (1 to 3 of 6)
 13   number 1–12      everyone: household size
 14   rating 1–5       everyone
 15   long text        8% leave a comment (40 different texts)
====  ===============  =================================================================

That is about 17 ``Answer`` rows a response (3.5 million at full volume). Each response has
a time in the last ``DAYS`` days, one of the five demo neighborhoods (5% none), a channel
(5% paper) and a language (20% Spanish).

Every answer is one of a small pool of clean values per question (each checked once with
``questions.check_answer``); its ``Answer`` rows come from ``questions.answer_rows`` and its
tally keys from ``tallies.keys_for``, exactly as ``services.submit_response`` stores them.
So the seed only draws a pool entry per question and response, writes the precomputed rows
(``executemany`` on SQLite, ``COPY`` on PostgreSQL, through ``bench.ideas.insert_rows``)
and writes ``AnswerTally`` from the number of times each entry was drawn, and
``DailyTally`` from the number of times it was drawn in each (day, neighborhood): the
tallies are exact without a pass over the answers. ``tests/bench/test_surveys.py`` checks
them against ``tallies.computed_counts``.

Every surveys scenario seeds the same data, so the first one at a given volume keeps a copy
of the seeded database and the others start from that copy (as ``bench.ideas`` does).
"""

import itertools
import math
import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale, Page

from bench import database
from bench.ideas import db_datetime, indexes_built_afterwards, insert_rows, next_id, reset_sequences
from bench.pages import home_page
from bench.text import NEIGHBORHOODS as STREET_NAMES
from bench.text import make_rng, sentence
from engage.neighborhoods.models import Neighborhood
from surveys import tallies
from surveys.models import (
    Answer,
    AnswerTally,
    Audience,
    Channel,
    DailyTally,
    Response,
    SurveyIndexPage,
    SurveyPage,
    random_key,
)
from surveys.questions import OTHER, answer_rows, check_answer, clean_to_raw

VOLUME = 200_000
SEED = 20_260_615
DAYS = 365
SLUG = "bench-citywide-survey"
TITLE = "Benchmark citywide survey"
STAFF_EMAIL = "staff@example.org"  # made by seed_demo: a superuser
NAMESPACE = uuid.UUID("0b6c3f55-3f0e-4d8a-8f56-5a7d1e0c2b90")
NEIGHBORHOOD_WEIGHTS = {
    "kensington": 25,
    "germantown": 20,
    "center-city": 20,
    "west-philadelphia": 18,
    "south-philadelphia": 12,
    None: 5,
}
PAPER_SHARE = 0.05
SPANISH_SHARE = 0.2
RATE_WEIGHTS = (2, 3, 4, 1.5)  # Poor, Fair, Good, Excellent
# What the filtered scenario asks for: one neighborhood and the last 90 days.
FILTER_NEIGHBORHOOD = "kensington"
FILTER_DAYS = 90


# The survey ---------------------------------------------------------------------------------


def _id(*parts):
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def _items(key, kind, labels):
    return [{"type": "item", "value": label, "id": _id(key, kind, label)} for label in labels]


def _question(kind, key, label, *, required=True, condition=None, **value):
    for part in ("options", "rows"):
        if part in value:
            value[part] = _items(key, part, value[part])
    return {
        "type": kind,
        "id": _id(key),
        "value": {
            "label": label,
            "help_text": "",
            "required": required,
            "condition": {
                "question": condition[0] if condition else None,
                "answer": condition[1] if condition else "",
            },
            **value,
        },
    }


QUESTIONS = [
    {"type": "section", "id": _id("about"), "value": {"heading": "About you", "text": ""}},
    _question("short_text", "street", "What street do you live on?", required=False),
    _question("number", "years", "How many years have you lived here?", min_value=0, max_value=100),
    _question(
        "single_choice",
        "transport",
        "How do you usually get around?",
        options=["On foot", "Bus or trolley", "Car", "Bike"],
        allow_other=True,
    ),
    _question("single_choice", "park", "Do you visit a park every month?", options=["Yes", "No"]),
    _question(
        "multiple_choice",
        "park-use",
        "What do you use the park for?",
        options=["Walking", "Children", "Sports", "Picnics", "Dog"],
        min_choices=1,
        max_choices=3,
        condition=(4, "Yes"),
    ),
    _question(
        "rating",
        "satisfaction",
        "How satisfied are you with city services?",
        scale_min=1,
        scale_max=5,
        min_label="Very dissatisfied",
        max_label="Very satisfied",
    ),
    _question(
        "rating",
        "recommend",
        "How likely are you to recommend living here?",
        scale_min=0,
        scale_max=10,
        min_label="Not at all",
        max_label="Extremely",
    ),
    _question(
        "matrix",
        "rate",
        "How would you rate these?",
        rows=["Street cleaning", "Lighting", "Trash pickup"],
        options=["Poor", "Fair", "Good", "Excellent"],
    ),
    {"type": "page_break", "id": _id("break-1"), "value": None},
    {"type": "section", "id": _id("budget"), "value": {"heading": "Next year", "text": ""}},
    _question(
        "ranking", "priorities", "Rank these priorities", options=["Streets", "Parks", "Safety"]
    ),
    _question("date", "contact", "When did you last contact the city?", required=False),
    _question(
        "single_choice",
        "age",
        "How old are you?",
        options=["Under 18", "18–29", "30–44", "45–64", "65–79", "80 or older"],
    ),
    {"type": "page_break", "id": _id("break-2"), "value": None},
    _question(
        "multiple_choice",
        "services",
        "Which of these did you use this year?",
        options=["311", "Libraries", "Recreation centers", "Pools", "Health centers", "Permits"],
        required=False,
    ),
    _question(
        "number", "household", "How many people live in your home?", min_value=1, max_value=12
    ),
    _question(
        "rating",
        "informed",
        "How well does the city keep you informed?",
        scale_min=1,
        scale_max=5,
        min_label="Very badly",
        max_label="Very well",
    ),
    _question("long_text", "comments", "Anything else?", required=False),
]


def surveys_index():
    index = SurveyIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        index = SurveyIndexPage(title="Surveys", slug="surveys", show_in_menus=True)
        Page.objects.get(pk=home_page().pk).add_child(instance=index)
        index.save_revision().publish()
    return index


def make_survey(slug=SLUG, title=TITLE, now=None):
    """The benchmark survey, made the ordinary Wagtail way (one page: no need to bulk it)."""
    now = now or timezone.now()
    survey = SurveyPage.objects.filter(slug=slug, locale=Locale.get_default()).first()
    if survey is None:
        survey = SurveyPage(
            title=title,
            slug=slug,
            questions=QUESTIONS,
            opens_at=now - timedelta(days=DAYS + 1),
            audience=Audience.ANYONE,
            anonymous=True,
            results_public=True,
            # The public page reads a page of typed answers per text question, as before
            # typed answers became unpublished by default.
            publish_text_answers=True,
        )
        Page.objects.get(pk=surveys_index().pk).add_child(instance=survey)
        survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


# The answers: pools of clean values --------------------------------------------------------


def _subsets(options, low, high):
    return [
        [option.id for option in chosen]
        for size in range(low, high + 1)
        for chosen in itertools.combinations(options, size)
    ]


def pools(structure, rng, today):
    """{question id: [(clean value or None for "not answered", weight)]}."""
    q = {question.label: question for question in structure.questions}

    def by(label):
        return q[label]

    streets = [f"{name} {kind}" for name in STREET_NAMES for kind in ("St", "Ave", "Rd")][:60]
    comments = [sentence(rng) for _ in range(40)]
    others = ["Wheelchair", "Regional Rail", "Scooter", "Ride share", "Silla de ruedas"]
    transport = by("How do you usually get around?")
    park_use = by("What do you use the park for?")
    services = by("Which of these did you use this year?")
    rate = by("How would you rate these?")
    ranking = by("Rank these priorities")
    return {
        by("What street do you live on?").id: [(None, 80 * len(streets) / 20)]
        + [(street, 1) for street in streets],
        by("How many years have you lived here?").id: [
            (Decimal(years), 0.93**years) for years in range(0, 81)
        ],
        transport.id: [
            ({"option": o.id, "other": ""}, w)
            for o, w in zip(transport.options, (25, 35, 27, 8), strict=True)
        ]
        + [({"option": OTHER, "other": text}, 1) for text in others],
        by("Do you visit a park every month?").id: [
            ({"option": option.id, "other": ""}, weight)
            for option, weight in zip(
                by("Do you visit a park every month?").options, (65, 35), strict=True
            )
        ],
        park_use.id: [(chosen, 1 / len(chosen)) for chosen in _subsets(park_use.options, 1, 3)],
        by("How satisfied are you with city services?").id: [
            (value, weight) for value, weight in zip(range(1, 6), (10, 18, 30, 28, 14), strict=True)
        ],
        by("How likely are you to recommend living here?").id: [
            (value, 1 + value * (10 - value) / 4) for value in range(0, 11)
        ],
        rate.id: [
            (
                {row.id: option.id for row, option in zip(rate.rows, choice, strict=True)},
                math.prod(RATE_WEIGHTS[rate.options.index(option)] for option in choice),
            )
            for choice in itertools.product(rate.options, repeat=len(rate.rows))
        ],
        ranking.id: [
            (list(order), weight)
            for order, weight in zip(
                itertools.permutations([option.id for option in ranking.options]),
                (30, 22, 18, 12, 10, 8),
                strict=True,
            )
        ],
        by("When did you last contact the city?").id: [(None, 60 * 365 / 40)]
        + [(today - timedelta(days=days), 1) for days in range(365)],
        by("How old are you?").id: [
            ({"option": option.id, "other": ""}, weight)
            for option, weight in zip(
                by("How old are you?").options, (3, 20, 28, 30, 15, 4), strict=True
            )
        ],
        services.id: [(None, 30 * 41 / 70)]
        + [(chosen, 1) for chosen in _subsets(services.options, 1, 3)],
        by("How many people live in your home?").id: [
            (Decimal(size), weight)
            for size, weight in zip(
                range(1, 13), (28, 32, 16, 13, 6, 3, 1, 0.5, 0.2, 0.1, 0.1, 0.1), strict=True
            )
        ],
        by("How well does the city keep you informed?").id: [
            (value, weight) for value, weight in zip(range(1, 6), (15, 25, 30, 20, 10), strict=True)
        ],
        by("Anything else?").id: [(None, 92 * len(comments) / 8)]
        + [(text, 1) for text in comments],
    }


class Pool:
    """One question's pool: what each entry stores (rows for the insert) and counts."""

    def __init__(self, question, entries, survey_id):
        self.question = question
        self.values = [value for value, _weight in entries]
        self.weights = [weight for _value, weight in entries]
        self.rows = []  # per entry: the tuples to insert after (response id,)
        self.keys = []  # per entry: the tally keys one answer adds to
        for value in self.values:
            if value is None:
                self.rows.append(())
                self.keys.append(())
                continue
            checked, error = check_answer(question, clean_to_raw(question, value))
            if error or checked != value:
                raise ValueError(f"{question.label}: {value!r} does not check ({error})")
            stored = answer_rows(question, value)
            self.rows.append(tuple(_row(survey_id, question.id, row) for row in stored))
            self.keys.append(tuple(tallies.keys_for(question, stored)))


def _row(survey_id, question_id, row):
    number = row.get("number")
    when = row.get("date")
    if when is not None and connection.vendor == "sqlite":
        when = connection.ops.adapt_datefield_value(when)
    return (
        survey_id,
        question_id,
        row.get("option", ""),
        row.get("row", ""),
        None if number is None else float(number),
        when,
        row.get("text", ""),
    )


RESPONSE_FIELDS = [
    "id", "survey", "user", "channel", "neighborhood", "segment", "pair_key", "language",
    "submitted_at", "entered_by",
]  # fmt: skip
DAILY_TALLY_FIELDS = [
    "id", "survey", "day", "neighborhood_key", "segment", "question", "option", "row", "number",
    "count",
]  # fmt: skip
ANSWER_FIELDS = [
    "response", "submitted_at", "survey", "question", "option", "row", "number", "date", "text",
]  # fmt: skip


@contextmanager
def bulk_load(model):
    """Load ``model``'s table without maintaining its indexes and foreign keys row by row.

    SQLite: ``bench.ideas.indexes_built_afterwards`` (its foreign key checks are cheap
    lookups). PostgreSQL, as its manual's "Populating a Database" advises: drop the
    table's plain indexes and foreign keys, COPY, then build the indexes once and add the
    foreign keys back, which checks every row in one pass instead of queueing millions of
    deferred trigger events. ``SET CONSTRAINTS ALL IMMEDIATE`` first, so that no trigger
    event of the earlier inserts is still pending when the tables are altered.
    """
    if connection.vendor != "postgresql":
        with indexes_built_afterwards(model):
            yield
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        quoted = connection.ops.quote_name(table)
        for name, _definition in foreign_keys:
            cursor.execute(
                f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}"
            )
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            name = connection.ops.quote_name(name)
            cursor.execute(f"ALTER TABLE {quoted} ADD CONSTRAINT {name} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@transaction.atomic
def seed_responses(volume, survey=None, seed=SEED):
    """Insert ``volume`` responses to the benchmark survey, their answers and tallies."""
    rng = make_rng(seed)
    now = timezone.now()
    survey = survey or make_survey(now=now)
    structure = survey.structure
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # this connection only: room for the indexes
            cursor.execute("PRAGMA cache_size = -262144")
    by_id = structure.by_id
    entries = pools(structure, rng, timezone.localdate(now))
    pool_list = [Pool(by_id[qid], entries[qid], survey.pk) for qid in entries]
    condition = structure.conditions  # {question id: (target id, option id)}

    # One draw per question and response; a question whose condition is unmet is skipped
    # (-1), as the answering form and the service skip it.
    picks = []
    for pool in pool_list:
        picks.append(rng.choices(range(len(pool.values)), pool.weights, k=volume))
    position = {pool.question.id: n for n, pool in enumerate(pool_list)}
    for qid, (target, option) in condition.items():
        target_pool = pool_list[position[target]]
        wanted = {
            n for n, value in enumerate(target_pool.values) if value and value["option"] == option
        }
        target_picks = picks[position[target]]
        mine = picks[position[qid]]
        for i in range(volume):
            if target_picks[i] not in wanted:
                mine[i] = -1

    # Responses: times over the last DAYS days (an hour each), neighborhoods, channels.
    neighborhoods = dict(Neighborhood.objects.values_list("slug", "pk"))
    places = [neighborhoods.get(slug) for slug in NEIGHBORHOOD_WEIGHTS]
    place_picks = rng.choices(places, list(NEIGHBORHOOD_WEIGHTS.values()), k=volume)
    start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=DAYS * 24)
    hours = [db_datetime(start + timedelta(hours=h, minutes=17)) for h in range(DAYS * 24)]
    hour_picks = sorted(rng.randrange(len(hours)) for _ in range(volume))
    staff_id = (
        get_user_model().objects.filter(email=STAFF_EMAIL).values_list("pk", flat=True).first()
    )
    first = next_id(Response)
    random = rng.random

    def responses():
        for i in range(volume):
            paper = random() < PAPER_SHARE
            yield (
                first + i, survey.pk, None, Channel.PAPER if paper else Channel.WEB,
                place_picks[i], "", "", "es" if random() < SPANISH_SHARE else "en",
                hours[hour_picks[i]], staff_id if paper else None,
            )  # fmt: skip

    insert_rows(Response, RESPONSE_FIELDS, responses())
    reset_sequences(Response)

    def answers():
        columns = list(zip(*picks, strict=True))  # per response: its pick of every pool
        rows = [pool.rows for pool in pool_list]
        for i, chosen in enumerate(columns):
            response_id, submitted_at = first + i, hours[hour_picks[i]]
            for pool_rows, pick in zip(rows, chosen, strict=True):
                if pick >= 0:
                    for row in pool_rows[pick]:
                        yield (response_id, submitted_at, *row)

    with bulk_load(Answer):
        insert_rows(Answer, ANSWER_FIELDS, answers())

    counter = Counter({tallies.RESPONSES: volume})
    for pool, pool_picks in zip(pool_list, picks, strict=True):
        for pick, times in Counter(pool_picks).items():
            if pick >= 0:
                for key in pool.keys[pick]:
                    counter[key] += times
    AnswerTally.objects.filter(survey=survey).delete()
    AnswerTally.objects.bulk_create(
        [
            AnswerTally(survey=survey, question=q, option=o, row=r, number=n, count=c)
            for (q, o, r, n), c in sorted(counter.items())
        ],
        batch_size=500,
    )
    days = [timezone.localdate(start + timedelta(hours=h, minutes=17)) for h in range(DAYS * 24)]
    cells = [(days[hour_picks[i]], place_picks[i] or 0) for i in range(volume)]
    seed_daily_tallies(survey, pool_list, picks, cells)
    return survey


def seed_daily_tallies(survey, pool_list, picks, cells):
    """The ``DailyTally`` rows of the drawn answers: for each pool, how often each entry
    was drawn in each (day, neighborhood) cell, times the keys that entry adds to, as
    ``services.submit_response`` adds them one response at a time."""
    by_cell = defaultdict(Counter)
    for cell, times in Counter(cells).items():
        by_cell[cell][tallies.RESPONSES] += times
    for pool, pool_picks in zip(pool_list, picks, strict=True):
        for (cell, pick), times in Counter(zip(cells, pool_picks, strict=True)).items():
            if pick >= 0:
                counter = by_cell[cell]
                for key in pool.keys[pick]:
                    counter[key] += times
    DailyTally.objects.filter(survey=survey).delete()
    adapt_day = connection.ops.adapt_datefield_value
    insert_rows(
        DailyTally,
        DAILY_TALLY_FIELDS,
        (
            (random_key(), survey.pk, adapt_day(day), neighborhood_key, "", q, o, r, n, c)
            for (day, neighborhood_key), counter in sorted(by_cell.items())
            for (q, o, r, n), c in sorted(counter.items())
        ),
    )


def expected_answer_rows(volume):
    """Roughly how many Answer rows ``volume`` responses make (for the log)."""
    return 17 * volume


# What the scenarios request ------------------------------------------------------------------


def survey():
    return SurveyPage.objects.get(slug=SLUG, locale=Locale.get_default())


def results_url():
    page = survey()
    return page.url + page.reverse_subpage("results_view")


def filter_params(today=None):
    today = today or timezone.localdate()
    since = today - timedelta(days=FILTER_DAYS - 1)
    return {
        "neighborhood": FILTER_NEIGHBORHOOD,
        "since": since.isoformat(),
        "until": today.isoformat(),
    }


def filter_query():
    """The query string of the filtered scenarios (the results page's filter form)."""
    return urlencode(filter_params())


def filtered_results_url():
    return f"{results_url()}?{filter_query()}"


def staff_user():
    return get_user_model().objects.get(email=STAFF_EMAIL)


# One seed for every surveys scenario ------------------------------------------------------------

_seeded = database.SeededCopies(
    "surveys",
    seed_responses,
    ["surveys_response", "surveys_answer", "surveys_answertally", "surveys_dailytally"],
)


def seed(volume):
    """What each surveys scenario's ``seed(volume)`` does: seed once per volume, then copy."""
    _seeded.seed(volume)


def check_results(response, filtered=False):
    """The results page shows every question and the number of responses it counts."""
    html = response.content.decode()
    page = survey()
    responses = Response.objects.filter(survey=page)
    if filtered:
        params = filter_params()
        responses = responses.filtered(
            since=date.fromisoformat(params["since"]),
            until=date.fromisoformat(params["until"]),
            neighborhood=Neighborhood.objects.get(slug=params["neighborhood"]),
        )
    total = responses.count()
    assert total > 0, "No response matches."
    shown = f"{total:,}"
    assert shown in html or str(total) in html, f"The page does not show {total} responses."
    for question in page.structure.questions:
        assert escape(question.label) in html, f"Question {question.number} is not shown."
    return f"{total:,} responses counted"
