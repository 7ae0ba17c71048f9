"""A participant joins a session on a 390-px phone with the code on the board, chooses
their name and files a field report with a photo, which waits for the educator. axe-core
finds no serious or critical problem on any page of the way, and nothing scrolls sideways.
"""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import PHONE
from tests.browser.test_accessibility import serious_violations

# A program run by the demo educator, with one child with consent on the roster and a
# session open now; printed: the session's join code.
OPEN_A_SESSION = """
import datetime
from django.contrib.auth import get_user_model
from django.utils import timezone
from youth.models import GuardianConsent, Participant, Program, Session

today = timezone.localdate()
program = Program.objects.create(
    name="Browser test program", site="Franklin Middle School", allow_anonymous=True,
    starts_on=today, ends_on=today + datetime.timedelta(days=30),
)
program.educators.add(get_user_model().objects.get(email="educator@example.org"))
child = Participant.objects.create(
    program=program, first_name="Marisol", last_initial="T", age_band="11-13"
)
GuardianConsent.objects.create(
    participant=child, method="paper", guardian_name="T. Parent", given_on=today
)
now = timezone.now()
session = Session.objects.create(
    program=program, title="Neighborhood walk", starts_at=now,
    opened_at=now, open_until=now + datetime.timedelta(hours=2),
)
print("CODE", session.join_code)
"""

HELD_REPORTS = """
from youth.models import FieldReport
for held in FieldReport.objects.filter(session__title="Neighborhood walk"):
    print("HELD", held.review, held.participant.first_name, held.photos.count(),
          held.report_id)
"""


@pytest.fixture(scope="module")
def axe():
    return Axe()


def photo_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def problems_here(page, axe):
    where = f"{page.url} at {page.viewport_size['width']} px"
    problems = [serious_violations(axe, page, where)]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > page.viewport_size["width"]:
        problems.append(f"{where}: scrolls sideways, the page is {width} px wide")
    return [problem for problem in problems if problem]


def test_a_participant_joins_on_a_phone_and_files_a_report_with_a_photo(
    demo_site, page, axe, server_python, external_requests
):
    code = server_python(OPEN_A_SESSION).split()[-1]
    page.set_viewport_size(PHONE)
    problems = []

    page.goto(f"{demo_site}/en/youth/join/")
    problems += problems_here(page, axe)
    page.get_by_label("Join code").fill("nope-nope")
    with page.expect_navigation():
        page.get_by_role("button", name="Join", exact=True).click()
    expect(page.locator("#join-errors")).to_contain_text("A join code has 8 characters")
    problems += problems_here(page, axe)

    # As read from the board: lower case, with a dash in the middle.
    page.get_by_label("Join code").fill(f"{code[:4].lower()}-{code[4:].lower()}")
    with page.expect_navigation():
        page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("heading", name="Who are you?")).to_be_visible()
    problems += problems_here(page, axe)

    page.get_by_text("Marisol T.", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="This is me").click()
    expect(page.locator("#joined-as")).to_contain_text("Marisol T.")
    problems += problems_here(page, axe)

    with page.expect_navigation():
        page.get_by_role("link", name="Report a problem on the walk").click()
    problems += problems_here(page, axe)
    page.get_by_label("What kind of problem is it?").select_option("graffiti")
    page.get_by_label("What did you see?").fill("Fresh tags on the bus shelter.")
    page.get_by_label("Latitude").fill("39.9526")
    page.get_by_label("Longitude").fill("-75.1652")
    page.locator("input[name=photos]").set_input_files(
        files=[{"name": "shelter.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Send to my educator").click()

    expect(page.locator("#my-reports")).to_contain_text("Waiting for your educator")
    expect(page.locator("main")).to_contain_text(
        "Your educator checks it before it goes to the city."
    )
    problems += problems_here(page, axe)
    assert not problems, "\n".join(problems)
    held = server_python(HELD_REPORTS).splitlines()[-1]
    assert held == "HELD held Marisol 1 None"
    external_requests.assert_none()
