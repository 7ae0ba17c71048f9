"""The paper version of a survey (PDF), read back as a person holding it would read it."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from tests.surveys.factories import make_survey, q
from tests.surveys.test_exports import spanish_copy


def paper_url(survey):
    return survey.url + survey.reverse_subpage("paper_pdf_view")


def fetch(client, survey):
    response = client.get(paper_url(survey))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def text_of(response):
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Words wrapped onto the next line read as one line again.
    return reader, re.sub(r"\s+", " ", text)


@pytest.mark.django_db
def test_anyone_can_print_the_survey_with_every_question_numbered(client, survey):
    response = fetch(client, survey)

    assert response["Content-Disposition"] == f'inline; filename="{survey.slug}.pdf"'
    reader, text = text_of(response)
    assert len(reader.pages) >= 1
    assert survey.title in text
    for question in survey.structure.questions:
        assert f"{question.number}. {question.label}" in text
    # Every option, row and column is printed to tick.
    for label in ("Yes", "No", "Walk", "Picnic", "Lights", "Benches", "Paths", "Toilets", "Good"):
        assert label in text
    assert "Other (please say what):" in text
    assert "Tick 1 to 3." in text  # question 4's min and max choices
    assert "A number from 0 to 100." in text
    # The rating scale with its end labels.
    assert "Poor" in text and "Excellent" in text
    assert "Tick one, from 1 to 5." in text
    # The survey's two pages are two parts.
    assert "Part 1 of 2" in text and "Part 2 of 2" in text
    assert "About you" in text  # the section heading
    assert "Questions marked * need an answer." in text


@pytest.mark.django_db
def test_display_conditions_are_written_out(client):
    survey = make_survey(
        [
            q.single("Do you have children?", ["Yes", "No"]),
            q.multiple("Which do you use?", ["Library", "Pool"]),
            q.short("Their ages", condition=(1, "Yes")),
            q.rating("How is the pool?", condition=(2, "Pool")),
        ]
    )

    _reader, text = text_of(fetch(client, survey))

    assert "Answer only if you answered “Yes” to question 1." in text
    assert "Answer only if you ticked “Pool” in question 2." in text


@pytest.mark.django_db
def test_a_translation_prints_in_its_language_with_its_own_option_labels(client, survey):
    spanish = spanish_copy(
        survey, {3: "¿Usa el parque?", 4: "¿Qué hace allí?"}, {"Yes": "Sí", "Walk": "Caminar"}
    )

    response = fetch(client, spanish)

    assert response["Content-Disposition"] == f'inline; filename="{spanish.slug}.pdf"'
    _reader, text = text_of(response)
    assert "3. ¿Usa el parque?" in text
    assert "Caminar" in text
    # The condition (always the default-language survey's) names the Spanish option.
    assert "«Sí»" in text  # Spanish quotes, from the Spanish catalog


@pytest.mark.django_db
def test_the_closing_date_and_the_online_address_are_on_the_form(client):
    closes = timezone.now() + datetime.timedelta(days=30)
    survey = make_survey([q.short("Your idea")], closes_at=closes)

    _reader, text = text_of(fetch(client, survey))

    assert "Please hand in this form by" in text
    assert survey.full_url in text.replace(" ", "")


@pytest.mark.django_db
def test_a_private_survey_is_not_printed_for_visitors_who_may_not_see_it(client, user_factory):
    survey = make_survey([q.short("Staff only")])
    PageViewRestriction.objects.create(page=survey, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(paper_url(survey))
    assert response.status_code == 302
    assert response["Content-Type"] != "application/pdf"

    client.force_login(user_factory())
    assert fetch(client, survey)


@pytest.mark.django_db
def test_a_republished_survey_prints_its_new_questions(client):
    survey = make_survey([q.short("First wording")])
    _reader, text = text_of(fetch(client, survey))
    assert "First wording" in text

    blocks = survey.questions.get_prep_value()
    blocks[0]["value"]["label"] = "Second wording"
    survey.questions = blocks
    survey.save_revision().publish()
    survey.refresh_from_db()

    _reader, text = text_of(fetch(client, survey))
    assert "Second wording" in text
    assert "First wording" not in text
