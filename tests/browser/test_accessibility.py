"""axe-core finds no serious or critical accessibility problems on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import DEMO_PASSWORD, log_in

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
