"""The report form offers the answers about the chosen kind of problem before anything is
filed, and "This answered my question" counts a request avoided."""

import pytest

from engage.reports.models import AnswerFeedback, ServiceReport
from tests.reports.contact_center_factories import make_answer, translate_answer
from tests.reports.factories import CategoryFactory, translate_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    category = CategoryFactory(code="missed-trash", name="Missed trash collection")
    translate_category(category, name="Recolección de basura omitida")
    return category


def test_the_second_step_offers_the_related_answers(client, category):
    answer = make_answer(
        "My trash was not picked up. What should I do?",
        summary="Leave it out; crews come back within two working days.",
        categories=[category],
    )
    make_answer("Who removes snow on my street?")

    html = client.get("/en/reports/new/", {"category": "missed-trash"}).content.decode()

    assert "This may answer your question" in html
    assert "My trash was not picked up. What should I do?" in html
    assert "Leave it out; crews come back within two working days." in html
    assert f'action="{answer.url}feedback/"' in html
    assert 'name="source" value="report_form"' in html
    assert "Who removes snow on my street?" not in html


def test_without_related_answers_the_form_is_as_before(client, category):
    make_answer("Who removes snow on my street?")

    html = client.get("/en/reports/new/", {"category": "missed-trash"}).content.decode()

    assert "This may answer your question" not in html


def test_the_spanish_form_offers_the_spanish_answers(client, category):
    answer = make_answer("My trash was not picked up. What should I do?", categories=[category])
    translate_answer(
        answer,
        title="No recogieron mi basura. ¿Qué hago?",
        slug="no-recogieron",
        summary="Déjela afuera.",
    )

    html = client.get("/es/reports/new/", {"category": "missed-trash"}).content.decode()

    assert "No recogieron mi basura. ¿Qué hago?" in html
    assert "My trash was not picked up" not in html


def test_this_answered_my_question_files_nothing_and_counts_an_avoided_request(client, category):
    answer = make_answer("My trash was not picked up. What should I do?", categories=[category])
    client.get("/en/reports/new/", {"category": "missed-trash"})

    client.post(answer.url + "feedback/", {"helpful": "yes", "source": "report_form"})

    assert not ServiceReport.objects.exists()
    feedback = AnswerFeedback.objects.get()
    assert (feedback.avoided_request, feedback.source) == (True, "report_form")
