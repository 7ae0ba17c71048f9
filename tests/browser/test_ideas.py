"""Ideas in a real browser: a resident submits an idea (and is shown similar ones while
typing), a neighbour votes without a page reload and comments, a moderator hides the
comment in the Wagtail admin; and the ideas pages pass axe-core.
"""

import re
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, log_in
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_reports import new_page

CAMPAIGN_URL = "/en/ideas/parks-in-kensington/"
IDEA_URL = re.compile(r"/en/ideas/(\d+)/$")


@pytest.fixture(scope="module")
def axe():
    return Axe()


def submit_idea(page, demo_site, title):
    page.goto(demo_site + CAMPAIGN_URL)
    page.get_by_role("link", name="Submit an idea").click()
    expect(page).to_have_url(re.compile(r"/en/ideas/new/\?campaign=\d+$"))

    form = page.locator("form#idea-form")
    # The demo already has "More benches along the Tacony Creek trail".
    form.get_by_label("Title").press_sequentially("Benches along the creek trail", delay=20)
    hint = page.locator("#similar-ideas")
    expect(hint).to_contain_text("More benches along the Tacony Creek trail")
    form.get_by_label("Title").fill(title)
    form.get_by_label("Summary").fill("A place to rest every few hundred metres.")
    form.get_by_label("Description").fill(
        "Older neighbours cannot walk the trail without resting.\n\nTwo benches would do."
    )
    with page.expect_navigation():
        form.get_by_role("button", name="Preview").click()
    expect(page.locator(".idea-preview")).to_contain_text(title)
    with page.expect_navigation():
        page.get_by_role("button", name="Publish idea").click()
    expect(page).to_have_url(IDEA_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return page.url


def test_submit_vote_comment_and_moderate_an_idea(demo_site, browser, page, axe, external_requests):
    title = f"Benches by the creek trail entrance {uuid.uuid4().hex[:6]}"
    comment_text = f"Rude remark {uuid.uuid4().hex[:6]}"

    # 1. A resident submits an idea to the parks campaign (post-moderated: public at once).
    log_in(page, demo_site, "resident@example.org", DEMO_PASSWORD)
    idea_url = submit_idea(page, demo_site, title)
    expect(page.locator("main")).to_contain_text("Published")

    # 2. A neighbour votes: the count changes in place, without loading a new page.
    with new_page(browser, external_requests) as neighbour:
        log_in(neighbour, demo_site, "liaison@example.org", DEMO_PASSWORD)
        neighbour.goto(idea_url)
        expect(neighbour.locator(".vote-count")).to_have_text("0")
        neighbour.evaluate("window.stillTheSamePage = true")
        neighbour.get_by_role("button", name="Vote", exact=True).click()
        expect(neighbour.locator(".vote-count")).to_have_text("1")
        expect(neighbour.get_by_role("button", name="Remove my vote")).to_be_visible()
        assert neighbour.evaluate("window.stillTheSamePage === true"), "the page reloaded"

        # ... and comments (a normal form post).
        neighbour.get_by_label("Your comment").fill(comment_text)
        with neighbour.expect_navigation():
            neighbour.get_by_role("button", name="Post comment").click()
        expect(neighbour.locator(".idea-comments")).to_contain_text(comment_text)

    # 3. A moderator hides the comment in the Wagtail admin, with a reason.
    with new_page(browser, external_requests) as moderator:
        moderator.goto(f"{demo_site}/admin/login/")
        login = moderator.locator("form.login-form")
        login.locator("input[name=username]").fill("moderator@example.org")
        login.locator("input[name=password]").fill(DEMO_PASSWORD)
        with moderator.expect_navigation():
            login.locator("button[type=submit]").click()
        moderator.goto(f"{demo_site}/admin/snippets/ideas/comment/?q={comment_text}")
        moderator.locator("main table").get_by_role("link", name=re.compile(comment_text)).click()
        moderator.get_by_role("link", name="Hide", exact=True).click()
        moderator.get_by_label("Reason").fill("Personal attacks are not allowed.")
        with moderator.expect_navigation():
            moderator.get_by_role("button", name="Hide", exact=True).click()
        expect(moderator.locator("body")).to_contain_text("hidden")

    # 4. The public idea page no longer shows it; the vote is still counted.
    page.goto(idea_url)
    expect(page.locator(".vote-count")).to_have_text("1")
    expect(page.locator(".idea-comments")).not_to_contain_text(comment_text)
    external_requests.assert_none()


IDEA_PAGES = ["/en/ideas/", CAMPAIGN_URL, "/es/ideas/"]


def test_ideas_pages_have_no_serious_violations(demo_site, page, axe, external_requests):
    problems = []
    page.goto(demo_site + CAMPAIGN_URL)
    first_idea = page.locator(".idea-card a").first.get_attribute("href")
    for path in [*IDEA_PAGES, first_idea]:
        response = page.goto(demo_site + path)
        assert response.ok, f"{path} answered {response.status}"
        report = serious_violations(axe, page, path)
        if report:
            problems.append(report)

    log_in(page, demo_site, "resident@example.org", DEMO_PASSWORD)
    page.goto(demo_site + CAMPAIGN_URL)
    # Until the form's page has loaded its styles, axe reads the header's buttons in the
    # browser's default colours (a contrast failure seen on a busy machine).
    with page.expect_navigation():
        page.get_by_role("link", name="Submit an idea").click()
    for label in ("submit form", "submit form with errors"):
        report = serious_violations(axe, page, label)
        if report:
            problems.append(report)
        with page.expect_navigation():
            page.get_by_role("button", name="Preview").click()
    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    external_requests.assert_none()
