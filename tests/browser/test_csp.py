"""The Content-Security-Policy holds in a real browser: the main public pages, with their
scripts working, and the Wagtail admin (dashboard and editors) break none of its rules.

Violations are caught twice: the ``securitypolicyviolation`` event, reported from every
frame through an exposed function, and Chromium's "Refused to …" console messages.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ExternalRequests
from tests.browser.helpers import DEMO_PASSWORD, log_in
from tests.browser.test_reports import new_page

CAMPAIGN_URL = "/en/ideas/parks-in-kensington/"
SURVEY_URL = "/en/surveys/resident-satisfaction-2026/"
YOUTH_POST_URL = "/en/surveys/youth-program-after/"

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
        `at ${event.sourceFile || event.documentURI}:${event.lineNumber} ${event.sample}`
    );
});
"""


class Violations:
    """Every CSP violation reported in one browser context."""

    def __init__(self, context):
        self.found = []
        context.expose_function("cspViolation", self._event)
        context.add_init_script(REPORT_VIOLATIONS)

    def watch(self, page):
        page.on("console", self._console)
        return page

    def _event(self, text):
        self.found.append(text)

    def _console(self, message):
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            self.found.append(f"console: {message.text}")

    def take(self):
        found, self.found = self.found, []
        return found


@pytest.fixture
def violations(page):
    found = Violations(page.context)
    found.watch(page)
    return found


def visit(page, violations, url, *, policy="public"):
    """Open ``url``, wait until its scripts have run, and return its violations."""
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    header = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in header, f"{url} has no Content-Security-Policy: {header!r}"
    if policy == "public":
        assert "unsafe-inline" not in header, f"{url} allows inline code: {header}"
    page.wait_for_load_state("networkidle")
    return [f"{url}: {found}" for found in violations.take()]


def test_the_violation_watch_sees_what_the_policy_blocks(demo_site, page, violations):
    """The watch works, and a style set through the CSSOM (as Leaflet does) is allowed."""
    assert not visit(page, violations, demo_site + "/en/")
    page.evaluate("document.body.style.outline = '1px solid transparent'")
    page.wait_for_timeout(100)
    assert not violations.take(), "a style set through element.style was blocked"
    page.evaluate("document.body.setAttribute('style', 'outline: 1px solid transparent')")
    page.wait_for_timeout(100)
    assert any("style-src" in found for found in violations.take())


def test_public_pages_break_no_rule_of_the_policy(demo_site, page, violations, external_requests):
    found = []
    for path in (
        "/en/",
        "/es/",
        "/en/search/?q=park",
        "/en/accounts/login/",
        "/en/accounts/signup/",
        "/en/ideas/",
        CAMPAIGN_URL,
        "/en/reports/",
        "/en/reports/new/",
        "/en/surveys/",
        SURVEY_URL,
    ):
        found += visit(page, violations, demo_site + path)

    page.goto(demo_site + CAMPAIGN_URL)
    idea_url = demo_site + page.locator(".idea-card a").first.get_attribute("href")
    found += visit(page, violations, idea_url)

    # The map: Leaflet positions its panes and markers with element.style (allowed).
    found += visit(page, violations, demo_site + "/en/reports/map/")
    expect(page.locator("#report-map .leaflet-interactive").first).to_be_attached()
    report_url = demo_site + page.locator("#report-map-list a").first.get_attribute("href")
    found += visit(page, violations, report_url)

    # The filing form: the map picker and "Use my location" (static/js/geolocate.js).
    found += visit(page, violations, demo_site + "/en/reports/new/?category=graffiti")
    expect(page.get_by_role("button", name="Use my location")).to_be_visible()
    expect(page.locator("#filing-map .leaflet-pane").first).to_be_attached()
    page.locator("#filing-map").click()
    expect(page.get_by_label("Latitude")).not_to_have_value("")
    found += [f"report form: {v}" for v in violations.take()]

    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)
    external_requests.assert_none()


def test_resident_and_staff_pages_break_no_rule_of_the_policy(
    demo_site, page, violations, external_requests
):
    found = []
    log_in(page, demo_site, "staff@example.org", DEMO_PASSWORD)
    found += [f"login: {v}" for v in violations.take()]
    for path in (
        "/en/profile/",
        YOUTH_POST_URL + "results/",
        YOUTH_POST_URL + "compare/",
        SURVEY_URL + "results/?neighborhood=kensington",
    ):
        found += visit(page, violations, demo_site + path)
    found += visit(page, violations, demo_site + CAMPAIGN_URL)
    page.get_by_role("link", name="Submit an idea").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#filing-map .leaflet-pane").first).to_be_attached()
    found += [f"idea form: {v}" for v in violations.take()]
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)
    external_requests.assert_none()


def test_wagtail_admin_works_under_its_policy(demo_site, browser):
    admin_requests = ExternalRequests(demo_site)
    with new_page(browser, admin_requests) as staff:
        violations = Violations(staff.context)
        violations.watch(staff)
        staff.goto(f"{demo_site}/admin/login/")
        login = staff.locator("form.login-form")
        login.locator("input[name=username]").fill("staff@example.org")
        login.locator("input[name=password]").fill(DEMO_PASSWORD)
        with staff.expect_navigation():
            login.locator("button[type=submit]").click()
        assert "/admin/login/" not in staff.url, "staff could not log in to the admin"
        found = visit(staff, violations, f"{demo_site}/admin/", policy="admin")
        expect(staff.locator("[data-side-panel-toggle], .sidebar").first).to_be_attached()

        # A page editor: the home page, with its StreamField and preview panel.
        staff.goto(f"{demo_site}/admin/pages/")
        edit_links = staff.locator("a[href*='/admin/pages/'][href$='/edit/']")
        found += visit(
            staff, violations, demo_site + edit_links.first.get_attribute("href"), policy="admin"
        )
        expect(staff.locator("form[data-edit-form], #page-edit-form").first).to_be_visible()

        # A snippet editor with an inline panel (a category's extra questions).
        staff.goto(f"{demo_site}/admin/snippets/reports/servicecategory/")
        category = staff.locator("a[href*='/servicecategory/edit/']").first
        found += visit(
            staff, violations, demo_site + category.get_attribute("href"), policy="admin"
        )
        expect(staff.locator("[data-inline-panel-child]").first).to_be_attached()
        found += [f"editor: {v}" for v in violations.take()]

    assert not found, "Content-Security-Policy violations in the admin:\n" + "\n".join(found)
    admin_requests.assert_none()
