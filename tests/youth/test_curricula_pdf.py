"""The whole-curriculum PDF and the lesson handout, read back with pypdf: cover, contents
with the right page numbers, each lesson from a new page, page numbers in the footer;
the handout's take-home blocks and the line for the handout code."""

import io
import re
from unittest import mock

import pytest
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from youth.exports import curricula as curricula_exports

from .factories import make_curriculum

pytestmark = pytest.mark.django_db


def lesson_body(number):
    return [
        ("objectives", [f"Objective of lesson {number}"]),
        (
            "activity",
            {
                "title": f"Activity of lesson {number}",
                "minutes": 30,
                "instructions": "<p>Walk the block and note what you see.</p>",
            },
        ),
        ("discussion", [f"Question of lesson {number}?"]),
        ("vocabulary", [{"term": f"word{number}", "definition": f"meaning of word{number}"}]),
        ("handout", {"title": f"Take home {number}", "text": f"<p>Homework {number}.</p>"}),
    ]


def curriculum_with_bodies(lessons):
    curriculum = make_curriculum(lessons=lessons, for_educators="<p>Plan the walk ahead.</p>")
    for number, lesson in enumerate(curriculum.lessons(), 1):
        lesson.body = lesson_body(number)
        lesson.save_revision().publish()
    return curriculum


def pages_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return [re.sub(r"[ \t]+", " ", page.extract_text()) for page in reader.pages]


def test_the_curriculum_pdf_has_a_cover_contents_with_page_numbers_and_a_page_per_lesson(client):
    curriculum = curriculum_with_bodies(lessons=3)

    pages = pages_of(client.get(curriculum.url + "pdf/"))

    total = len(pages)
    assert curriculum.title in pages[0]
    assert "3 lessons" in pages[0]
    assert f"/ {total}" not in pages[0]  # no page number on the cover
    assert pages[1].lstrip().startswith("Contents")
    contents = dict(re.findall(r"(Notes for educators|Lesson \d: Lesson \d)[ .]*(\d+)", pages[1]))
    assert set(contents) == {
        "Notes for educators",
        "Lesson 1: Lesson 1",
        "Lesson 2: Lesson 2",
        "Lesson 3: Lesson 3",
    }
    assert "Plan the walk ahead." in pages[int(contents["Notes for educators"]) - 1]
    for number in (1, 2, 3):
        page_number = int(contents[f"Lesson {number}: Lesson {number}"])
        page = pages[page_number - 1]
        # The lesson starts its page, which carries its number in the footer.
        assert page.lstrip().startswith(f"Lesson {number}"), page[:80]
        assert f"Objective of lesson {number}" in page
        assert f"{page_number} / {total}" in page
    lesson_starts = [int(contents[f"Lesson {n}: Lesson {n}"]) for n in (1, 2, 3)]
    assert lesson_starts == sorted(set(lesson_starts))
    assert total >= lesson_starts[-1]


def test_the_curriculum_pdf_is_made_again_only_when_a_lesson_is_published(client):
    curriculum = make_curriculum(lessons=1)
    lesson = curriculum.lessons().get()
    url = curriculum.url + "pdf/"

    with mock.patch.object(
        curricula_exports, "render_pdf", wraps=curricula_exports.render_pdf
    ) as render:
        client.get(url)
        client.get(url)
        assert render.call_count == 1
        lesson.title = "Meeting the crew"
        lesson.save_revision().publish()
        pages = pages_of(client.get(url))
        assert render.call_count == 2
    assert "Lesson 1: Meeting the crew" in pages[1]


def test_the_handout_holds_what_students_take_home_and_a_line_for_their_code(client):
    curriculum = curriculum_with_bodies(lessons=2)
    second = curriculum.lessons()[1]

    response = client.get(second.url + "handout/")

    text = " ".join(pages_of(response))
    assert f"{curriculum.title} · Lesson 2" in text
    assert "My handout code:" in text
    for shown in ("Take home 2", "Homework 2.", "word2", "meaning of word2"):
        assert shown in text
    # The educator's material stays in the curriculum: not on the students' sheet.
    for hidden in ("Objective of lesson 2", "Activity of lesson 2", "Question of lesson 2?"):
        assert hidden not in text
    assert 'filename="lesson-2-handout.pdf"' in response["Content-Disposition"]


def test_a_private_curriculum_prints_for_nobody_who_may_not_see_it(client):
    curriculum = make_curriculum(lessons=1)
    lesson = curriculum.lessons().get()
    PageViewRestriction.objects.create(page=curriculum, restriction_type="login")

    for url in (curriculum.url + "pdf/", lesson.url + "handout/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
