"""What residents meet in a real browser: “My activity”, photos kept through the
duplicate-report step, the receipt e-mail, Markdown with its preview, and a flag's error
shown at the comment. Each page passes axe-core in English and Spanish, on a desktop and
on a 390-px phone."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, log_in
from tests.browser.test_accessibility import serious_violations

RESIDENT = "resident@example.org"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Graffiti, far enough from the demo's reports and from test_reports' own spot.
LAT, LNG = "39.9561", "-75.1452"
TRACKING_URL = re.compile(r"/en/reports/([0-9A-Z]+)/$")


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "tag.jpg"
    Image.new("RGB", (320, 240), (30, 90, 160)).save(path, "JPEG")
    return path


def assert_accessible(page, axe, label):
    report = serious_violations(axe, page, label)
    assert not report, "axe found serious/critical violations:\n" + report


def assert_fits(page, width, label):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{label} scrolls sideways at {width} px ({scroll_width} px)"


def check_both_sizes_and_languages(page, axe, url_en):
    """axe on ``url_en`` and its Spanish twin, on a desktop and a phone."""
    for language in ("en", "es"):
        url = url_en.replace("/en/", f"/{language}/", 1)
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            response = page.goto(url)
            assert response.ok, f"{url} answered {response.status}"
            label = f"{url} at {size['width']} px"
            assert_accessible(page, axe, label)
            assert_fits(page, size["width"], label)
    page.set_viewport_size(DESKTOP)


def fill_graffiti_form(page, demo_site):
    page.goto(f"{demo_site}/en/reports/new/?category=graffiti")
    form = page.locator("form#report-form")
    form.get_by_role("group", name="What is the graffiti on?").get_by_label("Wall").check()
    form.get_by_role("group", name="Is the content offensive or hateful?").get_by_label(
        "No"
    ).check()
    form.get_by_label("Describe the problem").fill("Blue tag on the bus shelter.")
    form.get_by_label("Latitude").fill(LAT)
    form.get_by_label("Longitude").fill(LNG)
    return form


def test_my_activity_lists_what_the_resident_did(demo_site, page, axe, external_requests):
    page.goto(f"{demo_site}/en/me/")
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next=/en/me/"))

    log_in(page, demo_site, RESIDENT, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="My activity").click()
    expect(page).to_have_url(f"{demo_site}/en/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My activity")
    for title in ("My reports", "My ideas", "My votes", "My comments", "Ideas I follow"):
        expect(page.get_by_role("heading", name=re.compile(rf"^{title}"))).to_be_visible()
    # The demo resident filed reports and shared ideas: each links to its page.
    reports = page.locator("#activity-reports .activity-item a")
    assert reports.count() > 0
    with page.expect_navigation():
        reports.first.click()
    expect(page).to_have_url(TRACKING_URL)

    check_both_sizes_and_languages(page, axe, f"{demo_site}/en/me/")
    external_requests.assert_none()


def test_photos_are_kept_through_the_duplicate_step(
    demo_site, page, photo, axe, sent_mail, external_requests
):
    # Someone reports the tag first.
    form = fill_graffiti_form(page, demo_site)
    with page.expect_navigation():
        form.get_by_role("button", name="Send report").click()
    expect(page).to_have_url(TRACKING_URL)
    first = TRACKING_URL.search(page.url).group(1)

    # A second resident reports the same spot with a photo and an e-mail address.
    form = fill_graffiti_form(page, demo_site)
    form.get_by_label("Photos (optional)").set_input_files(photo)
    form.get_by_label("Your e-mail address").fill("second.reporter@example.org")
    with page.expect_navigation():
        form.get_by_role("button", name="Send report").click()
    expect(page.locator("#filing-duplicates-heading")).to_be_visible()
    expect(page.locator(".filing-duplicates")).to_contain_text(first)
    thumbnail = page.get_by_role("img", name="Photo 1 you chose")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.naturalWidth") > 0, "the kept photo did not load"
    expect(page.get_by_label("Remove photo 1")).not_to_be_checked()
    expect(page.get_by_text("please choose them again")).to_have_count(0)
    assert_accessible(page, axe, "the duplicate step with a kept photo")
    page.set_viewport_size(PHONE)
    assert_accessible(page, axe, "the duplicate step at 390 px")
    assert_fits(page, PHONE["width"], "the duplicate step")
    page.set_viewport_size(DESKTOP)

    with page.expect_navigation():
        page.get_by_role("button", name="No, file a new report").click()
    expect(page).to_have_url(TRACKING_URL)
    second = TRACKING_URL.search(page.url).group(1)
    assert second != first
    stored = page.locator(".filing-photos img")
    expect(stored).to_have_count(1)
    assert stored.evaluate("img => img.naturalWidth") > 0

    # The receipt: once, to the address typed, with the reference and the link.
    receipts = [m for m in sent_mail.messages() if second in m["Subject"]]
    assert len(receipts) == 1
    assert receipts[0]["To"] == "second.reporter@example.org"
    assert f"/en/reports/{second}/" in sent_mail.text(receipts[0])
    external_requests.assert_none()


def idea_with_a_comment_by_someone_else(page, demo_site):
    """The address of a demo idea with a comment the demo resident may flag."""
    page.goto(f"{demo_site}/en/ideas/")
    links = page.locator("main a[href*='/en/ideas/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    for href in dict.fromkeys(h for h in links if re.search(r"/en/ideas/\d+/$", h)):
        page.goto(demo_site + href)
        if page.get_by_text("Report this comment").count():
            return demo_site + href
    pytest.fail("No demo idea has a comment the resident can flag")


def test_markdown_preview_and_flag_errors_at_the_comment(demo_site, page, axe, external_requests):
    log_in(page, demo_site, RESIDENT, DEMO_PASSWORD)
    idea_url = idea_with_a_comment_by_someone_else(page, demo_site)

    # Formatting: the preview shows it, and keeps what was typed.
    typed = "We also need:\n\n- **shade** trees\n- *water* fountains"
    form = page.locator("form#comment-form")
    form.get_by_label("Your comment").fill(typed)
    with page.expect_navigation():
        form.get_by_role("button", name="Preview").click()
    preview = page.locator("#comment-preview")
    expect(preview).to_be_visible()
    expect(preview.locator("li strong")).to_have_text("shade")
    expect(preview.locator("li em")).to_have_text("water")
    expect(page.locator("form#comment-form").get_by_label("Your comment")).to_have_value(typed)
    assert_accessible(page, axe, "the comment preview")
    page.set_viewport_size(PHONE)
    assert_accessible(page, axe, "the comment preview at 390 px")
    assert_fits(page, PHONE["width"], "the comment preview")
    page.set_viewport_size(DESKTOP)

    # A flag without a reason: the error is at that comment, with the focus on the field.
    page.goto(idea_url)
    flag = page.locator("details.idea-flag").filter(has_text="Report this comment").first
    flag_id = flag.get_attribute("id")
    flag.locator("summary").click()
    with page.expect_navigation():
        flag.get_by_role("button", name="Send to moderators").click()
    assert page.url.endswith(f"#{flag_id}")
    flag = page.locator(f"#{flag_id}")
    expect(flag).to_have_attribute("open", "")
    expect(flag.get_by_role("alert")).to_contain_text("Please correct the errors below.")
    expect(flag.get_by_text("Choose why you are reporting this.")).to_be_in_viewport()
    page.wait_for_function("document.activeElement && document.activeElement.name === 'reason'")
    external_requests.assert_none()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_forms_with_a_preview_pass_axe(
    demo_site, page, axe, language, photo, external_requests
):
    log_in(page, demo_site, RESIDENT, DEMO_PASSWORD, language=language)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(f"{demo_site}/{language}/ideas/new/")
        form = page.locator("main form").filter(has=page.locator("textarea[name=body]"))
        form.locator("input[name=title]").fill("Benches along the river")
        form.locator("textarea[name=summary]").fill("Places to rest.")
        form.locator("textarea[name=body]").fill("We need:\n\n- **benches**\n- *shade*")
        form.locator("input[name=image]").set_input_files(photo)
        with page.expect_navigation():
            form.locator("button[value=preview]").click()
        expect(page.locator(".idea-preview strong")).to_have_text("benches")
        # The picture kept in the session shows (the CSP allows no data: images).
        assert page.locator("main img").count() >= 2  # in the preview and on the form
        for picture in page.locator("main img").all():
            assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
        label = f"/{language}/ideas/new/ preview at {size['width']} px"
        assert_accessible(page, axe, label)
        assert_fits(page, size["width"], label)
    external_requests.assert_none()
