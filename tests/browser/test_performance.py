"""The performance pages in a browser: staff read the dashboard, pick a period, download a
table and freeze last month's figures; anyone reads the transparency page, on a desktop
and on a phone, in English and Spanish; axe-core finds no serious or critical problem."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DESKTOP, PHONE
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_staff_admin import admin_page, our_violations

STAFF = "staff@example.org"
DASHBOARD = "/admin/performance/"


@pytest.fixture(scope="module")
def axe():
    return Axe()


def test_staff_read_the_dashboard_download_a_table_and_freeze_a_month(demo_site, browser):
    with admin_page(browser, demo_site, STAFF) as staff:
        staff.goto(f"{demo_site}{DASHBOARD}")
        expect(staff.get_by_role("heading", name="Performance", level=1)).to_be_visible()
        charts = staff.locator("main svg.chart[role=img]")
        assert charts.count() > 0
        # Each chart is named by its title, and its numbers are in the table beside it.
        first = charts.first
        title = first.locator("title").text_content()
        assert title and first.get_attribute("aria-labelledby").endswith("-desc")
        with staff.expect_navigation():
            staff.get_by_role("link", name="The last 90 days").click()
        assert "start=" in staff.url
        expect(staff.get_by_role("link", name="The last 90 days")).to_have_attribute(
            "aria-current", "true"
        )
        with staff.expect_download() as download:
            staff.get_by_role("link", name="Download every figure as CSV").click()
        assert re.match(r"performance-figures-.*\.csv$", download.value.suggested_filename)

        staff.get_by_role("link", name=re.compile("Monthly reports")).click()
        expect(staff.get_by_role("heading", name="Monthly performance reports")).to_be_visible()
        with staff.expect_navigation():
            staff.get_by_role("button", name="Freeze this month's figures").click()
        expect(staff.get_by_text(re.compile(r"The figures of .* are frozen\."))).to_be_visible()
        checksum = staff.locator("#snapshots code").first.inner_text()
        assert re.fullmatch(r"[0-9a-f]{64}", checksum)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_performance_pages_pass_axe(demo_site, browser, page, axe, viewport):
    report = ""
    with admin_page(browser, demo_site, STAFF, viewport) as staff:
        staff.goto(f"{demo_site}{DASHBOARD}")
        report += our_violations(axe, staff, "main", DASHBOARD)
        staff.goto(f"{demo_site}{DASHBOARD}?start=2026-01-01&end=2025-01-01")
        expect(staff.get_by_text("The first day must not come after the last one.")).to_be_visible()
        report += our_violations(axe, staff, "main", "the dashboard with an error")
        staff.goto(f"{demo_site}{DASHBOARD}monthly/")
        report += our_violations(axe, staff, "main", "the monthly reports")
    page.set_viewport_size(viewport)
    for path in (
        "/en/performance/",
        "/es/performance/",
        "/en/performance/?period=12m&neighborhood=x",
    ):
        page.goto(f"{demo_site}{path}")
        expect(page.locator("h1")).to_be_visible()
        report += serious_violations(axe, page, path)
    # The filters are a plain GET form: the period chosen is the one shown.
    page.goto(f"{demo_site}/en/performance/")
    page.get_by_label("Period", exact=True).select_option("90d")
    with page.expect_navigation():
        page.get_by_role("button", name="Show the figures").click()
    assert "period=90d" in page.url
    expect(page.get_by_label("Period", exact=True)).to_have_value("90d")
    assert not report, "axe found serious/critical violations:\n" + report
