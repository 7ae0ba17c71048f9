"""Anonymous surveys, seen from the database: the joins an administrator with the tables
(SQL, the Django shell) would try to find who gave which response find nothing.

Residents answer through the real form (page by page, a draft saved on the way, their
session kept), between a visitor who is not logged in and a paper form. Each resident
gives a street only they give, which is how the tests know the true pairing. The same
joins are run on a survey that is not anonymous first, to show they do find people when
the data lets them.
"""

import datetime
import importlib
from collections import defaultdict

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from surveys import rules, services, tallies
from surveys.models import (
    KEY_EPOCH,
    KEY_RANDOM_BITS,
    RANDOM_KEY_MIN,
    Answer,
    AnswerTally,
    Channel,
    Draft,
    Participation,
    RespondentSet,
    Response,
    day_key,
)
from surveys.views.answering import ANSWERS_SESSION_KEY
from tests.factories import UserFactory
from tests.surveys.factories import every_type_survey, post_data, question, raw

pytestmark = pytest.mark.django_db

PEOPLE = 12
SECOND_PAGE = {
    5: "4",
    7: ["Trees", "Lights", "Benches"],
    8: {"Paths": "Good", "Toilets": "Bad"},
}
ANSWERS = {1: "Elm Street", 2: "12", 3: "No", **SECOND_PAGE}


@pytest.fixture(autouse=True)
def midday(settings):
    """A time zone where it is now about noon: a day's start is hours from every moment
    written while the test runs, so a join by time cannot match by luck of the clock."""
    offset = 12 - timezone.now().hour  # Etc/GMT-N is N hours ahead of UTC
    settings.TIME_ZONE = f"Etc/GMT{'-' if offset >= 0 else '+'}{abs(offset)}"


def street(person):
    return f"{person.email} Street"


def answer_through_the_form(client, survey, person):
    """Log in and answer page by page, saving for later on the way (a ``Draft``)."""
    client.force_login(person)
    first = {1: street(person), 2: "12", 3: "No"}
    client.post(survey.url, post_data(survey, first, step=0, action="next"))
    client.post(survey.url, post_data(survey, {5: "4"}, step=1, action="save"))
    done = client.post(survey.url, post_data(survey, SECOND_PAGE, step=1, action="submit"))
    assert done.status_code == 302, done.content.decode()[:500]
    client.logout()


def answer_as_a_visitor(client, survey):
    first = {1: "A visitor's street", 2: "3", 3: "No"}
    client.post(survey.url, post_data(survey, first, step=0, action="next"))
    done = client.post(survey.url, post_data(survey, SECOND_PAGE, step=1, action="submit"))
    assert done.status_code == 302
    client.cookies.clear()


def answer_all(client, survey):
    """Residents, a visitor and a paper form; returns the residents in the order they
    answered and the true {user id: response id}."""
    people = [UserFactory() for _ in range(PEOPLE)]
    for number, person in enumerate(people):
        answer_through_the_form(client, survey, person)
        if number == PEOPLE // 2:
            answer_as_a_visitor(client, survey)
    services.submit_response(
        survey, raw(survey, {**ANSWERS, 1: "A paper street"}), channel=Channel.PAPER
    )
    by_street = dict(
        Answer.objects.filter(survey=survey, question=question(survey, 1).id).values_list(
            "text", "response_id"
        )
    )
    return people, {person.pk: by_street[street(person)] for person in people}


# What the administrator has --------------------------------------------------------------


def person_side_times(survey):
    """(user id, moment) from every row that names a person and says when."""
    times = [
        *Participation.objects.filter(survey=survey).values_list("user_id", "created_at"),
        *Draft.objects.filter(survey=survey).values_list("user_id", "updated_at"),
        *get_user_model().objects.exclude(last_login=None).values_list("pk", "last_login"),
    ]
    age = datetime.timedelta(seconds=django_settings.SESSION_COOKIE_AGE)
    for session in Session.objects.all():
        user_id = session.get_decoded().get("_auth_user_id")
        if user_id:
            times.append((int(user_id), session.expire_date - age))  # when it was saved
    return times


def person_side_orders(survey, people):
    """Orders of the respondents an administrator could read off the tables."""
    respondents = {person.pk for person in people}
    by_time = sorted(person_side_times(survey), key=lambda pair: pair[1])
    ordered = {
        "by time": list(dict.fromkeys(u for u, _moment in by_time if u in respondents)),
        "by user id": sorted(respondents),
        "by participation id": list(
            Participation.objects.filter(survey=survey)
            .order_by("pk")
            .values_list("user", flat=True)
        ),
    }
    return {name: order for name, order in ordered.items() if order}


def response_side_orders(survey):
    """Orders of the web responses: by time, by key, by their answers' keys."""
    web = Response.objects.filter(survey=survey, channel=Channel.WEB)
    orders = {
        "by time": list(web.order_by("submitted_at", "pk").values_list("pk", flat=True)),
        "by id": list(web.order_by("pk").values_list("pk", flat=True)),
    }
    first_answer = {}
    for response_id, answer_id in (
        Answer.objects.filter(response__in=web).order_by("pk").values_list("response", "pk")
    ):
        first_answer.setdefault(response_id, answer_id)
    orders["by answer id"] = sorted(first_answer, key=first_answer.get)
    return orders


