"""axe-core finds no serious or critical problem on the liaisons' and volunteers' pages,
at desktop size and on a 390-px phone, where nothing scrolls sideways; no page loads
anything from outside the site.

The pages show the demo content (liaisons/demo.py). Its objects are reached the way people
reach them, by following links (an event by its title), never by guessed ids.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, DESKTOP, PHONE, log_in
from tests.browser.test_accessibility import serious_violations

DEMO_VOLUNTEER = "resident@example.org"  # Rosa M., a Kensington volunteer
NOT_A_VOLUNTEER = "educator@example.org"
DEMO_LIAISON = "liaison@example.org"  # Luis, the Kensington liaison

FULL_EVENT = "Somerset Street spring cleanup"  # upcoming, full, two on the waitlist
OPEN_EVENT = "Alley clean-up behind Sansom Street"  # upcoming, places free, Rosa not in it
PAST_EVENT = "Clean-up of the dumping on Hope Street"  # Luis's, with attendance and results
ADOPTED_BLOCK = "Hope Street, Berks to Norris"  # Rosa's

# Boxes that scroll or clip their content sideways (maps pan inside their frame: not them).
CLIPPED_BOXES = """() => [...document.querySelectorAll("body *")]
    .filter((box) => {
        const overflow = getComputedStyle(box).overflowX;
        return ["auto", "scroll", "hidden", "clip"].includes(overflow)
            && box.clientWidth > 1
            && box.scrollWidth > box.clientWidth + 1
            && !box.closest(".leaflet-container");
    })
    .map((box) => box.tagName.toLowerCase() + (box.id ? "#" + box.id : "")
        + [...box.classList].map((name) => "." + name).join(""))"""


@pytest.fixture(scope="module")
def axe():
    return Axe()


def problems_here(page, axe):
    """What is wrong with the page as shown now, at the current screen size."""
    width = page.viewport_size["width"]
    where = f"{page.url} at {width} px"
    problems = [serious_violations(axe, page, where)]
    page_width = page.evaluate("document.documentElement.scrollWidth")
    if page_width > width:
        problems.append(f"{where}: scrolls sideways, the page is {page_width} px wide")
    if clipped := page.evaluate(CLIPPED_BOXES):
        problems.append(f"{where}: content wider than its box: {', '.join(clipped)}")
    return [problem for problem in problems if problem]


def problems_at_both_sizes(page, axe):
    """The current page checked on a desktop and on a phone (loaded afresh at each size)."""
    problems = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        response = page.reload()
        assert response.ok, f"{page.url} answered {response.status}"
        problems += problems_here(page, axe)
    return problems


def visit(page, url):
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    assert page.url.split("#")[0] == url, f"{url} sent the browser to {page.url}"


def follow(page, name):
    """Clicks the first link called ``name`` and waits for the page it opens."""
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).first.click()


def assert_no_problems(problems, external_requests):
    assert not problems, "Problems found:\n" + "\n".join(problems)
    external_requests.assert_none()


@pytest.mark.parametrize("language", ["en", "es"])
def test_public_pages(demo_site, page, axe, language, external_requests):
    base = f"{demo_site}/{language}/volunteer"
    visit(page, f"{base}/liaisons/")
    expect(page.locator("#liaison-directory-heading")).to_be_visible()
    expect(page.locator(".liaison-card").first).to_be_visible()
    problems = problems_at_both_sizes(page, axe)

    follow(page, "Kensington")
    assert page.url == f"{base}/liaisons/in/kensington/", page.url
    expect(page.locator(".liaison-card")).to_contain_text(["Luis (Kensington liaison)"])
    problems += problems_at_both_sizes(page, axe)

    visit(page, f"{base}/events/")
    expect(page.locator(".event-item").first).to_be_visible()
    problems += problems_at_both_sizes(page, axe)

    visit(page, f"{base}/events/calendar/")
    expect(page.locator("#calendar-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text(FULL_EVENT)
    problems += problems_at_both_sizes(page, axe)

    # The full event with its waitlist, reached from the list.
    visit(page, f"{base}/events/")
    follow(page, FULL_EVENT)
    expect(page.locator("#event-title")).to_have_text(FULL_EVENT)
    expect(page.locator("#signup .signup-box__places")).to_have_attribute("data-places-left", "0")
    if language == "en":
        expect(page.locator("#signup")).to_contain_text("Full: 2 people on the waitlist")
    problems += problems_at_both_sizes(page, axe)
    assert_no_problems(problems, external_requests)


def test_verifying_a_certificate(demo_site, page, browser, axe, external_requests):
    # The demo issues no certificate: Rosa downloads one of her approved hours.
    log_in(page, demo_site, DEMO_VOLUNTEER, DEMO_PASSWORD)
    visit(page, f"{demo_site}/en/volunteer/certificate/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my certificate (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    visit(page, f"{demo_site}/en/volunteer/certificate/")
    verify_url = page.locator("#certificate-list a", has_text="what anyone checking it sees")
    verify_url = demo_site + verify_url.first.get_attribute("href")

    # Whoever the volunteer hands it to checks it without an account.
    checker = browser.new_context(locale="en-US")
    checker.route("**/*", external_requests.handle)
    try:
        public = checker.new_page()
        visit(public, verify_url)
        expect(public.locator("#certificate-found")).to_be_visible()
        expect(public.locator("#certificate-name")).to_have_text("Rosa M.")
        expect(public.locator("#certificate-hours")).to_have_text("3")
        problems = problems_at_both_sizes(public, axe)
    finally:
        checker.close()
    assert_no_problems(problems, external_requests)


def test_pages_of_someone_who_is_not_a_volunteer_yet(demo_site, page, axe, external_requests):
    log_in(page, demo_site, NOT_A_VOLUNTEER, DEMO_PASSWORD)
    visit(page, f"{demo_site}/en/volunteer/register/")
    expect(page.locator("#volunteer-register-heading")).to_be_visible()
    expect(page.locator(".volunteer-waiver")).to_be_visible()
    problems = problems_at_both_sizes(page, axe)

    visit(page, f"{demo_site}/en/volunteer/liaisons/apply/")
    expect(page.locator("main form.usa-form")).to_be_visible()
    problems += problems_at_both_sizes(page, axe)
    assert_no_problems(problems, external_requests)


def test_a_volunteers_pages(demo_site, page, axe, external_requests):
    log_in(page, demo_site, DEMO_VOLUNTEER, DEMO_PASSWORD)
    visit(page, f"{demo_site}/en/volunteer/events/")
    follow(page, FULL_EVENT)
    expect(page.locator("#signup .signup-box__status")).to_have_attribute(
        "data-signup-status", "confirmed"
    )
    expect(page.get_by_role("button", name="Withdraw")).to_be_visible()
    problems = problems_at_both_sizes(page, axe)

    visit(page, f"{demo_site}/en/volunteer/me/")
    expect(page.locator("#past-events-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Handed out flyers for the Somerset Street")
    problems += problems_at_both_sizes(page, axe)

    visit(page, f"{demo_site}/en/volunteer/adopt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Adopt a block")
    problems += problems_at_both_sizes(page, axe)

    # The block Rosa adopted, from her volunteer details: its map and its reports.
    visit(page, f"{demo_site}/en/volunteer/my-details/")
    problems += problems_at_both_sizes(page, axe)
    follow(page, ADOPTED_BLOCK)
    expect(page.locator("#adoption-map .leaflet-control-zoom")).to_be_visible()
    expect(page.locator("#open-reports")).to_be_visible()
    problems += problems_at_both_sizes(page, axe)
    assert_no_problems(problems, external_requests)


def test_signing_up_on_a_phone(demo_site, page, axe, external_requests):
    page.set_viewport_size(PHONE)
    log_in(page, demo_site, DEMO_VOLUNTEER, DEMO_PASSWORD)
    visit(page, f"{demo_site}/en/volunteer/events/")
    follow(page, OPEN_EVENT)
    box = page.locator("#signup")
    places = box.locator(".signup-box__places")
    left = int(places.get_attribute("data-places-left"))
    assert left > 0, f"{OPEN_EVENT} has no free place in the demo"
    problems = problems_here(page, axe)

    sign_up = box.get_by_role("button", name="Sign up")
    sign_up.scroll_into_view_if_needed()
    with page.expect_navigation():
        sign_up.click()

    expect(box.locator(".signup-box__status")).to_have_text("You have a place at this event.")
    expect(places).to_have_attribute("data-places-left", str(left - 1))
    expect(box.get_by_role("button", name="Withdraw")).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        "You are signed up. We will send you a reminder with the time and place."
    )
    problems += problems_here(page, axe)
    page.set_viewport_size(DESKTOP)
    problems += problems_here(page, axe)
    assert_no_problems(problems, external_requests)


def test_a_liaisons_pages(demo_site, page, axe, external_requests):
    log_in(page, demo_site, DEMO_LIAISON, DEMO_PASSWORD)
    visit(page, f"{demo_site}/en/volunteer/liaison/")
    follow(page, "Plan a cleanup")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan a volunteer event")
    # Kensington's open reports, on the map and in the list to tick.
    expect(page.locator("#event-report-map")).to_be_visible()
    expect(page.locator("#event-report-map .leaflet-interactive").first).to_be_attached()
    expect(page.locator(".event-reports__item").first).to_be_visible()
    problems = problems_at_both_sizes(page, axe)

    # The check-in list of an upcoming event: its volunteers, before the day.
    visit(page, f"{demo_site}/en/volunteer/events/")
    follow(page, FULL_EVENT)
    follow(page, "Check-in list")
    assert re.search(r"/en/volunteer/events/\d+/roster/$", page.url), page.url
    expect(page.locator("#roster-heading")).to_contain_text(FULL_EVENT)
    expect(page.locator("main")).to_contain_text("Rosa M.")
    problems += problems_at_both_sizes(page, axe)

    # A past event: who came, then its results.
    visit(page, f"{demo_site}/en/volunteer/events/?when=past")
    follow(page, PAST_EVENT)
    follow(page, "Check-in list")
    expect(page.locator("#roster-heading")).to_contain_text(PAST_EVENT)
    problems += problems_at_both_sizes(page, axe)
    follow(page, "Results: bags, sites, photos")
    assert re.search(r"/en/volunteer/events/\d+/results/$", page.url), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Results: {PAST_EVENT}")
    problems += problems_at_both_sizes(page, axe)

    # Rosa's self-logged hours wait for Luis.
    visit(page, f"{demo_site}/en/volunteer/liaison/")
    follow(page, "Hours to review")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hours to review")
    expect(page.locator("main")).to_contain_text("Handed out flyers for the Somerset Street")
    problems += problems_at_both_sizes(page, axe)
    assert_no_problems(problems, external_requests)
