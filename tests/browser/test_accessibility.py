"""axe-core finds no serious or critical accessibility problems on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, DESKTOP, PHONE, log_in

FAILING_IMPACTS = {"serious", "critical"}

PUBLIC_PAGES = [
    "/en/",
    "/es/",
    "/en/search/",
    "/en/search/?q=city",
    "/en/accounts/login/",
    "/en/accounts/signup/",
    "/en/accounts/password/reset/",
    "/en/surveys/",
]


@pytest.fixture(scope="module")
def axe():
    return Axe()


def describe(path, violations):
    lines = []
    for violation in violations:
        targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"])
        lines.append(
            f"{path}: {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"    targets: {targets}"
        )
    return "\n".join(lines)


def serious_violations(axe, page, path):
    """A report of the serious/critical violations on the page ("" if none).

    Milder ones are printed (shown with -rA or when the test fails).
    """
    # Its styles first: before them the colours are the browser's, and so is the contrast.
    page.wait_for_load_state("load")
    violations = axe.run(page).response["violations"]
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    milder = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if milder:
        print(describe(path, milder))
    return describe(path, serious)


def test_public_pages_have_no_serious_violations(demo_site, page, axe, external_requests):
    problems = []
    for path in PUBLIC_PAGES:
        response = page.goto(demo_site + path)
        assert response.ok, f"{path} answered {response.status}"
        report = serious_violations(axe, page, path)
        if report:
            problems.append(report)
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    external_requests.assert_none()


def test_profile_page_has_no_serious_violations(demo_site, page, axe, external_requests):
    log_in(page, demo_site, "resident@example.org", DEMO_PASSWORD)
    response = page.goto(f"{demo_site}/en/profile/")
    assert response.ok, f"/en/profile/ answered {response.status}"
    assert page.url == f"{demo_site}/en/profile/", "not logged in: redirected to " + page.url
    report = serious_violations(axe, page, "/en/profile/")
    assert not report, "axe found serious/critical violations:\n" + report
    external_requests.assert_none()


@pytest.mark.parametrize("path", ["/en/", "/es/"])
def test_home_page_fits_a_320px_screen(demo_site, page, path, external_requests):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(demo_site + path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, (
        f"{path} scrolls sideways at 320 px: the page is {scroll_width} px wide"
    )
    external_requests.assert_none()


# seed_demo's campaign that nobody has translated: the Spanish site shows Wagtail's alias.
ENGLISH_ONLY_CAMPAIGN = "A name for the new Center City library"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_english_only_campaign_is_marked_english_on_the_spanish_site(
    demo_site, page, axe, viewport, external_requests
):
    page.set_viewport_size(viewport)
    page.goto(f"{demo_site}/es/ideas/")
    problems = [serious_violations(axe, page, f"/es/ideas/ at {viewport['width']} px")]

    # The list: the English title carries lang="en", the tag beside it is Spanish.
    link = page.get_by_role("link", name=ENGLISH_ONLY_CAMPAIGN)
    expect(link).to_be_visible()
    expect(link).to_have_attribute("lang", "en")
    tag = page.locator(".campaign-item", has=link).locator(".language-tag")
    expect(tag).to_be_visible()
    expect(tag).to_have_text("En inglés")
    expect(tag).to_have_attribute("lang", "es")

    with page.expect_navigation():
        link.click()
    assert "/es/ideas/" in page.url, page.url
    expect(page.locator("html")).to_have_attribute("lang", "es")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(ENGLISH_ONLY_CAMPAIGN)
    expect(heading).to_have_attribute("lang", "en")
    expect(page.locator(".idea-campaign__question")).to_have_attribute("lang", "en")
    expect(page.locator(".page__intro")).to_have_attribute("lang", "en")
    notice = page.locator(".language-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("lang", "es")
    expect(notice).to_contain_text("Esta campaña está en inglés: aún no se ha traducido.")
    # Engage's own words around the English content stay Spanish, without lang="en".
    submit = page.get_by_role("link", name="Enviar una idea")
    expect(submit).to_be_visible()
    assert submit.evaluate("a => a.closest('[lang]').lang") == "es"
    problems.append(serious_violations(axe, page, f"{page.url} at {viewport['width']} px"))

    problems = [report for report in problems if report]
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= viewport["width"], f"the campaign page scrolls sideways: {scroll_width}"
    external_requests.assert_none()
