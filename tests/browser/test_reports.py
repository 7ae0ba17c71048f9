"""Service reports in a real browser: a resident files one with a photo, staff resolve it
in the admin, the tracking page shows the outcome; and the reports pages pass axe-core.
"""

import re
from contextlib import contextmanager

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import ExternalRequests
from tests.browser.helpers import DEMO_PASSWORD
from tests.browser.test_accessibility import serious_violations

CATEGORY_NAME = "Graffiti removal"
# Near the north-east corner of Center City: inside the neighborhood, but outside the
# middle 60 % of its bounding box where seed_demo puts its reports, so no demo report of
# the category is within 50 m (the duplicate prompt is still handled, just in case).
LAT, LNG = "39.9567", "-75.1439"
DESCRIPTION = "Silver tag sprayed on the wall of the laundromat, browser test."
ADDRESS = "Corner of 6th St and Race St"
PUBLIC_NOTE = "Cleaned by the crew."
INTERNAL_NOTE = "Crew 7 needed the solvent for porous brick; bill the owner."
TRACKING_URL = re.compile(r"/en/reports/([0-9A-Z]+)/$")


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def photo(tmp_path):
    """A real JPEG photo, made with Pillow."""
    path = tmp_path / "graffiti.jpg"
    image = Image.new("RGB", (640, 480), (180, 60, 40))
    for x in range(100, 540):
        for y in range(200, 260):
            image.putpixel((x, y), (220, 220, 230))
    image.save(path, "JPEG", quality=90)
    return path


@contextmanager
def new_page(browser, external_requests):
    """Another browser context (its own cookies), kept off the network like `page`."""
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(10_000)
    context.route("**/*", external_requests.handle)
    try:
        yield context.new_page()
    finally:
        context.close()


def summary_value(page, term):
    """The <dd> that goes with the <dt> `term` in the tracking page's summary."""
    term_locator = page.locator("dt").filter(has_text=re.compile(rf"^\s*{term}\s*$"))
    return page.locator(".filing-summary > div").filter(has=term_locator).locator("dd")


def file_report(page, demo_site, photo):
    """File a graffiti report with a photo; returns its reference (on its tracking page)."""
    page.goto(f"{demo_site}/en/reports/new/")
    chooser = page.locator("main form.form")
    chooser.get_by_label("What kind of problem is it?").select_option(label=CATEGORY_NAME)
    chooser.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/en/reports/new/\?category=graffiti$"))
    expect(page.locator(".filing-category")).to_contain_text(CATEGORY_NAME)

    form = page.locator("form#report-form")
    form.get_by_role("group", name="What is the graffiti on?").get_by_label("Wall").check()
    form.get_by_role("group", name="Is the content offensive or hateful?").get_by_label(
        "No"
    ).check()
    form.get_by_label("Describe the problem").fill(DESCRIPTION)
    form.get_by_label("Latitude").fill(LAT)
    form.get_by_label("Longitude").fill(LNG)
    form.get_by_label("Address or description of the place").fill(ADDRESS)
    form.get_by_label("Photos (optional)").set_input_files(photo)
    with page.expect_navigation():
        form.get_by_role("button", name="Send report").click()

    if page.locator("#filing-duplicates-heading").count():
        # A report of the same kind nearby: the photo is kept while the resident decides.
        form = page.locator("form#report-form")
        with page.expect_navigation():
            form.get_by_role("button", name="No, file a new report").click()

    expect(page).to_have_url(TRACKING_URL)
    return TRACKING_URL.search(page.url).group(1)


