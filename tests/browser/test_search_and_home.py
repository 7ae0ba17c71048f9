"""The site search and the home page in a real browser: searching everything from the
header's search box, narrowing to one kind, opening a result; the home page's sections;
axe-core on both, in English and Spanish, on a desktop and a 390-px phone.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import serious_violations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def test_search_across_kinds_from_the_header_and_open_a_result(demo_site, page, external_requests):
    page.goto(demo_site + "/en/")
    header_search = page.get_by_role("search").first
    header_search.get_by_label("Search the site").fill("park")
    with page.expect_navigation():
        header_search.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/en/search/\?q=park$"))
    results = page.locator("main")
    expect(results.get_by_role("heading", level=2)).to_contain_text(re.compile(r"\d+ results"))
    expect(results.get_by_role("heading", name=re.compile(r"^Pages \d+"))).to_be_visible()
    expect(results.get_by_role("heading", name=re.compile(r"^Ideas \d+"))).to_be_visible()

    # Only ideas, then open one.
    kinds = page.get_by_role("navigation", name="Kinds of results")
    with page.expect_navigation():
        kinds.get_by_role("link", name=re.compile(r"^Ideas")).click()
    expect(page).to_have_url(re.compile(r"kind=ideas"))
    expect(kinds.get_by_role("link", name=re.compile(r"^Ideas"))).to_have_attribute(
        "aria-current", "page"
    )
    title = "Shade trees around the Hissey Park playground"
    with page.expect_navigation():
        results.get_by_role("link", name=title).click()
    expect(page).to_have_url(re.compile(r"/en/ideas/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    external_requests.assert_none()


def test_search_finds_a_report_by_its_street_and_opens_it(demo_site, page, external_requests):
    page.goto(demo_site + "/en/search/")
    form = page.locator("main form[role=search]")
    form.get_by_label("Search pages, surveys, ideas and reported problems").fill("Girard")
    form.get_by_label("Look in").select_option("reports")
    with page.expect_navigation():
        form.get_by_role("button", name="Search").click()

    group = page.locator("#search-group-reports").locator("xpath=..")
    first = group.locator(".search-result a").first
    expect(first).to_contain_text("Report ")
    with page.expect_navigation():
        first.click()
    expect(page).to_have_url(re.compile(r"/en/reports/[0-9A-Z]+/$"))
    expect(page.locator("main")).to_contain_text("Girard")
    external_requests.assert_none()


def test_the_home_page_shows_life(demo_site, page, external_requests):
    page.goto(demo_site + "/en/")

    counts = page.locator("#home-counts")
    # Other browser tests file and close things in the same demo, so a count may be 1.
    expect(counts).to_contain_text(re.compile(r"\d+\s+problems? fixed this month"))
    expect(counts).to_contain_text(re.compile(r"\d+\s+ideas? submitted this month"))
    expect(counts).to_contain_text(re.compile(r"\d+\s+survey responses? this month"))
    for heading in ("Open surveys", "Trending ideas", "Recently fixed"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.locator("#home-recently-fixed .usa-card").first).to_be_visible()

    with page.expect_navigation():
        page.locator("#home-trending-ideas").get_by_role("link", name="All ideas").click()
    expect(page).to_have_url(re.compile(r"/en/ideas/$"))
    external_requests.assert_none()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_home_and_search_pass_axe_in_both_languages(
    demo_site, page, axe, viewport, external_requests
):
    page.set_viewport_size(viewport)
    problems = []
    for path in (
        "/en/",
        "/es/",
        "/en/search/?q=park",
        "/es/search/?q=parque",
        "/en/search/?q=park&kind=ideas",
        "/es/search/?q=limpieza&kind=pages",
        "/en/search/?q=" + "x" * 201,
    ):
        response = page.goto(demo_site + path)
        assert response.ok, f"{path} answered {response.status}"
        report = serious_violations(axe, page, path)
        if report:
            problems.append(report)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{path} scrolls sideways: {width} px"
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    external_requests.assert_none()
