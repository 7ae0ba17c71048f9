"""axe-core finds no serious or critical problem on the demo curriculum and its lessons,
in English and Spanish, at desktop size and on a 390-px phone (where nothing scrolls
sideways); an educator finds the printable handout and the curriculum PDF on a lesson.

The pages are reached the way people reach them: from the Youth programs section, by
following links (youth/demo/curriculum.py)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, log_in
from tests.browser.test_liaisons_pages import (
    assert_no_problems,
    follow,
    problems_at_both_sizes,
    visit,
)

DEMO_EDUCATOR = "educator@example.org"
DEMO = {
    "en": {
        "section": "youth",
        "curriculum": "How my city works",
        "lesson": "311 and how to report",
        "handout": "Print the handout for students (PDF)",
    },
    "es": {
        "section": "jovenes",
        "curriculum": "Cómo funciona mi ciudad",
        "lesson": "El 311 y cómo reportar",
    },
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("language", ["en", "es"])
def test_curriculum_and_lesson_pages(demo_site, page, axe, language, external_requests):
    demo = DEMO[language]
    visit(page, f"{demo_site}/{language}/{demo['section']}/")
    follow(page, demo["curriculum"])
    expect(page.locator("h1")).to_have_text(demo["curriculum"])
    expect(page.locator(".curriculum__lesson")).to_have_count(5)
    problems = problems_at_both_sizes(page, axe)

    follow(page, demo["lesson"])
    expect(page.locator("h1")).to_have_text(demo["lesson"])
    expect(page.locator(".lesson-activity").first).to_be_visible()
    expect(page.locator(".lesson__print")).to_have_count(0)  # not for a visitor
    problems += problems_at_both_sizes(page, axe)
    assert_no_problems(problems, external_requests)


def test_an_educator_prints_a_lesson_handout(demo_site, page, axe, external_requests):
    log_in(page, demo_site, DEMO_EDUCATOR, DEMO_PASSWORD)
    visit(page, f"{demo_site}/en/youth/")
    follow(page, DEMO["en"]["curriculum"])
    follow(page, DEMO["en"]["lesson"])
    handout = page.get_by_role("link", name=DEMO["en"]["handout"])
    expect(handout).to_be_visible()
    problems = problems_at_both_sizes(page, axe)

    response = page.request.get(demo_site + handout.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert_no_problems(problems, external_requests)
