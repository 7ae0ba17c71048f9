"""The demo knowledge base: Answers / Respuestas, twenty answers in both languages, each
with topics, categories and an owner, a few past their review date; loaded twice, once."""

import pytest
from wagtail.models import Locale

from engage.reports.demo import ensure_categories
from engage.reports.knowledge import demo, services
from engage.reports.models import KnowledgeAnswerPage, KnowledgeIndexPage
from tests.ideas.factories import home_page

pytestmark = pytest.mark.django_db


def test_the_demo_answers_in_english_and_spanish_load_once():
    english, _ = Locale.objects.get_or_create(language_code="en")
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    home = home_page()
    home.copy_for_translation(spanish).save_revision().publish()
    categories = ensure_categories(english, spanish)

    demo.load_demo()
    demo.load_demo()

    index = KnowledgeIndexPage.objects.get(locale=english)
    assert (index.title, index.slug) == ("Answers", "answers")
    assert KnowledgeIndexPage.objects.get(locale=spanish).slug == "respuestas"
    english_answers = KnowledgeAnswerPage.objects.live().filter(locale=english)
    spanish_answers = KnowledgeAnswerPage.objects.live().filter(locale=spanish)
    assert english_answers.count() == spanish_answers.count() == len(demo.ANSWERS) == 20
    assert all(a.owner_department_id for a in english_answers)
    assert all(a.topics.exists() for a in spanish_answers)
    snow = spanish_answers.get(slug="quien-quita-la-nieve")
    assert [t.name for t in snow.topics.all()] == ["Nieve y clima"]
    assert {a.title for a in services.related_answers(categories["missed-trash"], "es")} >= {
        "¿Cuándo recogen mi basura?"
    }
    due = services.answers_due_for_review()
    assert 2 <= len([a for a in due if a.locale_id == english.pk]) <= 6
