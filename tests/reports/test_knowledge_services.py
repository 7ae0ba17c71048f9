"""The knowledge base's shared functions: the answers about a category, the search agents
and residents use, and readings counted without losing one."""

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale

from engage.reports.knowledge import services
from engage.reports.models import AnswerViews
from tests.concurrency import run_together
from tests.reports.contact_center_factories import make_answer, translate_answer
from tests.reports.factories import CategoryFactory, translate_category


@pytest.fixture
def category(db):
    category = CategoryFactory(code="pothole", name="Pothole")
    translate_category(category, name="Bache")
    return category


@pytest.mark.django_db
def test_related_answers_are_those_about_the_category_in_the_language(category, settings):
    settings.KNOWLEDGE_RELATED_ANSWERS = 2
    fix = make_answer("How long does it take to fix a pothole?", categories=[category])
    make_answer("Who repairs a broken sidewalk?", categories=[category])
    make_answer("A third pothole answer?", categories=[category])
    make_answer("When is my trash collected?")
    spanish = translate_answer(fix, title="¿Cuánto tardan en arreglar un bache?", slug="bache")

    english = services.related_answers(category, "en")
    assert [a.title for a in english] == [
        "A third pothole answer?",
        "How long does it take to fix a pothole?",
    ]
    assert services.related_answers(category, "es") == [spanish]
    # The Spanish category is the same kind of problem.
    spanish_category = category.get_translation(Locale.objects.get(language_code="es"))
    assert services.related_answers(spanish_category, "es") == [spanish]
    assert services.related_answers(None, "en") == []


@pytest.mark.django_db
def test_drafts_are_never_offered(category):
    answer = make_answer("How long does it take to fix a pothole?", categories=[category])
    answer.unpublish()

    assert services.related_answers(category, "en") == []
    assert services.search_answers("pothole", "en") == []


@pytest.mark.django_db
def test_search_answers_finds_the_words_in_the_title_and_the_short_answer():
    snow = make_answer("Who removes snow on my street?", summary="The Streets Department plows.")
    make_answer("When is my trash collected?", summary="Once a week.")

    assert services.search_answers("plows", "en") == [snow]
    assert services.search_answers("snow street", "en") == [snow]
    assert services.search_answers("  ", "en") == []
    assert services.search_answers('"*:', "en") == []
    # No Spanish answers: an English one is not offered instead.
    assert services.search_answers("snow", "es") == []
    assert services.search_answers("snow", None) == [snow]


# Like every concurrency test: the rows the migrations made (the roles' groups) are put
# back after the flush, instead of being made again by post_migrate under the next test's.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_readers_at_the_same_moment_are_all_counted():
    answer = make_answer("When is my trash collected?")
    readers = 8

    outcomes = run_together([lambda: services.count_view(answer)] * readers)

    assert outcomes == [None] * readers
    row = AnswerViews.objects.get(page=answer)
    assert (row.day, row.views) == (timezone.localdate(), readers)