def time_join(survey, slack=datetime.timedelta(seconds=60)):
    """{user id: response ids written within a minute of something that user did}."""
    found = defaultdict(set)
    responses = list(Response.objects.filter(survey=survey).values_list("pk", "submitted_at"))
    for user_id, moment in person_side_times(survey):
        for response_id, submitted_at in responses:
            if abs(moment - submitted_at) <= slack:
                found[user_id].add(response_id)
    return found


def rank_joins(survey, people, truth):
    """For each pair of orders, how many people it pairs with their own response."""
    web_responses = set(truth.values())
    right = {}
    for person_order_name, person_order in person_side_orders(survey, people).items():
        for response_order_name, response_order in response_side_orders(survey).items():
            # The visitor's response is among the web ones; the administrator would not
            # know which, so every way of leaving one out is tried, and the best kept.
            candidates = [
                [r for r in response_order if r != left_out]
                for left_out in response_order
                if len(response_order) > len(person_order)
            ] or [response_order]
            right[(person_order_name, response_order_name)] = max(
                sum(truth.get(u) == r for u, r in zip(person_order, order, strict=False))
                for order in candidates
            )
            assert web_responses <= set(response_order)
    return right


# The joins, on a survey that names people and on an anonymous one --------------------------


def test_the_joins_find_everyone_when_the_survey_is_not_anonymous(client):
    survey = every_type_survey()
    people, truth = answer_all(client, survey)

    by_time = time_join(survey)
    assert all(truth[person.pk] in by_time[person.pk] for person in people)
    right = rank_joins(survey, people, truth)
    assert right[("by participation id", "by id")] == PEOPLE


def test_no_join_pairs_a_person_with_their_anonymous_response(client):
    survey = every_type_survey(anonymous=True)
    people, truth = answer_all(client, survey)

    # Who answered is one row for the survey: the ids, sorted; nothing per person.
    assert not Participation.objects.exists()
    assert RespondentSet.objects.get(survey=survey).users == sorted(truth)
    assert all(rules.has_answered(survey, person) for person in people)
    # Drafts are gone, and no session still holds answers.
    assert not Draft.objects.exists()
    for session in Session.objects.all():
        assert ANSWERS_SESSION_KEY.format(survey.pk) not in session.get_decoded()
    # The responses keep the day and nothing finer, and nothing that names anyone.
    responses = Response.objects.filter(survey=survey)
    today = timezone.localdate()
    assert set(responses.values_list("submitted_at", flat=True)) == {
        timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    }
    assert not responses.filter(user__isnull=False).exists()

    # By time: nothing the people did is near the time a response keeps.
    assert time_join(survey) == {}
    # By order: no order of the people lines up with any order of the responses (chance
    # alone gets about one person right; all twelve, less than once in ten million runs).
    for (people_order, response_order), right in rank_joins(survey, people, truth).items():
        assert right < PEOPLE, (people_order, response_order)
    # The keys are the day's, drawn at random: they order the days, not the people.
    day = (today - KEY_EPOCH).days
    keys = [
        *responses.values_list("pk", flat=True),
        *Answer.objects.filter(survey=survey).values_list("pk", flat=True),
    ]
    assert {key >> KEY_RANDOM_BITS for key in keys} == {day}
    # Tallies too: the lowest ids are not the keys the first response created.
    assert all(
        pk >= RANDOM_KEY_MIN
        for pk in AnswerTally.objects.filter(survey=survey).values_list("pk", flat=True)
    )
    assert tallies.stored_counts(survey.pk) == tallies.computed_counts(survey.pk, responses)


def test_nothing_written_while_people_answer_carries_a_time_on_the_response_side(client):
    """Every moment any table holds from the minutes the people answered is on the
    people's side (their login, their session); none is on the side of what they said."""
    survey = every_type_survey(anonymous=True)
    before = timezone.now()
    answer_all(client, survey)
    after = timezone.now()

    written_then = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (isinstance(field, models.DateTimeField) and field.concrete):
                continue
            if model.objects.filter(**{f"{field.name}__range": (before, after)}).exists():
                written_then.add(f"{model._meta.label_lower}.{field.name}")

    assert written_then <= {"accounts.user.last_login", "accounts.user.date_joined"}, written_then
    # (Sessions say when they expire: the day they were saved, plus two weeks.)


# One response per person, still ----------------------------------------------------------


def test_a_resident_answers_an_anonymous_survey_once(client):
    survey = every_type_survey(anonymous=True)
    person = UserFactory()
    answer_through_the_form(client, survey, person)
    client.force_login(person)

    assert "You have already answered this survey" in client.get(survey.url).content.decode()
    with pytest.raises(services.AlreadyAnswered):
        services.submit_response(survey, raw(survey, ANSWERS), user=person)
    assert Response.objects.filter(survey=survey).count() == 1
    assert tallies.stored_counts(survey.pk)[tallies.RESPONSES] == 1


