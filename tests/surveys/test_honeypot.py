"""The honeypot on a survey answered without an account."""

import pytest

from engage.core import honeypot
from surveys.models import Response
from tests.surveys.factories import post_data

pytestmark = pytest.mark.django_db

FIRST_PAGE = {1: "Elm Street", 2: "12", 3: "Yes", 4: ["Walk", "Play"]}
SECOND_PAGE = {
    5: "4",
    6: "2026-05-01",
    7: ["Trees", "Lights", "Benches"],
    8: {"Paths": "Good", "Toilets": "Bad"},
    9: "More bins, please.",
}


def send(client, survey, answers, step, action="next", **extra):
    return client.post(survey.url, post_data(survey, answers, step=step, action=action, **extra))


def test_the_survey_form_carries_the_honeypot_for_people_without_an_account(client, survey):
    page = client.get(survey.url).content.decode()

    assert 'class="engage-honeypot" aria-hidden="true"' in page


def test_a_bot_stores_no_response_and_its_answers_are_shown_again(client, survey):
    send(client, survey, FIRST_PAGE, step=0)

    response = send(client, survey, SECOND_PAGE, step=1, action="submit", website="http://x")

    assert response.status_code == 400
    page = response.content.decode()
    assert str(honeypot.REFUSED_MESSAGE) in page
    assert "More bins, please." in page
    assert not Response.objects.exists()


def test_a_person_answering_quickly_is_not_taken_for_a_bot(client, survey, settings):
    settings.HONEYPOT_MIN_SECONDS = 2
    send(client, survey, FIRST_PAGE, step=0)

    response = send(
        client,
        survey,
        SECOND_PAGE,
        step=1,
        action="submit",
        website="",
        form_started=honeypot.started_stamp(),
    )

    assert response.status_code == 302
    assert Response.objects.count() == 1
