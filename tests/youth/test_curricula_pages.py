"""The curriculum and lesson pages: where they live in the page tree, what they show (every
lesson block), who is offered the handout, and the slugs a curriculum may not take."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from PIL import Image
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from engage.accounts.roles import EDUCATOR, STAFF
from engage.core.demo import translate
from engage.core.models import HomePage, SectionPage
from tests.factories import UserFactory
from tests.ideas.factories import home_page
from youth import urls
from youth.models import CurriculumPage, LessonPage
from youth.models.curricula import RESERVED_SLUGS

from .factories import make_curriculum, youth_section

pytestmark = pytest.mark.django_db


def picture():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 90, 160)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title="Map of the walk", file=ImageFile(io.BytesIO(buffer.getvalue()), name="walk.png")
    )


def every_block():
    return [
        ("objectives", ["Name three city services"]),
        ("materials", ["Sticky notes"]),
        (
            "activity",
            {"title": "Sorting game", "minutes": 25, "instructions": "<p>Sort the notes.</p>"},
        ),
        ("discussion", ["Who fixes the streetlight?"]),
        ("vocabulary", [{"term": "work order", "definition": "the task a crew receives"}]),
        ("handout", {"title": "Homework", "text": "<p>Find three city things at home.</p>"}),
        ("paragraph", "<p>A word before you start.</p>"),
        ("image", {"image": picture(), "alt": "The route of the walk", "caption": "Our route"}),
        ("video", {"title": "How 311 works", "url": "https://example.org/311", "minutes": 4}),
    ]


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


class CurriculaPageTreeTest(WagtailPageTestCase):
    def test_a_curriculum_lives_in_a_section_and_holds_lessons_only(self):
        self.assertCanCreateAt(SectionPage, CurriculumPage)
        self.assertCanNotCreateAt(HomePage, CurriculumPage)
        self.assertCanCreateAt(CurriculumPage, LessonPage)
        self.assertCanNotCreateAt(SectionPage, LessonPage)
        self.assertAllowedSubpageTypes(CurriculumPage, {LessonPage})
        self.assertAllowedSubpageTypes(LessonPage, {})

    def test_both_pages_render_and_the_editor_opens(self):
        curriculum = make_curriculum(lessons=1, body=every_block())
        lesson = curriculum.lessons().get()
        self.assertPageIsRenderable(curriculum)
        self.assertPageIsRenderable(lesson)
        self.client.force_login(UserFactory(is_superuser=True, is_staff=True))
        assert self.client.get(f"/admin/pages/{lesson.pk}/edit/").status_code == 200


def test_the_curriculum_page_lists_its_live_lessons_in_order_with_their_length(client):
    curriculum = make_curriculum(lessons=3, ages="11–14")
    last = curriculum.lessons().last()
    last.unpublish()

    text = text_of(client.get(curriculum.url))

    assert "For ages 11–14" in text
    assert "2 lessons" in text
    assert "90 minutes in all" in text
    assert text.index("Lesson 1") < text.index("Lesson 2")
    assert "Lesson 3" not in text
    assert f'href="{curriculum.url}pdf/"' in text


def test_a_lesson_shows_every_block_it_is_written_in(client):
    curriculum = make_curriculum(lessons=1, body=every_block())
    lesson = curriculum.lessons().get()

    text = text_of(client.get(lesson.url))

    for shown in (
        "Name three city services",
        "Sticky notes",
        "Sorting game",
        "(25 minutes)",
        "Sort the notes.",
        "Who fixes the streetlight?",
        "<dt>work order</dt>",
        "the task a crew receives",
        "Homework",
        "Find three city things at home.",
        "A word before you start.",
        'alt="The route of the walk"',
        "Our route",
        'href="https://example.org/311"',
        "(4 minutes)",
    ):
        assert shown in text, shown
    # Headings in order: the lesson's title, then one level down for each block.
    assert re.search(r"<h1>\s*Lesson 1\s*</h1>", response_text := text)
    assert "<h3" not in response_text.split("</h1>", 1)[1].split("lesson__pager")[0]


def test_the_handout_is_offered_to_educators_and_staff_only(client):
    curriculum = make_curriculum(lessons=1)
    lesson = curriculum.lessons().get()
    assert lesson.handout_url() == f"{lesson.url}handout/"
    assert curriculum.pdf_url() == f"{curriculum.url}pdf/"
    handout_link = f'href="{lesson.url}handout/"'

    assert handout_link not in text_of(client.get(lesson.url))
    client.force_login(UserFactory())
    assert handout_link not in text_of(client.get(lesson.url))
    for role in (EDUCATOR, STAFF):
        client.force_login(UserFactory(roles=[role]))
        text = text_of(client.get(lesson.url))
        assert handout_link in text
        assert f'href="{curriculum.url}pdf/"' in text


def test_a_lesson_links_to_the_lessons_before_and_after_it(client):
    curriculum = make_curriculum(lessons=3)
    first, second, third = curriculum.lessons()

    text = text_of(client.get(second.url))

    assert "Lesson 2 of 3" in text
    assert f'href="{first.url}" rel="prev"' in text
    assert f'href="{third.url}" rel="next"' in text
    first_text = text_of(client.get(first.url))
    assert 'rel="prev"' not in first_text
    assert f'href="{second.url}" rel="next"' in first_text


def test_a_curriculum_cannot_take_the_slug_of_a_youth_page():
    youth_section()
    for slug in ("join", "programs"):
        curriculum = CurriculumPage(title="Join us", slug=slug)
        with pytest.raises(ValidationError) as refused:
            youth_section().add_child(instance=curriculum)
        assert "slug" in refused.value.message_dict


def test_the_reserved_slugs_cover_every_youth_url():
    first_words = {str(pattern.pattern).split("/", 1)[0] for pattern in urls.urlpatterns}
    assert first_words <= RESERVED_SLUGS


def test_an_untranslated_curriculum_says_so_and_marks_its_language(client):
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    translate(home_page(), spanish, {"title": "Inicio"})
    translate(youth_section(), spanish, {"title": "Programas juveniles", "slug": "jovenes"})
    # Pages added in the admin are mirrored in the Spanish tree (aliases) until translated.
    curriculum = make_curriculum(lessons=1)
    curriculum_es = curriculum.copy_for_translation(spanish, alias=True)
    lesson_es = curriculum.lessons().get().copy_for_translation(spanish, alias=True)
    assert curriculum_es.alias_of_id == curriculum.pk

    for page in (curriculum_es, lesson_es):
        text = text_of(client.get(page.url))
        assert 'language-notice" lang="es"' in text
        assert "aún no se ha traducido" in text  # the notice, in the reader's language
        assert re.search(r'<article class="(curriculum|lesson)" lang="en">', text)
    assert 'lang="en"' not in text_of(client.get(curriculum.url)).split("<main", 1)[1]
    # Its handout is printed as an English document (for screen readers), from /es/ too.
    handout = PdfReader(io.BytesIO(client.get(lesson_es.handout_url()).content))
    assert handout.trailer["/Root"]["/Lang"] == "en"
