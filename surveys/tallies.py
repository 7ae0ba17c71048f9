"""Counts of answers by (question, option, row, number): stored, or computed for a filter.

A *key* is ``(question id, option id, row id, number)``:

* ``(q, "*", "", 0)``: how many responses answered question q at all;
* ``("", "*", "", 0)``: how many responses the survey has;
* ``(q, option, "", 0)``: single and multiple choice (``option`` may be ``other``);
* ``(q, "", "", value)``: a rating or a number;
* ``(q, option, "", place)``: ranking (how often ``option`` was put in ``place``);
* ``(q, option, row, 0)``: matrix.

Texts and dates only have their ``*`` key. ``stored_counts`` reads ``AnswerTally`` (kept
exact by ``add`` in every transaction that stores or deletes a response);
``computed_counts`` asks the database for the same keys over any set of responses (a
pre/post comparison of some segments or pairs, and ``rebuild``). All return a ``Counter``.

``DailyTally`` holds the same keys once more per day (in the site's time zone),
neighborhood and segment, kept exact by ``add_daily`` in the same transactions:
``rolled_up_counts`` adds up the rows a results filter (days, neighborhood, segment)
selects, so a filtered page reads a few hundred rows a day instead of counting every
answer of the matching responses. Each response is in exactly one (day, neighborhood,
segment) cell, so the sum is exact, the distinct respondents of a multiple choice
included. ``rebuild`` recomputes both from the answers (``manage.py
rebuild_survey_tallies``, after a bulk load or a change of ``TIME_ZONE``).
"""

import datetime
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Count, F, FloatField, Max, Min, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Answer, AnswerTally, DailyTally, Response, SurveyPage, random_key
from .questions import ANSWERED, Structure

RESPONSES = ("", ANSWERED, "", 0.0)


def keys_for(question, rows):
    """The keys one answer adds to (``rows``: its ``Answer`` field dicts)."""
    keys = [(question.id, ANSWERED, "", 0.0)]
    if question.kind in {"short_text", "long_text", "date"}:
        return keys
    for row in rows:
        number = row.get("number")
        if question.kind == "number":
            number = float(number)
        keys.append(
            (
                question.id,
                row.get("option", ""),
                row.get("row", ""),
                float(number) if number is not None else 0.0,
            )
        )
    return keys


def add(survey_id, counter, sign=1):
    """Add (``sign=1``) or take away (``-1``) ``counter``'s counts, atomically per key.

    A new key's row gets a random id: ids in order of creation would tell which keys came
    first, together (in an anonymous survey, the first person's whole answer, and after
    that the keys each response was the first to give).
    """
    _upsert("surveys_answertally", {"survey_id": survey_id}, counter, sign)


def add_daily(survey_id, cell, counter, sign=1):
    """The same for the ``DailyTally`` rows of ``cell`` (``cell_of`` a response)."""
    day, neighborhood_key, segment = cell
    fixed = {
        "survey_id": survey_id,
        "day": connection.ops.adapt_datefield_value(day),
        "neighborhood_key": neighborhood_key,
        "segment": segment,
    }
    _upsert("surveys_dailytally", fixed, counter, sign)


def cell_of(response):
    """(day, neighborhood key, segment) of the daily tallies ``response`` counts in.

    The day in the current time zone, which is the site's (``TIME_ZONE``; nothing
    activates another): the same day boundaries as ``ResponseQuerySet.filtered``.
    """
    return (
        timezone.localdate(response.submitted_at),
        response.neighborhood_id or 0,
        response.segment,
    )


def _upsert(table, fixed, counter, sign):
    """``INSERT … ON CONFLICT DO UPDATE count = count + n`` of ``counter``'s keys, each row
    also holding the ``fixed`` column values."""
    if not counter:
        return
    quote = connection.ops.quote_name
    key_columns = [*fixed, "question", "option", "row", "number"]
    columns = ", ".join(quote(name) for name in ["id", *key_columns, "count"])
    conflict = ", ".join(quote(name) for name in key_columns)
    count = quote("count")
    # Keys in one fixed order, so two transactions never wait on each other's rows in
    # opposite orders (no deadlock on PostgreSQL).
    items = sorted(counter.items())
    placeholders = "(" + ", ".join(["%s"] * (len(key_columns) + 2)) + ")"
    values = ", ".join([placeholders] * len(items))
    params = []
    for (question, option, row, number), amount in items:
        params += [random_key(), *fixed.values(), question, option, row, float(number)]
        params.append(sign * amount)
    # Only quoted identifiers and placeholders are formatted in; every value is a parameter.
    table = quote(table)
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def stored_counts(survey_id):
    rows = AnswerTally.objects.filter(survey_id=survey_id, count__gt=0).values_list(
        "question", "option", "row", "number", "count"
    )
    return Counter({(q, o, r, float(n)): c for q, o, r, n, c in rows})


# Kinds whose answer is always one stored row: the rows counted are the people answering.
ONE_ROW_KINDS = {"short_text", "long_text", "date", "single_choice", "rating", "number"}
# Kinds counted only as answered (their rows are not grouped by value).
ANSWERED_ONLY_KINDS = {"short_text", "long_text", "date"}


