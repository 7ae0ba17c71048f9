"""The knowledge base in a real browser on a phone-sized screen: the index and answers in
English and Spanish pass axe-core; the report form offers the answers about the chosen kind
of problem, and "This answered my question" counts a request avoided; a reader tells us an
answer did not help."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import PHONE
from tests.browser.test_accessibility import serious_violations

PAGES = [
    "/en/answers/",
    "/en/answers/?topic=trash-and-recycling",
    "/en/answers/?q=snow",
    "/en/answers/when-is-my-trash-collected/",
    "/es/respuestas/",
    "/es/respuestas/cuando-recogen-mi-basura/",
]


@pytest.fixture(scope="module")
def axe():
    return Axe()


def test_knowledge_pages_have_no_serious_violations_on_a_phone(
    demo_site, page, axe, external_requests
):
    page.set_viewport_size(PHONE)
    problems = []
    for path in PAGES:
        response = page.goto(demo_site + path)
        assert response.status == 200, path
        problems.append(serious_violations(axe, page, f"{path} (390 px)"))
    external_requests.assert_none()
    assert not "".join(problems), "".join(problems)


def test_the_report_form_answers_the_question_and_counts_a_request_avoided(
    demo_site, page, server_python
):
    count = (
        "from engage.reports.models import AnswerFeedback;"
        "print(AnswerFeedback.objects.filter(avoided_request=True).count())"
    )
    before = int(server_python(count).splitlines()[-1])
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/en/reports/new/?category=missed-trash")

    answers = page.get_by_role("region", name="This may answer your question")
    expect(answers).to_be_visible()
    item = answers.locator("li").filter(has_text="My trash was not picked up. What should I do?")
    expect(item).to_contain_text("crews come back within two working days")
    item.get_by_role("button", name="This answered my question").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "My trash was not picked up. What should I do?"
    )
    expect(page.get_by_text("Nothing was reported")).to_be_visible()
    assert int(server_python(count).splitlines()[-1]) == before + 1


def test_a_reader_says_the_answer_did_not_help(demo_site, page, server_python):
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/en/answers/who-removes-snow/")

    page.get_by_role("button", name="Send").click()  # nothing chosen yet
    expect(page.get_by_text("Choose “Yes” or “No”.").first).to_be_visible()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Anything we should add or correct? (optional)").fill(
        "What about alleys? Browser test."
    )
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_text("Thank you for telling us.")).to_be_visible()
    kept = server_python(
        "from engage.reports.models import AnswerFeedback;"
        "f = AnswerFeedback.objects.filter(comment__contains='Browser test').get();"
        "print(f.helpful, f.page.slug)"
    ).splitlines()[-1]
    assert kept == "False who-removes-snow"
