"""Staff in the Wagtail admin, in a real browser: the work waiting on the dashboard, the
triage map and merging from it, the campaign slug that follows its title, and survey
display conditions chosen from lists. axe-core checks the markup Engage adds to the admin
(Wagtail's own screens have their own known issues), on a desktop and a 390-px screen.
"""

import re
from contextlib import contextmanager

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import ExternalRequests
from tests.browser.helpers import DEMO_PASSWORD
from tests.browser.test_accessibility import FAILING_IMPACTS, describe

QUEUE = "/admin/snippets/reports/servicereport/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WAITING_DESCRIPTION = "Probably the one reported across the street"


@pytest.fixture(scope="module")
def axe():
    return Axe()


@contextmanager
def admin_page(browser, demo_site, email, viewport=DESKTOP):
    """A browser context logged in to the Wagtail admin as ``email``, kept off the network."""
    requests = ExternalRequests(demo_site)
    context = browser.new_context(locale="en-US", viewport=viewport)
    context.set_default_timeout(10_000)
    context.route("**/*", requests.handle)
    page = context.new_page()
    try:
        page.goto(f"{demo_site}/admin/login/")
        login = page.locator("form.login-form")
        login.locator("input[name=username]").fill(email)
        login.locator("input[name=password]").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            login.locator("button[type=submit]").click()
        assert "/admin/login/" not in page.url, f"{email} could not log in to the admin"
        yield page
    finally:
        context.close()
    requests.assert_none()


def our_violations(axe, page, selector, label):
    """Serious/critical axe violations inside ``selector`` (the markup Engage adds)."""
    page.wait_for_load_state("load")  # its styles first (see serious_violations)
    violations = axe.run(page, context={"include": [[selector]]}).response["violations"]
    return describe(label, [v for v in violations if v["impact"] in FAILING_IMPACTS])


def work_item(page, panel, label):
    """The link of one count on the dashboard (``label``: a regular expression, as it is
    singular or plural), and the count it shows."""
    link = page.locator(f"[data-work-waiting=work-waiting-{panel}] a[data-work-item]").filter(
        has_text=re.compile(rf"\d+\s+{label}\s*$")
    )
    expect(link).to_have_count(1)
    return link, int(link.locator(".engage-work-waiting__count").inner_text())


# The admin home ----------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_see_the_work_waiting_and_each_count_leads_to_its_list(
    demo_site, browser, axe, viewport
):
    with admin_page(browser, demo_site, "staff@example.org", viewport) as staff:
        staff.goto(f"{demo_site}/admin/")
        for panel in ("reports", "surveys", "ideas"):
            expect(staff.locator(f"[data-work-waiting=work-waiting-{panel}]")).to_be_visible()
        report = our_violations(axe, staff, ".engage-work-waiting", "/admin/ (work waiting)")
        assert not report, "axe found serious/critical violations:\n" + report

        link, overdue = work_item(staff, "reports", "overdue reports?")
        with staff.expect_navigation():
            link.click()
        assert staff.url.endswith(f"{QUEUE}?overdue=true")
        rows = staff.locator("main table tbody tr")
        if overdue == 0:
            expect(staff.get_by_text(re.compile("no .* match", re.I))).to_be_visible()
        else:
            expect(rows).to_have_count(min(overdue, 50))
            expect(rows.first).to_contain_text("Overdue")

        staff.goto(f"{demo_site}/admin/")
        link, unassigned = work_item(staff, "reports", "open reports? not assigned to a department")
        with staff.expect_navigation():
            link.click()
        assert "department=null" in staff.url and "status=open" in staff.url
        if unassigned:
            expect(staff.locator("main table tbody tr")).to_have_count(min(unassigned, 50))

        staff.goto(f"{demo_site}/admin/")
        link = staff.locator("[data-work-waiting=work-waiting-ideas] a[data-work-item]").first
        with staff.expect_navigation():
            link.click()
        expect(staff.locator("h1")).to_contain_text("Moderation queue")


def test_a_moderator_sees_ideas_and_reports_but_no_survey_responses(demo_site, browser):
    with admin_page(browser, demo_site, "moderator@example.org") as moderator:
        moderator.goto(f"{demo_site}/admin/")
        expect(moderator.locator("[data-work-waiting=work-waiting-ideas]")).to_be_visible()
        expect(moderator.locator("[data-work-waiting=work-waiting-reports]")).to_be_visible()
        expect(moderator.locator("[data-work-waiting=work-waiting-surveys]")).to_have_count(0)


# Triage --------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_triage_map_fits_a_phone(demo_site, browser, axe, viewport):
    with admin_page(browser, demo_site, "staff@example.org", viewport) as staff:
        staff.goto(f"{demo_site}{QUEUE}?q={WAITING_DESCRIPTION}")
        staff.locator("main table tbody tr a").first.click()
        expect(staff.locator("#triage-map")).to_be_visible()
        expect(staff.locator("[data-nearby-reports] tbody tr").first).to_be_visible()
        report = our_violations(axe, staff, "[data-triage]", "report page (triage, phone)")
        assert not report, "axe found serious/critical violations:\n" + report


