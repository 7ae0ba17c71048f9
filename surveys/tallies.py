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
``computed_counts`` asks the database for the same keys over any set of responses (the
filtered results page, and ``rebuild``). Both return a ``Counter``.
"""

from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, F, FloatField, Value
from django.db.models.functions import Coalesce

from .models import Answer, AnswerTally, Response, SurveyPage, random_key
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
    if not counter:
        return
    table = connection.ops.quote_name("surveys_answertally")
    columns = ", ".join(
        connection.ops.quote_name(name)
        for name in ("id", "survey_id", "question", "option", "row", "number", "count")
    )
    conflict = ", ".join(
        connection.ops.quote_name(name)
        for name in ("survey_id", "question", "option", "row", "number")
    )
    count = connection.ops.quote_name("count")
    # Keys in one fixed order, so two transactions never wait on each other's rows in
    # opposite orders (no deadlock on PostgreSQL).
    items = sorted(counter.items())
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(items))
    params = []
    for (question, option, row, number), amount in items:
        params += [random_key(), survey_id, question, option, row, float(number), sign * amount]
    # Only quoted identifiers and placeholders are formatted in; every value is a parameter.
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
    structure = Structure(SurveyPage.objects.only("questions").get(pk=survey_id).questions)
    kinds = {q.id: q.kind for q in structure.questions}
    # By response only: the response index drives the query (the survey's responses are
    # the survey's answers), not a walk over every answer of the survey.
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    counter = Counter()
    counter[RESPONSES] = responses.count()
    groups = (
        answers.annotate(value=Coalesce(F("number"), Value(0.0), output_field=FloatField()))
        .values_list("question", "option", "row", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for question, option, row, value, n in groups:
        kind = kinds.get(question)
        if kind is None:
            continue  # an answer to a question no longer in the survey
        if kind in ONE_ROW_KINDS or kind == "ranking" and value == 1.0:
            counter[(question, ANSWERED, "", 0.0)] += n
        if kind not in ANSWERED_ONLY_KINDS:
            counter[(question, option, row, float(value))] += n
    distinct_kinds = [qid for qid, kind in kinds.items() if kind in {"multiple_choice", "matrix"}]
    if distinct_kinds:
        answered = (
            answers.filter(question__in=distinct_kinds)
            .values_list("question")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        )
        for question, n in answered:
            counter[(question, ANSWERED, "", 0.0)] = n
    return +counter


@transaction.atomic
def rebuild(survey_id):
    """Recompute a survey's stored tallies from its answers."""
    AnswerTally.objects.filter(survey_id=survey_id).delete()
    add(survey_id, computed_counts(survey_id, Response.objects.filter(survey_id=survey_id)))
