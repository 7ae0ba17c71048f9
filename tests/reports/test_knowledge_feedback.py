""" "Did this answer your question?" on an answer's page and in the report form: counted,
the comment kept for staff only, CSRF-checked and rate-limited per address."""

import pytest
from django.test import Client

from engage.reports.models import AnswerFeedback
from tests.reports.contact_center_factories import make_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer():
    return make_answer("When is my trash collected?")


def feedback_url(answer):
    return answer.url + "feedback/"


def test_a_yes_is_counted_and_the_reader_thanked(client, answer):
    response = client.post(feedback_url(answer), {"helpful": "yes"}, follow=True)

    feedback = AnswerFeedback.objects.get()
    assert (feedback.page_id, feedback.helpful, feedback.source) == (answer.pk, True, "page")
    assert not feedback.avoided_request
    assert feedback.language == "en"
    assert response.redirect_chain[-1][0].startswith(answer.url)
    assert "Thank you for telling us" in response.content.decode()


def test_a_no_keeps_the_comment_for_staff_and_never_shows_it(client, answer):
    client.post(feedback_url(answer), {"helpful": "no", "comment": "  It does not say holidays.  "})

    feedback = AnswerFeedback.objects.get()
    assert (feedback.helpful, feedback.comment) == (False, "It does not say holidays.")
    assert "holidays" not in client.get(answer.url).content.decode()


def test_without_yes_or_no_nothing_is_kept_and_the_comment_stays_in_the_form(client, answer):
    response = client.post(feedback_url(answer), {"comment": "Half an answer"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose “Yes” or “No”." in html
    assert "Half an answer" in html
    assert not AnswerFeedback.objects.exists()


def test_a_source_that_does_not_exist_is_refused(client, answer):
    response = client.post(feedback_url(answer), {"helpful": "yes", "source": "robot"})

    assert response.status_code == 400
    assert not AnswerFeedback.objects.exists()


def test_feedback_is_only_posted(client, answer):
    assert client.get(feedback_url(answer)).status_code == 405


def test_feedback_needs_the_csrf_token(answer):
    strict = Client(enforce_csrf_checks=True)

    assert strict.post(feedback_url(answer), {"helpful": "yes"}).status_code == 403
    assert not AnswerFeedback.objects.exists()


def test_a_yes_from_the_report_form_is_a_request_avoided(client, answer):
    response = client.post(
        feedback_url(answer), {"helpful": "yes", "source": "report_form"}, follow=True
    )

    feedback = AnswerFeedback.objects.get()
    assert (feedback.source, feedback.avoided_request) == ("report_form", True)
    assert "Nothing was reported" in response.content.decode()


def test_a_no_from_the_report_form_avoids_nothing(client, answer):
    client.post(feedback_url(answer), {"helpful": "no", "source": "report_form"})

    assert not AnswerFeedback.objects.get().avoided_request


def test_one_address_is_limited_and_told_to_wait(client, answer, settings):
    settings.KNOWLEDGE_FEEDBACK_RATE = "2/h"
    for _ in range(2):
        client.post(feedback_url(answer), {"helpful": "yes"})

    response = client.post(feedback_url(answer), {"helpful": "no", "comment": "Third"})

    assert response.status_code == 429
    html = response.content.decode()
    assert "Please try again later." in html
    assert "Third" in html
    assert AnswerFeedback.objects.count() == 2
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(feedback_url(answer), {"helpful": "yes"}).status_code == 302
    assert AnswerFeedback.objects.count() == 3


def test_a_spanish_reader_is_recorded_in_spanish(client, answer):
    from tests.reports.contact_center_factories import translate_answer

    spanish = translate_answer(answer, title="¿Cuándo recogen mi basura?", slug="basura")

    client.post(feedback_url(spanish), {"helpful": "yes"})

    feedback = AnswerFeedback.objects.get()
    assert (feedback.page_id, feedback.language) == (spanish.pk, "es")