def test_staff_merge_a_duplicate_picked_on_the_triage_map(demo_site, browser, axe):
    with admin_page(browser, demo_site, "staff@example.org") as staff:
        staff.goto(f"{demo_site}{QUEUE}?q={WAITING_DESCRIPTION}")
        staff.locator("main table tbody tr a").first.click()
        expect(staff).to_have_url(re.compile(r"/admin/snippets/reports/servicereport/edit/\d+/$"))
        this_url = staff.url
        reference = staff.locator("#report-summary-heading").inner_text().split()[-1]

        # The map: this report and the open reports nearby, also listed as text.
        expect(staff.locator("#triage-map")).to_be_visible()
        rows = staff.locator("[data-nearby-reports] tbody tr")
        expect(rows.first).to_be_visible()
        nearby = rows.count()
        expect(staff.locator("#triage-map [data-marker]")).to_have_count(nearby + 1)
        first_row = rows.first
        target = first_row.get_attribute("data-nearby")
        expect(first_row).to_contain_text(re.compile(r"\d+ m"))
        expect(first_row).to_contain_text(re.compile("Submitted|Acknowledged|In progress"))
        report = our_violations(axe, staff, "[data-triage]", "report page (triage)")
        assert not report, "axe found serious/critical violations:\n" + report

        # Pick it on the map: its radio button in the list is chosen.
        staff.locator(f'#triage-map [data-marker="{target}"]').click(force=True)
        expect(staff.get_by_role("radio", name=target)).to_be_checked()
        staff.locator("[data-merge-form]").get_by_label("Public note").fill(
            "Same hole as the report across the street."
        )
        with staff.expect_navigation():
            staff.get_by_role("button", name="Merge…").click()

        # Confirm.
        expect(staff.locator("[data-merge-confirm] h2")).to_have_text(
            f"Merge {reference} into {target}?"
        )
        report = our_violations(axe, staff, "[data-merge-confirm]", "merge confirmation")
        assert not report, "axe found serious/critical violations:\n" + report
        with staff.expect_navigation():
            staff.get_by_role("button", name="Yes, merge").click()

        expect(staff.get_by_text(f"Report {reference} was merged into {target}.")).to_be_visible()
        assert staff.url == this_url
        expect(staff.locator("[data-report-status]")).to_contain_text("Duplicate")
        expect(staff.locator("[data-report-status]")).to_contain_text(target)

    # The note is on the report merged away, not on the one kept.
    with admin_page(browser, demo_site, "staff@example.org") as visitor:
        visitor.goto(f"{demo_site}/en/reports/{reference}/")
        expect(visitor.locator("main")).to_contain_text("Same hole as the report across")
        visitor.goto(f"{demo_site}/en/reports/{target}/")
        assert "Same hole as the report across" not in visitor.locator("main").inner_text()


# Editors ------------------------------------------------------------------------------------


def _edit_url_of(page, demo_site, title):
    page.goto(f"{demo_site}/admin/pages/search/?q={title}")
    link = page.locator("main a[href$='/edit/']").filter(has_text=re.compile(rf"^\s*{title}\s*$"))
    return demo_site + link.first.get_attribute("href")


def test_the_campaign_slug_fills_from_its_title(demo_site, browser):
    with admin_page(browser, demo_site, "staff@example.org") as staff:
        ideas_edit = _edit_url_of(staff, demo_site, "Ideas")
        ideas_id = re.search(r"/pages/(\d+)/edit/", ideas_edit).group(1)
        staff.goto(f"{demo_site}/admin/pages/add/ideas/ideacampaignpage/{ideas_id}/")

        title = staff.locator("#id_title")
        title.fill("Dog parks for every neighborhood")
        title.press("Tab")

        expect(staff.locator("#id_slug")).to_have_value("dog-parks-for-every-neighborhood")


def test_survey_display_conditions_are_chosen_from_lists(demo_site, browser, axe):
    survey_title = "Citywide resident satisfaction survey 2026"
    with admin_page(browser, demo_site, "staff@example.org") as staff:
        staff.goto(_edit_url_of(staff, demo_site, survey_title))
        question_choices = staff.locator("select[data-survey-condition-choice=question]")
        expect(question_choices.first).to_be_attached()
        # The demo's condition: "What do you use the park for?" only after "Yes" to the park.
        chosen = staff.locator("select[data-survey-condition-choice=question]").filter(
            has=staff.locator("option:checked", has_text="Do you visit a park")
        )
        expect(chosen).to_have_count(1)
        select_id = chosen.get_attribute("id")
        answer = staff.locator(f"#{select_id.replace('question-choice', 'answer-choice')}")
        expect(answer.locator("option:checked")).to_have_text("Yes")
        # Only earlier single- and multiple-choice questions are offered.
        offered = [text.strip() for text in chosen.locator("option").all_inner_texts()]
        assert offered[0] == "Always show"
        assert all(re.match(r"Question \d+: ", text) for text in offered[1:])
        assert not any("What do you use the park for?" in text for text in offered)
        assert not any("street" in text.lower() for text in offered if "Question 2" in text)

        # Staff choose the other option from the list; the form stores its id.
        condition_panel = chosen.locator("xpath=ancestor::section[contains(@class,'w-panel')][1]")
        if not answer.is_visible():
            # Wagtail's sticky header can sit over the toggle: press it from the keyboard.
            toggle = condition_panel.locator(".w-panel__toggle").first
            toggle.focus()
            toggle.press("Enter")
        answer.select_option(label="No")
        hidden_answer = staff.locator(f"#{select_id.replace('question-choice', 'answer')}")
        no_id = answer.locator("option:checked").get_attribute("value")
        assert re.fullmatch(r"[0-9a-f-]{36}", no_id)
        expect(hidden_answer).to_have_value(no_id)
        report = our_violations(axe, staff, "[data-survey-condition-choice]", "survey editor")
        assert not report, "axe found serious/critical violations:\n" + report
