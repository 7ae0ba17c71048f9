"""Answers that cannot be stored (control characters such as NUL) are refused beside their
question, whatever the button, and everything else the person gave is kept."""

import pytest

from surveys.models import AccessCode, Draft, Response
from tests.surveys.factories import make_survey, post_data, q, question

pytestmark = pytest.mark.django_db

FIRST_PAGE = {1: "Elm Street", 2: "12", 3: "Yes", 4: ["Walk", "Play"]}
MESSAGE = "Your answer contains invisible control characters"


def send(client, survey, answers, step, action="next"):
    return client.post(survey.url, post_data(survey, answers, step=step, action=action))


@pytest.mark.parametrize("action", ["save", "next", "back"])
def test_a_text_answer_with_nul_is_refused_and_the_rest_kept(client, survey, resident, action):
    client.force_login(resident)

    response = send(client, survey, {**FIRST_PAGE, 1: "Elm\x00Street"}, step=0, action=action)

    assert response.status_code == 400
    content = response.content.decode()
    assert MESSAGE in content
    assert 'value="12"' in content  # the other answers are still there
    draft = Draft.objects.filter(user=resident).first()
    assert draft is None or question(survey, 1).id not in draft.answers


def test_the_draft_keeps_the_good_answers_once_the_bad_one_is_fixed(client, survey, resident):
    client.force_login(resident)
    send(client, survey, {**FIRST_PAGE, 1: "Elm\x00Street"}, step=0, action="save")

    response = send(client, survey, FIRST_PAGE, step=0, action="save")

    assert response.status_code == 200
    assert Draft.objects.get(user=resident).answers[question(survey, 1).id] == "Elm Street"


def test_a_long_answer_with_nul_cannot_be_submitted(client, survey):
    send(client, survey, FIRST_PAGE, step=0)
    last = {5: "4", 6: "2026-05-01", 7: ["Trees", "Lights", "Benches"]}
    last |= {8: {"Paths": "Good", "Toilets": "Bad"}, 9: "More\x00bins"}

    response = send(client, survey, last, step=1, action="submit")

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert Response.objects.count() == 0


def test_other_text_with_a_control_character_is_refused(client, survey):
    response = send(client, survey, {**FIRST_PAGE, 3: ("Other", "By\x01bike")}, step=0)

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_an_access_code_with_nul_opens_nothing(client):
    survey = make_survey([q.short("Your view")], audience="code")
    AccessCode.objects.create(survey=survey, code="ABCD-1234")

    typed = client.post(survey.url, {"access_code": "ABCD\x00-1234"}, follow=True)
    in_address = client.get(survey.url, {"code": "ABCD\x00-1234"})

    assert "That code does not open this survey" in typed.content.decode()
    assert in_address.status_code == 200
    assert in_address.context["refusal"] is not None  # still asks for a code
