"""The educator area on a phone: the demo educator finds their program, opens a session and
reads its code, takes attendance with one tap, and closes the session; axe finds no serious
problem on the educator home, the program page, the session page or the attendance sheet,
and nothing scrolls sideways at 390 px."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, PHONE, log_in
from tests.browser.test_accessibility import serious_violations

EDUCATOR = "educator@example.org"

# A program of the demo educator with a session today that runs the demo "before" survey,
# and a roster of three (one without consent). Printed: the program's and session's ids.
MAKE_PROGRAM = """
import datetime
from django.contrib.auth import get_user_model
from django.utils import timezone
from surveys.models import SurveyPage
from youth.models import GuardianConsent, Participant, Program, Session
educator = get_user_model().objects.get(email="educator@example.org")
today = timezone.localdate()
program = Program.objects.create(
    name="Browser test club", site="Lincoln Middle School",
    starts_on=today, ends_on=today + datetime.timedelta(days=30),
    pre_survey=SurveyPage.objects.get(slug="youth-program-before", locale__language_code="en"),
)
program.educators.add(educator)
session = Session.objects.create(
    program=program, title="How my city works", starts_at=timezone.now(), place="Room 12",
    survey=Session.Survey.PRE,
)
for first, initial, consent in (("Ana", "R", True), ("Ben", "T", True), ("Noor", "K", False)):
    child = Participant.objects.create(
        program=program, first_name=first, last_initial=initial, age_band="11-13"
    )
    if consent:
        GuardianConsent.objects.create(
            participant=child, method="paper", guardian_name="A. Parent", given_on=today
        )
print(program.pk, session.pk)
"""


@pytest.fixture
def demo_program(server_python):
    program_pk, session_pk = server_python(MAKE_PROGRAM).split()[-2:]
    return int(program_pk), int(session_pk)


def assert_fits_a_phone(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what} scrolls sideways: {width} px wide"


def check(page, path, what):
    assert_fits_a_phone(page, what)
    report = serious_violations(Axe(), page, path)
    assert not report, f"axe found serious/critical violations on {what}:\n" + report


def test_an_educator_runs_a_session_from_a_phone(demo_site, page, demo_program, external_requests):
    program_pk, session_pk = demo_program
    page.set_viewport_size(PHONE)
    log_in(page, demo_site, EDUCATOR, DEMO_PASSWORD)

    page.goto(f"{demo_site}/en/youth/educator/")
    expect(page.locator("#programs")).to_contain_text("Browser test club")
    check(page, "/en/youth/educator/", "the educator home")

    page.get_by_role("link", name="Browser test club").click()
    expect(page.locator("h1")).to_have_text("Browser test club")
    expect(page.locator("#sessions-upcoming")).to_contain_text("How my city works")
    expect(page.locator("#participants")).to_contain_text("1 has no consent on record yet.")
    check(page, f"/en/youth/programs/{program_pk}/", "the program page")

    page.get_by_role("link", name="How my city works").click()
    expect(page.locator("#code-state")).to_contain_text("Closed")
    expect(page.locator("#no-consent-names")).to_contain_text("Noor K.")
    page.get_by_label("Keep the code working for").select_option("2")
    page.get_by_role("button", name="Open the session").click()
    expect(page.locator(".usa-alert--success")).to_contain_text("The session is open")
    expect(page.locator("#code-state")).to_contain_text("Open")
    expect(page.locator("#code")).to_have_text(re.compile(r"[2-9A-Z]{4} [2-9A-Z]{4}"))
    check(page, f"/en/youth/sessions/{session_pk}/", "the session page")

    page.get_by_role("link", name="Take attendance").click()
    # The name is in the button for screen readers (Chromium reads "Present : Ana R.").
    page.get_by_role("button", name=re.compile(r"^Present\W+Ana R\.$")).click()
    expect(page.locator(".usa-alert--success")).to_contain_text("Ana R.: present.")
    page.get_by_role("button", name=re.compile(r"^Absent\W+Ben T\.$")).click()
    expect(page.locator("#attendance-counts")).to_contain_text("1 present, 1 absent, of 3")
    expect(page.locator(f"#line-{page_line(page, 'Ana R.')}")).to_contain_text("Present")
    check(page, f"/en/youth/sessions/{session_pk}/attendance/", "the attendance sheet")

    page.get_by_role("link", name="Back to the session").click()
    page.get_by_role("button", name="Close the session").click()
    expect(page.locator("#code-state")).to_contain_text("Closed")
    external_requests.assert_none()


def page_line(page, name):
    """The participant id of the attendance line headed ``name``."""
    line = page.locator(".usa-collection__item", has=page.get_by_role("heading", name=name))
    return line.get_attribute("id").removeprefix("line-")