def computed_counts(survey_id, responses):
    """The keys over ``responses`` (a ``Response`` queryset), counted by the database.

    One GROUP BY pass over the matching answers gives every key; the ``*`` keys come from
    it too (one-row kinds: their rows; ranking: the rows in first place), except for
    multiple choice and matrix questions, whose respondents are counted distinctly in a
    second, narrower query.
    """
    return _counts_by_cell(survey_id, responses).get((), Counter())


def _counts_by_cell(survey_id, responses, cell_fields=()):
    """``computed_counts`` grouped by the ``Response`` fields ``cell_fields`` as well:
    ``{(value of each field): Counter}`` (``{(): Counter}`` with none)."""
    structure = Structure(SurveyPage.objects.only("questions").get(pk=survey_id).questions)
    kinds = {q.id: q.kind for q in structure.questions}
    # By response only: the response index drives the query (the survey's responses are
    # the survey's answers), not a walk over every answer of the survey.
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    through_response = [f"response__{name}" for name in cell_fields]
    by_cell = defaultdict(Counter)
    if cell_fields:
        for *cell, n in responses.values_list(*cell_fields).annotate(n=Count("pk")).order_by():
            by_cell[tuple(cell)][RESPONSES] += n
    else:
        by_cell[()][RESPONSES] = responses.count()
    groups = (
        answers.annotate(value=Coalesce(F("number"), Value(0.0), output_field=FloatField()))
        .values_list(*through_response, "question", "option", "row", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for *cell, question, option, row, value, n in groups:
        kind = kinds.get(question)
        if kind is None:
            continue  # an answer to a question no longer in the survey
        counter = by_cell[tuple(cell)]
        if kind in ONE_ROW_KINDS or kind == "ranking" and value == 1.0:
            counter[(question, ANSWERED, "", 0.0)] += n
        if kind not in ANSWERED_ONLY_KINDS:
            counter[(question, option, row, float(value))] += n
    distinct_kinds = [qid for qid, kind in kinds.items() if kind in {"multiple_choice", "matrix"}]
    if distinct_kinds:
        answered = (
            answers.filter(question__in=distinct_kinds)
            .values_list(*through_response, "question")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        )
        for *cell, question, n in answered:
            by_cell[tuple(cell)][(question, ANSWERED, "", 0.0)] = n
    return {cell: +counter for cell, counter in by_cell.items()}


def rolled_up_counts(survey_id, filters, question_ids=None):
    """``computed_counts`` of the responses ``filters`` (``ResponseQuerySet.filtered``'s
    arguments) selects, added up from the daily tallies: one indexed range of a few
    hundred rows a day, however many answers those days hold. ``question_ids``: the
    survey's questions, to leave out keys of questions since removed (as
    ``computed_counts`` does)."""
    rows = DailyTally.objects.filter(survey_id=survey_id)
    if filters.get("since"):
        rows = rows.filter(day__gte=filters["since"])
    if filters.get("until"):
        rows = rows.filter(day__lte=filters["until"])
    if filters.get("neighborhood"):
        rows = rows.filter(neighborhood_key=filters["neighborhood"].pk)
    if filters.get("segment"):
        rows = rows.filter(segment=filters["segment"])
    sums = (
        rows.values_list("question", "option", "row", "number").annotate(n=Sum("count")).order_by()
    )
    known = None if question_ids is None else {"", *question_ids}
    counter = Counter()
    for question, option, row, number, n in sums:
        if n and (known is None or question in known):
            counter[(question, option, row, float(number))] = n
    return counter


def _lock_responses_tally(survey_id):
    """Wait for the transactions storing or deleting a response of the survey: each
    upserts its "responses" tally first (keys are written in order, and its key sorts
    first), so once this row is ours every earlier one has committed, and later ones wait
    for this transaction."""
    question, option, row, number = RESPONSES
    list(
        AnswerTally.objects.select_for_update()
        .filter(survey_id=survey_id, question=question, option=option, row=row, number=number)
        .values_list("pk")
    )


@transaction.atomic
def rebuild(survey_id):
    """Recompute a survey's stored tallies and daily tallies from its answers."""
    _lock_responses_tally(survey_id)
    AnswerTally.objects.filter(survey_id=survey_id).delete()
    add(survey_id, computed_counts(survey_id, Response.objects.filter(survey_id=survey_id)))
    rebuild_daily(survey_id)


@transaction.atomic
def rebuild_daily(survey_id):
    """Recompute a survey's daily tallies, one day at a time: each day's responses are
    those ``ResponseQuerySet.filtered`` selects for that day, so the days have the very
    boundaries the live count uses, and each query is a short range of the date index."""
    _lock_responses_tally(survey_id)
    DailyTally.objects.filter(survey_id=survey_id).delete()
    responses = Response.objects.filter(survey_id=survey_id)
    span = responses.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    if span["first"] is None:
        return
    day, last = timezone.localdate(span["first"]), timezone.localdate(span["last"])
    while day <= last:
        cells = _counts_by_cell(
            survey_id, responses.filtered(since=day, until=day), ("neighborhood", "segment")
        )
        rows = [
            DailyTally(
                id=random_key(),
                survey_id=survey_id,
                day=day,
                neighborhood_key=neighborhood_id or 0,
                segment=segment,
                question=question,
                option=option,
                row=row,
                number=number,
                count=count,
            )
            for (neighborhood_id, segment), counter in cells.items()
            for (question, option, row, number), count in sorted(counter.items())
            if count
        ]
        DailyTally.objects.bulk_create(rows, batch_size=500)
        day += datetime.timedelta(days=1)
