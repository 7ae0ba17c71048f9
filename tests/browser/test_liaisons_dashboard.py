"""The liaison dashboard on a phone: the demo liaison sees Kensington's reports on the map
and the list, follows one up, and writes to the neighborhood's volunteers; axe finds no
serious problem and nothing scrolls sideways at 390 px."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, log_in
from tests.browser.test_accessibility import serious_violations

PHONE = {"width": 390, "height": 844}


def open_dashboard(page, demo_site):
    page.set_viewport_size(PHONE)
    log_in(page, demo_site, "liaison@example.org", DEMO_PASSWORD)
    response = page.goto(f"{demo_site}/en/volunteer/liaison/")
    assert response.ok, f"the dashboard answered {response.status}"


def test_the_dashboard_on_a_phone(demo_site, page, external_requests):
    open_dashboard(page, demo_site)

    expect(page.locator("#dashboard-neighborhoods")).to_contain_text("Kensington")
    expect(page.locator("#dashboard-contributions")).to_contain_text(
        re.compile(r"\d+ contributions? came through you")
    )
    expect(page.locator("#dashboard-map")).to_be_visible()
    expect(page.locator("#dashboard-map .leaflet-interactive").first).to_be_attached()
    expect(page.locator("#cleanups")).to_contain_text("Somerset Street spring cleanup")
    expect(page.locator("#volunteers")).to_contain_text("Rosa M.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the dashboard scrolls sideways: {width} px wide"
    report = serious_violations(Axe(), page, "/en/volunteer/liaison/")
    assert not report, "axe found serious/critical violations:\n" + report
    external_requests.assert_none()


def test_following_up_and_writing_to_volunteers(demo_site, page, sent_mail, external_requests):
    open_dashboard(page, demo_site)

    page.locator(".dashboard-reports .usa-card__footer a").first.click()
    page.get_by_label("Note for the city's staff (optional)").fill("Getting worse, says Ana.")
    page.get_by_role("button", name="Follow this report").click()
    expect(page.locator("main")).to_contain_text(re.compile(r"You follow report \w+"))

    page.get_by_role("link", name="Message my volunteers").click()
    page.get_by_label("Subject").fill("Gloves for Saturday")
    page.get_by_label("Message").fill("Bring your own gloves if you have them.")
    page.get_by_role("button", name="Send the message").click()
    expect(page.locator("main")).to_contain_text(re.compile(r"on its way to \d+ volunteers"))
    subjects = [message["Subject"] for message in sent_mail.messages()]
    assert any("Gloves for Saturday" in subject for subject in subjects)
    external_requests.assert_none()
