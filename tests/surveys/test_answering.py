"""Answering a survey through its pages: steps, errors that keep every answer, the
thank-you page, saving for later, and one response per person."""

import re

import pytest

from surveys.models import Answer, Channel, Draft, Participation, Response
from tests.surveys.factories import make_survey, option_id, post_data, q, question

pytestmark = pytest.mark.django_db

FIRST_PAGE = {1: "Elm Street", 2: "12", 3: "Yes", 4: ["Walk", "Play"]}
SECOND_PAGE = {
    5: "4",
    6: "2026-05-01",
    7: ["Trees", "Lights", "Benches"],
    8: {"Paths": "Good", "Toilets": "Bad"},
    9: "More bins, please.",
}


def is_checked(response, name, value):
    pattern = rf'id="{re.escape(name)}-{value}"\s+value="{value}"\s+checked'
    return re.search(pattern, response.content.decode()) is not None


def send(client, survey, answers, step, action="next"):
    return client.post(survey.url, post_data(survey, answers, step=step, action=action))


def test_a_survey_page_shows_its_first_page_with_progress(client, survey):
    response = client.get(survey.url)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Page 1 of 2" in content
    assert question(survey, 1).label in content
    assert question(survey, 5).label not in content  # on page 2


def test_answering_both_pages_stores_one_response_and_thanks(client, survey):
    first = send(client, survey, FIRST_PAGE, step=0)
    assert "Page 2 of 2" in first.content.decode()

    last = send(client, survey, SECOND_PAGE, step=1, action="submit")

    assert last.status_code == 302
    assert last["Location"].endswith("/thanks/")
    thanks = client.get(last["Location"])
    assert "Thank you" in thanks.content.decode()
    stored = Response.objects.get()
    assert stored.channel == Channel.WEB and stored.user is None
    texts = set(Answer.objects.filter(response=stored).values_list("text", flat=True))
    assert {"Elm Street", "More bins, please."} <= texts


def test_a_missing_required_answer_is_named_and_keeps_the_rest(client, survey):
    response = send(client, survey, {1: "Elm Street", 2: "12"}, step=0)

    assert response.status_code == 400
    content = response.content.decode()
    assert "Please answer this question." in content
    assert 'value="Elm Street"' in content
    assert 'value="12"' in content
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({2: "101"}, "Please enter a number of at most 100."),
        ({2: "many"}, "Please enter a number, such as 12 or 3.5."),
        ({4: ["Walk", "Play", "Sport", "Picnic"]}, "Please choose at most 3 options."),
        ({3: ("Other", "")}, "You chose “Other”: please say what."),
    ],
)
def test_bad_values_get_a_clear_message(client, survey, answers, message):
    response = send(client, survey, {**FIRST_PAGE, **answers}, step=0)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_tampered_option_is_refused_and_nothing_is_stored(client, survey):
    data = post_data(survey, FIRST_PAGE, step=0, action="next")
    data[question(survey, 3).name] = "not-an-option"

    response = client.post(survey.url, data)

    assert response.status_code == 400
    assert "Please choose one of the options offered." in response.content.decode()


def test_an_answer_to_a_question_of_another_survey_is_ignored(client, survey):
    other = make_survey([q.short("Elsewhere")])
    data = post_data(survey, FIRST_PAGE, step=0)
    data[question(other, 1).name] = "sneaky"
    send_first = client.post(survey.url, data)
    assert send_first.status_code == 200

    send(client, survey, SECOND_PAGE, step=1, action="submit")

    assert not Answer.objects.filter(text="sneaky").exists()
    assert Response.objects.filter(survey=survey).count() == 1


def test_back_keeps_the_answers_of_both_pages(client, survey):
    send(client, survey, FIRST_PAGE, step=0)
    back = send(client, survey, {5: "2"}, step=1, action="back")

    content = back.content.decode()
    assert "Page 1 of 2" in content
    assert 'value="Elm Street"' in content
    forward = send(client, survey, FIRST_PAGE, step=0)
    assert is_checked(forward, question(survey, 5).name, "2")


def test_a_hidden_question_is_skipped_and_its_answer_dropped(client, survey):
    answers = {**FIRST_PAGE, 3: "No"}  # question 4 is only for "Yes"
    send(client, survey, answers, step=0)
    send(client, survey, SECOND_PAGE, step=1, action="submit")

    stored = Response.objects.get()
    assert not Answer.objects.filter(response=stored, question=question(survey, 4).id).exists()


def test_a_closed_survey_refuses_answers(client, survey):
    from django.utils import timezone

    survey.closes_at = timezone.now()
    survey.save_revision().publish()

    page = client.get(survey.url)
    post = send(client, survey, FIRST_PAGE, step=0)

    assert "This survey closed on" in page.content.decode()
    assert post.status_code == 403
    assert not Response.objects.exists()