@pytest.mark.parametrize("anonymous", [True, False])
def test_whether_a_survey_is_anonymous_cannot_change_once_it_has_responses(anonymous):
    unanswered = every_type_survey(anonymous=anonymous)
    unanswered.anonymous = not anonymous
    unanswered.clean()  # no responses yet: fine
    survey = every_type_survey(anonymous=anonymous)
    services.submit_response(survey, raw(survey, ANSWERS))

    survey.anonymous = not anonymous
    with pytest.raises(ValidationError) as refused:
        survey.clean()
    assert "already has responses" in " ".join(refused.value.message_dict["anonymous"])


# Results, exports and filters keep working with days ---------------------------------------


def test_texts_of_an_anonymous_survey_come_newest_day_first(client):
    from surveys.results.summary import survey_results

    survey = every_type_survey(anonymous=True)
    today = timezone.localdate()
    for days_ago in (3, 0, 7):
        when = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(9))
        )
        services.submit_response(
            survey,
            raw(survey, {**ANSWERS, 1: f"{days_ago} days ago"}),
            channel=Channel.PAPER,
            submitted_at=when,
        )

    _count, results = survey_results(survey)
    street = next(r for r in results if r.question.number == 1)
    assert [a.text for a in street.texts.answers] == ["0 days ago", "3 days ago", "7 days ago"]
    week = survey_results(survey, {"since": today - datetime.timedelta(days=3), "until": today})
    assert week[0] == 2


def test_the_export_of_an_anonymous_survey_gives_no_date_and_no_id(client):
    from tests.surveys.test_exports import as_dicts, download

    survey = every_type_survey(anonymous=True)
    response = services.submit_response(survey, raw(survey, ANSWERS))
    client.force_login(UserFactory(is_superuser=True))

    table = download(client, survey)
    (row,) = as_dicts(table)

    assert "Submitted at" not in row and "Response ID" not in row
    assert row["1. Your street"] == "Elm Street"
    day = timezone.localdate()
    text = "\n".join(",".join(cells) for cells in table)
    for shown in (day.isoformat(), day.strftime("%d/%m/%Y"), str(response.pk)):
        assert shown not in text


# Responses stored before: the migration ----------------------------------------------------


def test_the_migration_makes_earlier_anonymous_responses_untraceable():
    migration = importlib.import_module("surveys.migrations.0003_untraceable_anonymous_responses")
    survey = every_type_survey(anonymous=True)
    named = every_type_survey()
    people = [UserFactory() for _ in range(4)]
    moment = timezone.now().replace(microsecond=0)
    old = []
    # As the code before stored them: a participation and a response a moment apart,
    # sequential ids, answers and tallies with them; and a draft left behind.
    for number, person in enumerate(people):
        Participation.objects.create(survey=survey, user=person)
        response = Response.objects.create(
            survey=survey, submitted_at=moment + datetime.timedelta(seconds=number)
        )
        Answer.objects.create(
            response=response,
            survey=survey,
            question=question(survey, 1).id,
            text=street(person),
            submitted_at=response.submitted_at,
        )
        old.append(response.pk)
    Draft.objects.create(survey=survey, user=people[0], answers={"x": "y"})
    tallies.rebuild(survey.pk)
    counts = tallies.stored_counts(survey.pk)
    old_tally_ids = set(AnswerTally.objects.values_list("pk", flat=True))
    kept = services.submit_response(named, raw(named, ANSWERS), user=people[0])

    migration.untraceable(apps, None)

    assert RespondentSet.objects.get(survey=survey).users == sorted(p.pk for p in people)
    assert list(Participation.objects.values_list("survey", flat=True)) == [named.pk]
    assert not Draft.objects.filter(survey=survey).exists()
    responses = Response.objects.filter(survey=survey)
    assert not responses.filter(pk__in=old).exists()
    day = timezone.localdate(moment)
    assert set(responses.values_list("submitted_at", flat=True)) == {
        timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    }
    assert {pk >> KEY_RANDOM_BITS for pk in responses.values_list("pk", flat=True)} == {
        (day - KEY_EPOCH).days
    }
    texts = Answer.objects.filter(survey=survey).values_list("text", "response__submitted_at")
    assert sorted(text for text, _when in texts) == sorted(street(p) for p in people)
    assert tallies.stored_counts(survey.pk) == counts
    assert not old_tally_ids & set(
        AnswerTally.objects.filter(survey=survey).values_list("pk", flat=True)
    )
    # The survey that names people is left as it was.
    assert Response.objects.get(survey=named) == kept
    assert Response.objects.get(survey=named).submitted_at == kept.submitted_at


def test_day_keys_sort_by_day():
    monday, tuesday = datetime.date(2026, 3, 2), datetime.date(2026, 3, 3)
    keys = [day_key(monday) for _ in range(50)]
    assert max(keys) < min(day_key(tuesday) for _ in range(50))
    assert len(set(keys)) == 50 and all(RANDOM_KEY_MIN < key < 2**62 for key in keys)
