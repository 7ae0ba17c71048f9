"""The demo curriculum "How my city works": five lessons in order, English and Spanish as
Wagtail translations with the same block ids, timings that add up, safe to load again."""

import io

import pytest
from pypdf import PdfReader
from wagtail.models import Locale, Revision

from youth.demo.curriculum import LESSONS, load_demo_curriculum
from youth.models import CurriculumPage, LessonPage

from .factories import youth_section

pytestmark = pytest.mark.django_db

ENGLISH_TITLES = [
    "What local government does",
    "311 and how to report",
    "A neighborhood walk",
    "Meeting the people who fix things",
    "Making a difference",
]


@pytest.fixture
def demo():
    youth_section()
    return load_demo_curriculum()


def spanish():
    return Locale.objects.get(language_code="es")


def test_there_is_no_demo_curriculum_without_the_youth_section():
    assert load_demo_curriculum() is None
    assert not CurriculumPage.objects.exists()


def test_the_five_lessons_are_published_in_order_in_english_and_spanish(demo):
    assert demo.title == "How my city works"
    assert demo.locale.language_code == "en"
    assert [lesson.title for lesson in demo.lessons()] == ENGLISH_TITLES

    demo_es = demo.get_translation(spanish())
    assert demo_es.live
    assert demo_es.title == "Cómo funciona mi ciudad"
    lessons_es = list(demo_es.specific.lessons())
    assert [lesson.title for lesson in lessons_es] == [spec["es"]["title"] for spec in LESSONS]
    for lesson, lesson_es in zip(demo.lessons(), lessons_es, strict=True):
        assert lesson_es.translation_key == lesson.translation_key
        assert lesson_es.alias_of_id is None  # a translation of its own, not a mirror
        # The same blocks, each with the same id, in Spanish.
        assert [b.id for b in lesson_es.body] == [b.id for b in lesson.body]
        assert [b.block_type for b in lesson_es.body] == [b.block_type for b in lesson.body]
        assert lesson_es.body.render_as_block() != lesson.body.render_as_block()


def test_every_lesson_has_objectives_timed_activities_that_add_up_and_a_handout(demo):
    for lesson in LessonPage.objects.filter(locale__language_code__in=["en", "es"]):
        kinds = {block.block_type for block in lesson.body}
        assert {"objectives", "materials", "activity", "discussion", "vocabulary"} <= kinds
        assert lesson.handout_blocks(), lesson.title
        assert lesson.activity_minutes() == lesson.duration_minutes, lesson.title


def test_loading_the_demo_again_changes_nothing(demo):
    pages = LessonPage.objects.count() + CurriculumPage.objects.count()
    revisions = Revision.objects.count()

    assert load_demo_curriculum() == demo

    assert LessonPage.objects.count() + CurriculumPage.objects.count() == pages == 12
    assert Revision.objects.count() == revisions


def test_a_spanish_translation_edited_away_from_the_demo_is_brought_back(demo):
    walk_es = LessonPage.objects.get(slug="un-recorrido-por-el-barrio")
    walk_es.body = []
    walk_es.save_revision().publish()

    load_demo_curriculum()

    walk_es.refresh_from_db()
    assert walk_es.activity_minutes() == 90


def test_the_spanish_lesson_and_its_handout_are_in_spanish(client, demo):
    walk_es = LessonPage.objects.get(slug="un-recorrido-por-el-barrio")

    page = client.get(walk_es.url)
    handout = client.get(walk_es.url + "handout/")

    assert page.status_code == 200
    assert '<html lang="es">' in page.content.decode()
    assert "Mi hoja del recorrido" in page.content.decode()
    reader = PdfReader(io.BytesIO(handout.content))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Mi hoja del recorrido" in text
    assert "basura tirada ilegalmente" in text
