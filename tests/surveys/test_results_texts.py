"""The typed answers come newest first off their own index, on SQLite and on PostgreSQL:
a page is a short walk down ``surveys_answer_texts`` (no sort of every text, no scan of
every answer), filtered or not, in the order the responses were given."""

import datetime
import random

import pytest
from django.db import connection
from django.utils import timezone

from surveys import tallies
from surveys.models import Answer, Channel, Response
from surveys.questions import OTHER
from surveys.results.summary import survey_results
from surveys.services import submit_response
from tests.surveys.factories import make_survey, option_id, q, question, raw

pytestmark = pytest.mark.django_db

RESPONSES = 3000
TODAY = datetime.date(2026, 3, 31)


def given(days_ago, hour):
    return timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(days=days_ago), datetime.time(hour))
    )


@pytest.fixture
def crowded(neighborhood_factory):
    """A survey answered 3,000 times over a year, stored in no order of date (paper forms
    typed in late): a number from everyone, a choice from everyone, 5% of them "Other"
    with a text, a street from a fifth. Statistics gathered, as autovacuum would."""
    survey = make_survey(
        [
            q.single("How do you get around?", ["Bus", "Bike"], allow_other=True),  # 1
            q.number("Years in the city"),  # 2
            q.short("Your street", required=False),  # 3
        ],
        results_public=True,
        publish_text_answers=True,
    )
    north, south = neighborhood_factory(name="North"), neighborhood_factory(name="South")
    rng = random.Random(17)
    choice, number, street = (question(survey, n).id for n in (1, 2, 3))
    bus = option_id(survey, 1, "Bus")
    responses = [
        Response(
            survey=survey,
            channel=Channel.PAPER,
            neighborhood=rng.choice([north, south]),
            submitted_at=given(rng.randrange(365), rng.randrange(8, 20)),
        )
        for _ in range(RESPONSES)
    ]
    Response.objects.bulk_create(responses)
    answers = []
    for n, response in enumerate(responses):
        row = {"survey": survey, "response": response, "submitted_at": response.submitted_at}
        if n % 20 == 0:
            answers.append(Answer(**row, question=choice, option=OTHER, text=f"Other {n}"))
        else:
            answers.append(Answer(**row, question=choice, option=bus))
        answers.append(Answer(**row, question=number, number=rng.randrange(80)))
        if n % 5 == 0:
            answers.append(Answer(**row, question=street, text=f"Street {n}"))
    Answer.objects.bulk_create(answers, batch_size=1000)
    tallies.rebuild(survey.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE"
            if connection.vendor == "sqlite"
            else "ANALYZE surveys_response, surveys_answer"
        )
    return survey, north


def newest(survey, question_number, option="", responses=None):
    """What the first page must show, worked out here from every stored text."""
    answers = Answer.objects.filter(
        survey=survey, question=question(survey, question_number).id, option=option
    ).exclude(text="")
    if responses is not None:
        answers = answers.filter(response__in=responses)
    rows = answers.values_list("text", "response__submitted_at", "pk")
    return [text for text, _when, _pk in sorted(rows, key=lambda r: (r[1], r[2]), reverse=True)]


def first_pages(survey, filters=None):
    _count, results = survey_results(survey, filters)
    return results[0].others.page, results[2].texts.page


def assert_walks_the_texts_index(page):
    if connection.vendor == "sqlite":
        plan = page.object_list.explain()
        assert "surveys_answer_texts" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # no sort: the index's order is the order
        return
    # On PostgreSQL the plan follows the statistics, and those the fixture gathered may be
    # replaced at any moment by autovacuum's, made from the other test workers' committed
    # rows without this test's own: a planner told eight texts match rightly sorts them.
    # With sorts, bitmap and sequential scans priced out, a plan without a Sort exists
    # only if an index gives the rows in the page's order: the property the volume needs
    # (bench/README.md shows the planner choosing it at 200,000 responses).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            plan = page.object_list.explain()
        finally:
            cursor.execute("RESET enable_sort")
            cursor.execute("RESET enable_bitmapscan")
            cursor.execute("RESET enable_seqscan")
    assert "surveys_answer_texts" in plan, plan
    assert "Sort" not in plan, plan
    assert "Seq Scan on surveys_answer" not in plan, plan


def test_the_first_page_is_the_newest_given_not_the_newest_stored(crowded):
    survey, _north = crowded
    late = submit_response(
        survey,
        raw(survey, {1: ("Other", "Typed in today, given long ago"), 2: "3"}),
        channel=Channel.PAPER,
        submitted_at=given(400, 9),
    )
    assert Answer.objects.filter(response=late).exclude(text="").get().submitted_at == given(400, 9)
    fresh = submit_response(survey, raw(survey, {1: ("Other", "Given today"), 2: "5"}))

    others, streets = first_pages(survey)

    assert [a.text for a in others] == newest(survey, 1, OTHER)[:20]
    assert others[0].text == "Given today" and others[0].submitted_at == fresh.submitted_at
    assert [a.text for a in streets] == newest(survey, 3)[:20]
    assert others.paginator.num_pages == 8  # 152 "Other" texts, 20 a page


def test_the_first_page_is_read_off_the_texts_index(crowded):
    survey, _north = crowded
    for page in first_pages(survey):
        assert len(page) == 20
        assert_walks_the_texts_index(page)


def test_a_filtered_page_walks_the_same_index_within_its_days(crowded):
    survey, north = crowded
    filters = {"since": TODAY - datetime.timedelta(days=89), "until": TODAY, "neighborhood": north}
    matching = Response.objects.filter(survey=survey).filtered(**filters)

    others, streets = first_pages(survey, filters)

    assert_walks_the_texts_index(streets)  # before reading it: Page makes its rows a list
    assert [a.text for a in others] == newest(survey, 1, OTHER, matching)[:20]
    assert [a.text for a in streets] == newest(survey, 3, "", matching)[:20]
