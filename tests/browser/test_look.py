"""The USWDS frame: the city's name in the header, the mobile menu, and axe on the main
pages in both languages, on a desktop and a 390-px phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, DESKTOP, PHONE, log_in
from tests.browser.test_accessibility import serious_violations

DEMO_CITY = "City of Riverbend"  # seed_demo's CityBranding
SURVEY_URL = "/en/surveys/resident-satisfaction-2026/"


@pytest.fixture(scope="module")
def axe():
    return Axe()


def test_the_header_shows_the_city_from_the_branding_setting(demo_site, page):
    page.goto(f"{demo_site}/en/")

    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name=DEMO_CITY)).to_have_attribute("href", "/en/")
    expect(page).to_have_title(f"Your city is listening · {DEMO_CITY}")
    expect(page.get_by_role("contentinfo")).to_contain_text(DEMO_CITY)
    # On a desktop the main navigation is open, without a menu button.
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Ideas")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()


def test_the_menu_button_opens_the_navigation_on_a_phone(demo_site, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_site}/en/")
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    ideas = nav.get_by_role("link", name="Ideas")

    expect(ideas).to_be_hidden()
    # Keyboard only: Tab reaches the menu button, Enter opens the menu.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('usa-menu-btn')"):
            break
    else:
        pytest.fail("Tab never reached the menu button")
    page.keyboard.press("Enter")
    expect(ideas).to_be_visible()
    expect(page.locator(".usa-nav")).to_have_class("usa-nav is-visible")
    # Focus moves into the open menu; Escape closes it and returns to the button.
    page.keyboard.press("Escape")
    expect(ideas).to_be_hidden()
    expect(menu).to_be_focused()

    menu.click()
    with page.expect_navigation():
        ideas.click()
    assert page.url.endswith("/en/ideas/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ideas")


def test_the_menu_is_open_without_javascript_on_a_phone(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{demo_site}/en/")
        expect(
            page.get_by_role("navigation", name="Main").get_by_role("link", name="Ideas")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    finally:
        context.close()


def spanish_address(page):
    """The Spanish version of the page shown, from the header's language switcher."""
    return page.locator(
        "nav.engage-language-switcher form:has(input[name=language][value=es]) input[name=next]"
    ).get_attribute("value")


def main_pages(page, demo_site):
    """The pages every resident meets, in English (idea page found from the list)."""
    page.goto(f"{demo_site}/en/ideas/")
    idea = page.locator(".idea-card__title a").first.get_attribute("href")
    return [
        "/en/",
        "/en/ideas/",
        idea,
        "/en/reports/new/",
        SURVEY_URL,
        "/en/search/?q=park",
        "/en/profile/",
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_main_pages_have_no_serious_violations_in_both_languages(
    demo_site, page, axe, viewport, external_requests
):
    log_in(page, demo_site, "resident@example.org", DEMO_PASSWORD)
    page.set_viewport_size(viewport)
    problems = []
    for path in main_pages(page, demo_site):
        response = page.goto(demo_site + path)
        assert response.ok, f"{path} answered {response.status}"
        spanish = spanish_address(page)
        for address in (path, spanish):
            if address != path:
                response = page.goto(demo_site + address)
                assert response.ok, f"{address} answered {response.status}"
                expect(page.locator("html")).to_have_attribute("lang", "es")
            report = serious_violations(axe, page, f"{address} at {viewport['width']} px")
            if report:
                problems.append(report)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= viewport["width"], f"{address} scrolls sideways"
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    external_requests.assert_none()