def test_a_survey_not_yet_open_says_when_it_opens(client, survey):
    from datetime import timedelta

    from django.utils import timezone

    survey.opens_at = timezone.now() + timedelta(days=3)
    survey.save_revision().publish()

    assert "This survey opens on" in client.get(survey.url).content.decode()


def test_logged_in_people_answer_once(client, survey, resident):
    client.force_login(resident)
    send(client, survey, FIRST_PAGE, step=0)
    send(client, survey, SECOND_PAGE, step=1, action="submit")

    again = client.get(survey.url)

    assert "You have already answered this survey" in again.content.decode()
    assert Participation.objects.filter(survey=survey, user=resident).count() == 1
    assert Response.objects.get().user == resident


def test_an_anonymous_survey_keeps_no_link_to_the_person(client, resident):
    anonymous = make_survey([q.short("Your view")], anonymous=True)
    client.force_login(resident)

    client.post(anonymous.url, post_data(anonymous, {1: "Fine"}, step=0, action="submit"))

    assert Response.objects.get().user is None
    assert (
        not Participation.objects.exists()
    )  # no row per person: see tests/surveys/test_anonymity.py
    assert "You have already answered this survey" in client.get(anonymous.url).content.decode()


def test_an_anonymous_visitor_is_asked_once_by_cookie(client):
    short = make_survey([q.short("Your view")])
    client.post(short.url, post_data(short, {1: "Fine"}, step=0, action="submit"))

    again = client.get(short.url)

    assert "You have already answered this survey" in again.content.decode()


def test_anonymous_responses_are_rate_limited_per_address(client, settings):
    settings.SURVEY_ANONYMOUS_RATE = 2
    short = make_survey([q.short("Your view")])
    for _attempt in range(3):
        client.cookies.clear()
        last = client.post(short.url, post_data(short, {1: "Fine"}, step=0, action="submit"))

    assert last.status_code == 429
    assert Response.objects.count() == 2


def test_save_and_continue_later_restores_the_answers(client, survey, resident):
    client.force_login(resident)
    send(client, survey, FIRST_PAGE, step=0)
    send(client, survey, {5: "3"}, step=1, action="save")
    assert Draft.objects.filter(user=resident).exists()

    client.logout()
    client.force_login(resident)  # a new session
    resumed = client.get(survey.url)

    assert "Page 2 of 2" in resumed.content.decode()
    assert is_checked(resumed, question(survey, 5).name, "3")
    assert not is_checked(resumed, question(survey, 5).name, "4")


def test_a_residents_only_survey_sends_visitors_to_log_in(client):
    residents = make_survey([q.short("Your view")], audience="residents")

    response = client.get(residents.url)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_neighborhood_survey_is_for_its_residents(client, user_factory, neighborhood_factory):
    kensington = neighborhood_factory(name="Kensington", slug="kensington")
    other = neighborhood_factory(name="Fishtown", slug="fishtown")
    survey = make_survey(
        [q.short("Your view")], audience="neighborhoods", neighborhoods=[kensington]
    )
    outsider = user_factory(email="out@example.org", home_neighborhood=other)
    insider = user_factory(email="in@example.org", home_neighborhood=kensington)

    client.force_login(outsider)
    refused = client.get(survey.url).content.decode()
    client.force_login(insider)
    allowed = client.get(survey.url).content.decode()

    assert "This survey is for residents of Kensington" in refused
    assert question(survey, 1).label in allowed


def test_a_code_survey_opens_with_its_code_and_records_the_segment(client):
    from surveys.models import AccessCode

    survey = make_survey([q.single("Fun?", ["Yes", "No"])], audience="code")
    AccessCode.objects.create(survey=survey, code="PARK24", segment="Hunting Park session")

    closed = client.get(survey.url).content.decode()
    wrong = client.post(survey.url, {"access_code": "NOPE"}, follow=True).content.decode()
    opened = client.post(survey.url, {"access_code": "park24"}, follow=True).content.decode()
    client.post(survey.url, post_data(survey, {1: "Yes"}, step=0, action="submit"))

    assert "Please enter the code you were given" in closed
    assert "That code does not open this survey" in wrong
    assert "Fun?" in opened
    assert Response.objects.get().segment == "Hunting Park session"
    assert option_id(survey, 1, "Yes") in Answer.objects.values_list("option", flat=True)


def test_a_post_without_the_csrf_token_is_refused_clearly(survey):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        survey.url, post_data(survey, FIRST_PAGE, step=0)
    )

    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
    assert not Response.objects.exists()
