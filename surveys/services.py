"""Storing and deleting responses: everything in one transaction, or nothing.

A response is checked as a whole (every page, every display condition) before anything is
written; then the participation (one per person, enforced by a unique constraint), the
response, its answers, the tallies and the daily tallies are written together. A second
response by the same person fails on the constraint, whatever the timing, and leaves
nothing behind.

For an anonymous survey nothing written pairs the person with the response: who answered
goes into the survey's one ``RespondentSet`` row (locked, so a second response still
fails, whatever the timing), the response keeps only the day, it and its answers get keys
drawn at random within that day (tallies get random keys too), and the person's draft is
deleted.
"""

from collections import Counter

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import tallies
from .audit import record_response
from .models import (
    Answer,
    Channel,
    Draft,
    Participation,
    RespondentSet,
    Response,
    day_key,
    day_of,
)
from .questions import answer_rows


class InvalidResponse(Exception):
    def __init__(self, errors):
        super().__init__("invalid response")
        self.errors = errors


class AlreadyAnswered(Exception):
    pass


def submit_response(
    page,
    raw,
    *,
    user=None,
    channel=Channel.WEB,
    neighborhood=None,
    segment="",
    pair_key="",
    language="",
    entered_by=None,
    submitted_at=None,
    wants_outcome=False,
):
    """Store the response ``raw`` (raw answers by question id) to ``page`` (any language).

    ``pair_key`` (``surveys.pairing``) pairs the response with the same person's response
    to the pre or post survey; a second response with it raises ``AlreadyAnswered``.

    ``wants_outcome``: the person asked to be told what comes of the survey, kept only on
    a response kept with their account (an anonymous one has no one to tell).

    Raises ``InvalidResponse`` (with the error messages by question id) or
    ``AlreadyAnswered``; returns the stored ``Response``.
    """
    survey = page.source
    structure = page.structure
    clean, errors, _shown = structure.check(raw)
    if errors:
        raise InvalidResponse(errors)
    person = user if user is not None and user.is_authenticated else None
    if neighborhood is None and person is not None:
        neighborhood = person.home_neighborhood
    with transaction.atomic():
        if person is not None and channel == Channel.WEB:
            _claim(survey, person)
        response = Response(
            survey=survey,
            user=None if survey.anonymous else person,
            channel=channel,
            neighborhood=neighborhood,
            segment=segment,
            pair_key=pair_key,
            language=language,
            entered_by=entered_by,
            wants_outcome=wants_outcome and person is not None and not survey.anonymous,
        )
        if submitted_at is not None:
            response.submitted_at = submitted_at
        answers, counter = [], Counter()
        for question in structure.questions:
            if question.id not in clean:
                continue
            rows = answer_rows(question, clean[question.id])
            answers += [Answer(survey=survey, question=question.id, **row) for row in rows]
            counter.update(tallies.keys_for(question, rows))
        counter[tallies.RESPONSES] += 1
        if survey.anonymous:
            _insert_untraceable(response, answers)
        else:
            _insert(response)
            _attach(answers, response)
            Answer.objects.bulk_create(answers)
        tallies.add(survey.pk, counter)
        tallies.add_daily(survey.pk, tallies.cell_of(response), counter)
        if entered_by is not None:
            record_response(response, "surveys.paper_entry", user=entered_by)
        if person is not None:
            Draft.objects.filter(survey=survey, user=person).delete()
    return response


def _attach(answers, response):
    """Give the ``answers`` their ``response`` and its date, as it was stored."""
    for answer in answers:
        answer.response = response
        answer.submitted_at = response.submitted_at


def _insert(response):
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        if _pair_taken(response):
            raise AlreadyAnswered from None
        raise


def _pair_taken(response):
    """The response's pair key already answered its survey (the constraint said no)."""
    return bool(response.pair_key) and (
        Response.objects.filter(survey=response.survey, pair_key=response.pair_key).exists()
    )


def _insert_untraceable(response, answers, attempts=3):
    """Insert an anonymous survey's response and answers with only the day and keys drawn
    at random within it. A key already taken (with 46 random bits, about one chance in ten
    thousand for a day of 100,000 rows) is drawn again."""
    response.submitted_at = day_of(response.submitted_at)
    day = timezone.localdate(response.submitted_at)
    for attempt in range(attempts):
        response.pk = day_key(day)
        for answer in answers:
            answer.pk = day_key(day)
        _attach(answers, response)
        try:
            with transaction.atomic():
                response.save(force_insert=True)
                Answer.objects.bulk_create(answers)
        except IntegrityError:
            if _pair_taken(response):
                raise AlreadyAnswered from None
            if attempt == attempts - 1:
                raise
        else:
            return


def _claim(survey, person):
    """Record that ``person`` answers ``survey``, or raise ``AlreadyAnswered``."""
    if not survey.anonymous:
        try:
            with transaction.atomic():
                Participation.objects.create(survey=survey, user=person)
        except IntegrityError:
            raise AlreadyAnswered from None
        return
    RespondentSet.objects.get_or_create(survey=survey)
    # The lock makes two sends by one person take turns: the second finds the first one's
    # id in the set. (Every response locks the tallies' "responses" row of its survey
    # anyway, so respondents to one survey already wait for each other there.)
    respondents = RespondentSet.objects.select_for_update().get(survey=survey)
    if person.pk in respondents:
        raise AlreadyAnswered
    respondents.add(person.pk)
    respondents.save(update_fields=["users"])


@transaction.atomic
def delete_response(response, *, user=None):
    """Delete a response (spam, a duplicate paper form) and take it out of the tallies;
    ``user`` (the staff member) is recorded in the audit trail."""
    response = Response.objects.select_for_update().select_related("survey").get(pk=response.pk)
    structure = response.survey.structure
    counter = Counter({tallies.RESPONSES: 1})
    by_question = {}
    for answer in response.answers.all():
        by_question.setdefault(answer.question, []).append(
            {"option": answer.option, "row": answer.row, "number": answer.number}
        )
    for question_id, rows in by_question.items():
        question = structure.by_id.get(question_id)
        if question is not None:
            counter.update(tallies.keys_for(question, rows))
    tallies.add(response.survey_id, counter, sign=-1)
    tallies.add_daily(response.survey_id, tallies.cell_of(response), counter, sign=-1)
    record_response(response, "surveys.response_delete", user=user)
    response.delete()


def save_draft(page, user, raw, reached_page):
    """Keep a logged-in person's unfinished answers (``raw``) and the page they reached."""
    Draft.objects.update_or_create(
        survey=page.source, user=user, defaults={"answers": raw, "page": reached_page}
    )


def load_draft(page, user):
    return Draft.objects.filter(survey=page.source, user=user).first()
