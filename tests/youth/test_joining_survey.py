"""The survey hand-off: the session's survey opened with its code, and the answers paired
with the participant's handout code only where consent allows it."""

import pytest
from django.test import Client
from django.utils import timezone

from surveys import pairing
from surveys.models import AccessCode, Response
from tests.surveys.factories import make_survey, post_data, q
from tests.youth.joining_support import *  # noqa: F403 (the fixtures)
from tests.youth.joining_support import (
    HOME_URL,
    NAME_URL,
    SURVEY_URL,
    enter_code,
    join_as,
    messages_of,
)
from youth.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(program):
    survey = make_survey([q.single("Do you know what 311 is?", ["Yes", "No"])], audience="code")
    program.pre_survey = survey
    program.save()
    return survey


@pytest.fixture
def survey_session(session, survey):
    """The open session runs the survey before, with its code, as opening it does."""
    session.survey = Session.Survey.PRE
    session.survey_segment = f"{session.program.name} · {session.title}"
    session.access_code = AccessCode.objects.create(
        survey=survey,
        code=session.join_code,
        segment=session.survey_segment,
        valid_until=session.open_until,
    )
    session.save()
    return session


def answer(client, survey):
    """Follow the hand-off to the survey and send the answer "Yes"."""
    response = client.post(SURVEY_URL)
    assert response.status_code == 302
    client.get(response["Location"])
    client.post(survey.url, post_data(survey, {1: "Yes"}, step=0, action="submit"))
    return response


def test_the_survey_opens_with_the_session_code_and_pairs_with_the_handout_code(
    client, survey_session, survey, ana
):
    join_as(client, survey_session, ana)
    page = client.get(HOME_URL).content.decode()

    response = answer(client, survey)

    assert "Answer the survey" in page
    assert response["Location"] == f"{survey.url}?code={survey_session.join_code}"
    stored = Response.objects.get()
    assert stored.segment == survey_session.survey_segment
    assert stored.pair_key == pairing.pseudonym(ana.token)
    assert ana.token not in stored.pair_key


def test_consent_withdrawn_after_joining_means_answers_are_not_paired(
    client, survey_session, survey, ana
):
    join_as(client, survey_session, ana)
    ana.consents.update(withdrawn_at=timezone.now())

    answer(client, survey)

    assert Response.objects.get().pair_key == ""


def test_joining_without_a_name_with_a_handout_code_pairs_the_answers(
    client, survey_session, survey, ana
):
    enter_code(client, survey_session)
    client.post(NAME_URL, {"action": "anonymous", "anonymous-handout_code": ana.token})

    answer(client, survey)

    assert Response.objects.get().pair_key == pairing.pseudonym(ana.token)


def test_a_handout_code_without_consent_joins_without_a_name_and_without_pairing(
    client, survey_session, survey, bo
):
    enter_code(client, survey_session)
    response = client.post(
        NAME_URL, {"action": "anonymous", "anonymous-handout_code": bo.token}, follow=True
    )

    answer(client, survey)

    assert "Your answers cannot be linked to your handout yet" in messages_of(response)[0]
    assert "You joined without a name." in response.content.decode()
    assert Response.objects.get().pair_key == ""


def test_a_shared_tablet_does_not_carry_the_last_childs_pairing(
    client, survey_session, survey, ana
):
    from tests.youth.joining_support import LEAVE_URL

    join_as(client, survey_session, ana)
    client.post(SURVEY_URL)  # Ana opens the survey but does not answer
    client.post(LEAVE_URL)
    join_as(client, survey_session, None)

    answer(client, survey)

    assert Response.objects.get().pair_key == ""


def test_a_session_without_a_survey_offers_none(client, session, ana):
    join_as(client, session, ana)

    page = client.get(HOME_URL).content.decode()
    response = client.post(SURVEY_URL, follow=True)

    assert "Answer the survey" not in page
    assert "This session has no survey to answer." in messages_of(response)


def test_the_survey_cannot_be_started_without_joining(survey_session):
    response = Client().post(SURVEY_URL)

    assert response.status_code == 302
    assert "/join/" in response["Location"]
