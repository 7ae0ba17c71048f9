"""A contact-center agent's phone calls, in a real browser and with the keyboard only:
find the caller by their number, answer from the knowledge base and log the inquiry as
resolved on first contact; then a second call files a pothole for the same caller and the
reference is read back. axe-core checks the intake screens on a desktop and a phone."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DESKTOP, PHONE
from tests.browser.test_staff_admin import admin_page, our_violations

AGENT = "staff@example.org"
CALLER_PHONE = "215 555 0142"  # Dana Ruiz, a demo caller (engage/reports/contact_center/demo.py)
ANSWER_TITLE = "When is my trash collected?"
MAIN = "main"

MAKE_ANSWER = f"""
from engage.core.models import HomePage
from engage.reports.models import Department, KnowledgeAnswerPage, KnowledgeIndexPage
from wagtail.models import Locale
if not KnowledgeAnswerPage.objects.filter(title={ANSWER_TITLE!r}).exists():
    index = KnowledgeIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        home = HomePage.objects.filter(locale=Locale.get_default()).first()
        index = home.add_child(instance=KnowledgeIndexPage(title="Answers", slug="answers"))
        index.save_revision().publish()
    answer = index.add_child(instance=KnowledgeAnswerPage(
        title={ANSWER_TITLE!r},
        slug="when-is-my-trash-collected",
        summary="Once a week on your street's collection day; put it out by 7 a.m.",
        answer="<p>Look up your day on the sanitation page.</p>",
        owner_department=Department.objects.first(),
    ))
    answer.save_revision().publish()
# The demo may have it already, in its own words: what the agent should read out.
print(KnowledgeAnswerPage.objects.filter(title={ANSWER_TITLE!r}).first().summary)
"""

LAST_CONTACT = """
from engage.reports.models import Contact
c = Contact.objects.order_by("-pk").first()
print(c.person.phone_key, c.kind, c.resolved_first_contact, c.answer.title if c.answer else "")
"""


@pytest.fixture(scope="module")
def axe():
    return Axe()


def last_line(output):
    # `manage.py shell` may first say what it imported.
    return output.splitlines()[-1]


def find_the_caller(agent, demo_site):
    agent.goto(f"{demo_site}/admin/contact-center/")
    search = agent.get_by_label("Find the caller")
    expect(search).to_be_focused()
    agent.keyboard.type(CALLER_PHONE)
    with agent.expect_navigation():
        agent.keyboard.press("Enter")
    expect(agent.get_by_role("heading", name="1 person found")).to_be_visible()
    with agent.expect_navigation():
        agent.locator("[data-first-result]").click()
    expect(agent.get_by_role("heading", name="Caller")).to_be_visible()


def test_a_call_answered_from_the_knowledge_base_then_a_request_filed_for_the_caller(
    demo_site, browser, server_python
):
    summary = last_line(server_python(MAKE_ANSWER))
    with admin_page(browser, demo_site, AGENT) as agent:
        # First call: a question the knowledge base answers.
        find_the_caller(agent, demo_site)
        expect(agent.get_by_label("Search the answers")).to_be_focused()
        agent.keyboard.type("trash collected")
        with agent.expect_navigation():
            agent.keyboard.press("Enter")
        expect(agent.get_by_text(summary)).to_be_visible()
        use = agent.get_by_role(
            "link", name=re.compile(r"Use this answer\s*:\s*" + re.escape(ANSWER_TITLE))
        )
        expect(use).to_be_focused()
        with agent.expect_navigation():
            agent.keyboard.press("Enter")
        topic = agent.get_by_label("Topic")
        expect(topic).to_be_focused()
        expect(topic).to_have_value(ANSWER_TITLE)
        expect(agent.get_by_label("Resolved on first contact")).to_be_checked()
        with agent.expect_navigation():
            agent.keyboard.press("Enter")
        expect(agent.get_by_text("is logged. Ready for the next call.")).to_be_visible()
        expect(agent.get_by_label("Find the caller")).to_be_focused()
        assert (
            last_line(server_python(LAST_CONTACT)) == f"2155550142 information True {ANSWER_TITLE}"
        )

        # Second call: the same caller reports a pothole.
        find_the_caller(agent, demo_site)
        agent.get_by_label("Category").select_option(label="Pothole")
        agent.get_by_label("Description", exact=True).fill("A deep pothole in front of number 12")
        agent.get_by_label("Address or description of the place").fill("Behind the library")
        with agent.expect_navigation():
            agent.get_by_role("button", name="File the request").click()
        reference = agent.locator("[data-reference]")
        expect(reference).to_be_visible()
        code = reference.get_attribute("data-reference")
        assert re.fullmatch(r"[2-9A-Z]{8}", code)
        expect(reference).to_have_text(re.compile(rf"{code[:4]}\s*{code[4:]}"))
        expect(agent.get_by_role("link", name="Next call")).to_be_focused()
        filed = last_line(
            server_python(
                "from engage.reports.models import ServiceReport as R; "
                f"r = R.objects.get(reference={code!r}); "
                "print(r.person.phone_key, r.channel, r.category.code, r.contacts.count())"
            )
        )
        assert filed == "2155550142 phone pothole 1"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_intake_screens_pass_axe(demo_site, browser, axe, server_python, viewport):
    server_python(MAKE_ANSWER)
    with admin_page(browser, demo_site, AGENT, viewport) as agent:
        pages = [
            "/admin/contact-center/",
            "/admin/contact-center/?q=ruiz",
            "/admin/contact-center/?q=555",
            "/admin/contact-center/people/new/",
            "/admin/contact-center/anonymous/?aq=trash",
        ]
        report = ""
        for path in pages:
            agent.goto(f"{demo_site}{path}")
            report += our_violations(axe, agent, MAIN, path)
        find_the_caller(agent, demo_site)
        report += our_violations(axe, agent, MAIN, "the call page")
        with agent.expect_navigation():
            agent.get_by_role("button", name="File the request").click()
        expect(agent.locator(".engage-intake-errors")).to_be_focused()
        report += our_violations(axe, agent, MAIN, "the call page with errors")
        assert not report, "axe found serious/critical violations:\n" + report
