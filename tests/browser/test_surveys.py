"""Surveys in a real browser: a resident answers the demo's three-page survey, a question
appears when its display condition is met (without a reload), the thank-you page links
to the results; Enter goes to the next page, the "Other" box has a label, numbers count
the questions shown and an error moves the focus to the summary, in English and Spanish,
on a desktop and a phone; the pre/post table fits at 1,280 px; a date typed in the
browser's date field is read right on both sites; and the survey, results and comparison
pages pass axe-core."""

import re
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, log_in
from tests.browser.test_accessibility import serious_violations

SURVEY_URL = "/en/surveys/resident-satisfaction-2026/"
YOUTH_POST_URL = "/en/surveys/youth-program-after/"


@pytest.fixture(scope="module")
def axe():
    return Axe()


def test_answer_a_multi_page_survey_with_a_display_condition(
    demo_site, page, axe, external_requests
):
    problems = []
    page.goto(demo_site + SURVEY_URL)
    expect(page.get_by_text("Page 1 of 3")).to_be_visible()
    problems.append(serious_violations(axe, page, "survey page 1"))

    # Page 1: an error first (a number out of range), and the typed answers stay.
    page.get_by_label("What street do you live on?").fill("Frankford Avenue")
    page.get_by_label("How many years have you lived in the city?").fill("140")
    with page.expect_navigation():
        page.get_by_role("button", name="Next").click()
    expect(page.locator(".filing-error-summary")).to_contain_text(
        "Please enter a number of at most 100."
    )
    expect(page.get_by_label("What street do you live on?")).to_have_value("Frankford Avenue")
    problems.append(serious_violations(axe, page, "survey page 1 with an error"))
    page.get_by_label("How many years have you lived in the city?").fill("14")
    with page.expect_navigation():
        page.get_by_role("button", name="Next").click()

    # Page 2: "What do you use the park for?" shows only after "Yes", in place.
    expect(page.get_by_text("Page 2 of 3")).to_be_visible()
    page.get_by_label("Bus or trolley").check()
    park_use = page.locator(".survey-question", has_text="What do you use the park for?")
    expect(park_use).to_be_hidden()
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("group", name=re.compile("Do you visit a park")).get_by_label("Yes").check()
    expect(park_use).to_be_visible()
    assert page.evaluate("window.stillTheSamePage === true"), "the page reloaded"
    park_use.get_by_label("Walking or running").check()
    park_use.get_by_label("Walking a dog").check()
    page.locator(".survey-question--rating").get_by_role("radio", name="4", exact=True).check()
    matrix = page.locator(".survey-matrix")
    for row in ("Street cleaning", "Street lighting", "Trash and recycling pickup"):
        matrix.get_by_label(f"{row}: Good").check()
    matrix.get_by_label("Parks and playgrounds: Excellent").check()
    problems.append(serious_violations(axe, page, "survey page 2"))
    with page.expect_navigation():
        page.get_by_role("button", name="Next").click()

    # Page 3: rank, then send.
    expect(page.get_by_text("Page 3 of 3")).to_be_visible()
    ranking = page.locator(".survey-question--ranking")
    for place, option in enumerate(
        [
            "Public safety",
            "Repairing streets and sidewalks",
            "Libraries",
            "Parks and recreation centers",
        ],
        1,
    ):
        ranking.get_by_label(option).select_option(str(place))
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()

    expect(page).to_have_url(re.compile(r"/thanks/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    with page.expect_navigation():
        page.get_by_role("link", name="See the results so far").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Results")
    problems.append(serious_violations(axe, page, "results page"))

    # The same browser cannot answer again.
    page.goto(demo_site + SURVEY_URL)
    expect(page.locator("main")).to_contain_text("You have already answered this survey")

    problems = [p for p in problems if p]
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    external_requests.assert_none()


def test_staff_results_and_comparison_pages_pass_axe(demo_site, page, axe, external_requests):
    log_in(page, demo_site, "staff@example.org", DEMO_PASSWORD)
    problems = []
    for path in (
        "/en/surveys/",
        YOUTH_POST_URL + "results/",
        YOUTH_POST_URL + "compare/",
        SURVEY_URL + "results/?neighborhood=kensington",
    ):
        response = page.goto(demo_site + path)
        assert response.ok, f"{path} answered {response.status}"
        report = serious_violations(axe, page, path)
        if report:
            problems.append(report)
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    external_requests.assert_none()


SPANISH_SURVEY_URL = "/es/encuestas/satisfaccion-residentes-2026/"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def number_of(page, label):
    """The number shown in front of the question labelled ``label``."""
    question = page.locator(".survey-question", has_text=label)
    return question.locator(".survey-question__number").inner_text().strip()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_enter_goes_on_other_has_a_label_numbers_and_error_focus(
    demo_site, page, axe, external_requests, viewport
):
    page.set_viewport_size(VIEWPORTS[viewport])
    problems = []
    page.goto(demo_site + SURVEY_URL)
    expect(page.get_by_role("heading", name="Before you answer")).to_be_visible()
    page.get_by_label("What street do you live on?").fill("Frankford Avenue")
    page.get_by_label("How many years have you lived in the city?").fill("14")
    with page.expect_navigation():
        page.get_by_label("How many years have you lived in the city?").press("Enter")
    expect(page.get_by_text("Page 2 of 3")).to_be_visible()

    # An error: the summary at the top takes the focus, the title says "Error:".
    with page.expect_navigation():
        page.get_by_role("button", name="Next").click()
    summary = page.locator("#survey-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary.get_by_role("link").first).to_contain_text("Please")
    problems.append(serious_violations(axe, page, f"survey page 2 with errors ({viewport})"))

    # Question 5 is asked only after "Yes": until then the next question is number 5.
    rating = "Overall, how satisfied are you with city services?"
    expect(
        page.locator(".survey-question", has_text=rating).locator(".survey-question__number")
    ).to_have_text("5.")
    park = page.get_by_role("group", name=re.compile("Do you visit a park"))
    park.get_by_label("Yes").check()
    expect(
        page.locator(".survey-question", has_text=rating).locator(".survey-question__number")
    ).to_have_text("6.")
    park.get_by_label("No").check()
    expect(
        page.locator(".survey-question", has_text=rating).locator(".survey-question__number")
    ).to_have_text("5.")

    # "Other", with a box of its own, found by its label.
    page.get_by_role("radio", name="Other", exact=True).check()
    other = page.get_by_label("If other, please say what:")
    other.fill("Scooter")
    page.locator(".survey-question--rating").get_by_role("radio", name="4", exact=True).check()
    matrix = page.locator(".survey-matrix")
    for row in ("Street cleaning", "Street lighting", "Trash and recycling pickup"):
        matrix.get_by_label(f"{row}: Good").check()
    matrix.get_by_label("Parks and playgrounds: Excellent").check()
    problems.append(serious_violations(axe, page, f"survey page 2 ({viewport})"))

    # Enter in a text field on page 2 goes on to page 3, never back to page 1.
    with page.expect_navigation():
        other.press("Enter")
    expect(page.get_by_text("Page 3 of 3")).to_be_visible()
    problems.append(serious_violations(axe, page, f"survey page 3 ({viewport})"))

    problems = [p for p in problems if p]
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    external_requests.assert_none()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_spanish_survey_pages_pass_axe_and_take_the_focus_on_error(
    demo_site, page, axe, external_requests, viewport
):
    page.set_viewport_size(VIEWPORTS[viewport])
    problems = []
    page.goto(demo_site + SPANISH_SURVEY_URL)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    problems.append(serious_violations(axe, page, f"Spanish survey page 1 ({viewport})"))
    with page.expect_navigation():
        page.locator("#survey-form button[value=next]").click()
    expect(page.locator("#survey-error-summary")).to_be_focused()
    problems.append(serious_violations(axe, page, f"Spanish survey errors ({viewport})"))
    problems = [p for p in problems if p]
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    external_requests.assert_none()


def test_the_pre_post_table_fits_at_1280_px(demo_site, page, axe, external_requests):
    log_in(page, demo_site, "staff@example.org", DEMO_PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site + YOUTH_POST_URL + "compare/")
    tables = page.locator(".survey-comparison .survey-result__data .survey-result__table-wrap")
    assert tables.count() > 0
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll(
            '.survey-comparison .survey-result__data .survey-result__table-wrap')]
            .filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1).length"""
    )
    assert overflowing == 0, f"{overflowing} comparison tables scroll sideways at 1,280 px"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size(VIEWPORTS["phone"])
    report = serious_violations(axe, page, "comparison (phone)")
    assert not report, report
    external_requests.assert_none()


# The browser's own date field (kept rather than USWDS's date picker: docs/architecture.md)
# shows a date in the browser's format and sends YYYY-MM-DD, which both sites read the same.
# (Headless Chromium lays the field out month first whatever the locale; real browsers follow
# their own language.)
RESULTS_URLS = {
    "en": "/en/surveys/resident-satisfaction-2026/results/",
    "es": SPANISH_SURVEY_URL + "results/",
}


@pytest.mark.parametrize("language", RESULTS_URLS)
def test_a_date_typed_in_the_browsers_date_field_is_read_right_on_both_sites(
    demo_site, page, axe, external_requests, language
):
    results_url = RESULTS_URLS[language]
    log_in(page, demo_site, "staff@example.org", DEMO_PASSWORD, language=language)
    page.goto(demo_site + results_url)
    total = page.locator(".survey-results__total strong")
    everyone = int(total.inner_text())
    # A week ago: the demo's responses are spread over the last 60 days.
    since = date.today() - timedelta(days=7)

    field = page.locator(".survey-results__filters-form input[name=since]")
    expect(field).to_have_attribute("type", "date")
    field.focus()
    page.keyboard.type(since.strftime("%m%d%Y"), delay=20)
    expect(field).to_have_value(since.isoformat())
    report = serious_violations(axe, page, f"{results_url} with a date typed")
    assert not report, report
    with page.expect_navigation():
        page.locator(".survey-results__filters-form button[type=submit]").click()

    assert f"since={since.isoformat()}" in page.url, page.url
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(field).to_have_value(since.isoformat())
    filtered = int(total.inner_text())
    assert 0 < filtered < everyone, (filtered, everyone)
    external_requests.assert_none()