def test_resident_files_a_report_and_staff_resolve_it(
    demo_site, browser, page, photo, axe, external_requests
):
    # 1. A resident (not logged in) files a report with a photo.
    reference = file_report(page, demo_site, photo)
    tracking_url = page.url
    assert tracking_url == f"{demo_site}/en/reports/{reference}/"

    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Report {reference}")
    expect(page.get_by_text(f"Your report number is {reference}")).to_be_visible()
    expect(summary_value(page, "Kind of problem")).to_have_text(CATEGORY_NAME)
    expect(summary_value(page, "Status")).to_contain_text("Submitted")
    expect(summary_value(page, "Neighborhood")).to_have_text("Center City")
    expect(summary_value(page, "Address")).to_have_text(ADDRESS)

    image = page.locator(".filing-photos img")
    expect(image).to_have_count(1)
    image.scroll_into_view_if_needed()  # loading="lazy"
    image_handle = image.element_handle()
    page.wait_for_function("img => img.complete", arg=image_handle)
    natural_width = page.evaluate("img => img.naturalWidth", image_handle)
    assert natural_width > 0, "The report's photo did not load"
    assert page.evaluate("img => img.naturalHeight", image_handle) > 0

    history = page.locator(".filing-history__list > li")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Filed")

    report = serious_violations(axe, page, f"/en/reports/{reference}/ (submitted)")
    assert not report, "axe found serious/critical violations:\n" + report

    # 2. Staff find it in the admin queue and resolve it. The admin asks no other server
    # for anything either (no Gravatar, no release check: see settings).
    admin_requests = ExternalRequests(demo_site)
    with new_page(browser, admin_requests) as staff:
        staff.goto(f"{demo_site}/admin/login/")
        login = staff.locator("form.login-form")
        login.locator("input[name=username]").fill("staff@example.org")
        login.locator("input[name=password]").fill(DEMO_PASSWORD)
        with staff.expect_navigation():
            login.locator("button[type=submit]").click()
        assert "/admin/login/" not in staff.url, "staff could not log in to the admin"

        staff.goto(f"{demo_site}/admin/snippets/reports/servicereport/?q={reference}")
        staff.locator("main table").get_by_role("link", name=reference, exact=True).click()
        expect(staff).to_have_url(re.compile(r"/admin/snippets/reports/servicereport/edit/\d+/$"))
        expect(staff.locator("[data-report-status]")).to_contain_text("Submitted")

        status_form = staff.locator("form").filter(
            has=staff.locator("input[name=action][value=status]")
        )
        status_form.get_by_label("New status").select_option(label="Resolved")
        status_form.get_by_label("Resolution").select_option(label="Fixed")
        status_form.get_by_label("Public note").fill(PUBLIC_NOTE)
        status_form.get_by_label("Internal note").fill(INTERNAL_NOTE)
        with staff.expect_navigation():
            status_form.get_by_role("button", name="Change status").click()

        expect(staff.get_by_text(f"Report {reference} is now “Resolved”.")).to_be_visible()
        expect(staff.locator("[data-report-status]")).to_contain_text("Resolved · Fixed")
    admin_requests.assert_none()

    # 3. Anyone (a new, logged-out visitor) sees the outcome, but not the internal note.
    with new_page(browser, external_requests) as visitor:
        visitor.goto(tracking_url)
        expect(summary_value(visitor, "Status")).to_contain_text("Resolved")
        expect(summary_value(visitor, "Outcome")).to_have_text("Fixed")
        history = visitor.locator(".filing-history__list > li")
        expect(history).to_have_count(2)
        expect(history.last).to_contain_text("Submitted → Resolved")
        expect(history.last.locator(".filing-history__note")).to_have_text(PUBLIC_NOTE)
        assert INTERNAL_NOTE not in visitor.content()
        assert "Crew 7" not in visitor.locator("body").inner_text()

        report = serious_violations(axe, visitor, f"/en/reports/{reference}/ (resolved)")
        assert not report, "axe found serious/critical violations:\n" + report

    external_requests.assert_none()


REPORT_PAGES = [
    "/en/reports/new/",
    "/en/reports/new/?category=graffiti",
    "/en/reports/",
    "/en/reports/map/",
]


def test_reports_pages_have_no_serious_violations(demo_site, page, axe, external_requests):
    problems = []
    for path in REPORT_PAGES:
        response = page.goto(demo_site + path)
        assert response.ok, f"{path} answered {response.status}"
        report = serious_violations(axe, page, path)
        if report:
            problems.append(report)
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    external_requests.assert_none()


def test_map_page_lists_the_reports_without_tiles(demo_site, page, external_requests):
    page.goto(f"{demo_site}/en/reports/map/")
    # The script shows the map (neighborhoods and reports, no street tiles)...
    expect(page.locator("#report-map")).to_be_visible()
    # ...and the same reports are listed in the page, as links to their tracking pages.
    items = page.locator("#report-map-list > li")
    expect(items.first).to_be_visible()
    assert items.count() > 0
    expect(page.locator("#report-map-status")).to_contain_text(re.compile(r"\d+ reports? in view"))
    first_link = items.first.get_by_role("link")
    expect(first_link).to_have_attribute("href", re.compile(r"^/en/reports/[0-9A-Z]+/$"))
    page.wait_for_load_state("networkidle")
    tiles = page.locator(".leaflet-tile")
    assert tiles.count() == 0, "the map asked for street tiles although none are configured"
    external_requests.assert_none()
