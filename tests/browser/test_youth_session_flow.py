"""A youth session end to end in Chromium: the educator opens the session, a participant
joins with the code on a phone, answers the session's survey and files a field report with
a photo, the educator reviews and sends it, and the report is in the city's queue, where
staff find it like any other, with the photo and without the child's name."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, DESKTOP, PHONE, log_in

CHILD = "Marisol"
DESCRIPTION = "Fresh tags on the bus shelter by the library."

# A program of the demo educator with one child (consent on paper) and a session today
# that runs the program's survey before (one question, for people with an access code).
# Printed: the session's id.
MAKE_PROGRAM = f"""
import datetime
from django.contrib.auth import get_user_model
from django.utils import timezone
from tests.youth.factories import make_code_survey
from youth.models import GuardianConsent, Participant, Program, Session

today = timezone.localdate()
program = Program.objects.create(
    name="Flow test club", site="Franklin Middle School",
    starts_on=today, ends_on=today + datetime.timedelta(days=30),
    pre_survey=make_code_survey("Flow test survey before"),
)
program.educators.add(get_user_model().objects.get(email="educator@example.org"))
child = Participant.objects.create(
    program=program, first_name="{CHILD}", last_initial="Q", age_band="11-13"
)
GuardianConsent.objects.create(
    participant=child, method="paper", guardian_name="Q. Parent", given_on=today
)
session = Session.objects.create(
    program=program, title="The neighborhood walk", starts_at=timezone.now(),
    survey=Session.Survey.PRE,
)
print(session.pk)
"""

# What the server stored: the response (its segment and whether it is paired) and the
# report (its channel, photos, and who filed it: nobody).
STORED = """
from engage.reports.models import ServiceReport
from surveys.models import Response
from youth.models import Session

session = Session.objects.get(title="The neighborhood walk")
for response in Response.objects.filter(survey=session.access_code.survey):
    print("RESPONSE", response.segment == session.survey_segment, bool(response.pair_key))
for report in ServiceReport.objects.filter(youth_field_report__session=session):
    print("REPORT", report.reference, report.channel, report.photos.count(), report.filed_by_id)
"""


def photo_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def new_page(browser, external_requests, viewport):
    context = browser.new_context(locale="en-US", viewport=viewport)
    context.set_default_timeout(15_000)
    context.route("**/*", external_requests.handle)
    return context.new_page()


def open_the_session(educator, site, session_pk):
    log_in(educator, site, "educator@example.org", DEMO_PASSWORD)
    educator.goto(f"{site}/en/youth/sessions/{session_pk}/")
    with educator.expect_navigation():
        educator.get_by_role("button", name="Open the session").click()
    expect(educator.locator("#code-state")).to_contain_text("Open")
    # "The code is" is there for screen readers; the code itself is the last line.
    return educator.locator("#code").inner_text().splitlines()[-1]


def join_answer_and_report(child, site, code):
    child.goto(f"{site}/join/")
    child.get_by_label("Join code").fill(code)  # as on the board: two groups of four
    with child.expect_navigation():
        child.get_by_role("button", name="Join", exact=True).click()
    child.get_by_text(f"{CHILD} Q.", exact=True).click()
    with child.expect_navigation():
        child.get_by_role("button", name="This is me").click()
    expect(child.locator("#joined-as")).to_contain_text(f"{CHILD} Q.")

    with child.expect_navigation():
        child.get_by_role("button", name="Answer the survey").click()
    child.get_by_text("Yes", exact=True).click()
    with child.expect_navigation():
        child.get_by_role("button", name="Send my answers").click()
    expect(child.locator("main")).to_contain_text("Thank you")

    child.goto(f"{site}/en/youth/join/session/")
    with child.expect_navigation():
        child.get_by_role("link", name="Report a problem on the walk").click()
    child.get_by_label("What kind of problem is it?").select_option("graffiti")
    child.get_by_label("What did you see?").fill(DESCRIPTION)
    child.get_by_label("Latitude").fill("39.9526")
    child.get_by_label("Longitude").fill("-75.1652")
    child.locator("input[name=photos]").set_input_files(
        files=[{"name": "shelter.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    with child.expect_navigation():
        child.get_by_role("button", name="Send to my educator").click()
    expect(child.locator("#my-reports")).to_contain_text("Waiting for your educator")


def review_and_send(educator, site, session_pk):
    educator.goto(f"{site}/en/youth/sessions/{session_pk}/")
    expect(educator.locator("#field-reports")).to_contain_text("1 waiting for your review")
    with educator.expect_navigation():
        educator.locator("#field-reports").get_by_role(
            "link", name=re.compile("waiting for your review")
        ).click()
    item = educator.locator("#queue li").first
    expect(item).to_contain_text(DESCRIPTION)
    expect(item).to_contain_text(f"{CHILD} Q.")
    with educator.expect_navigation():
        item.get_by_role("button", name="Send to the city").click()
    message = educator.locator(".engage-messages")
    expect(message).to_contain_text(re.compile(r"Sent to the city as report [A-Z0-9]{8}"))
    return re.search(r"report ([A-Z0-9]{8})", message.inner_text()).group(1)


def find_it_in_the_city_queue(staff, site, reference):
    staff.goto(f"{site}/admin/login/")
    login = staff.locator("form.login-form")
    login.locator("input[name=username]").fill("staff@example.org")
    login.locator("input[name=password]").fill(DEMO_PASSWORD)
    with staff.expect_navigation():
        login.locator("button[type=submit]").click()
    staff.goto(f"{site}/admin/snippets/reports/servicereport/?q={reference}")
    with staff.expect_navigation():
        staff.locator("main table").get_by_role("link", name=reference, exact=True).click()
    expect(staff.locator("[data-report-status]")).to_contain_text("Submitted")
    expect(staff.locator("main")).to_contain_text("Youth session")
    expect(staff.locator("main")).not_to_contain_text(CHILD)


def test_a_session_from_the_code_on_the_board_to_the_citys_queue(
    demo_site, browser, server_python, external_requests
):
    session_pk = server_python(MAKE_PROGRAM).split()[-1]
    educator = new_page(browser, external_requests, PHONE)
    child = new_page(browser, external_requests, PHONE)
    staff = new_page(browser, external_requests, DESKTOP)

    code = open_the_session(educator, demo_site, session_pk)
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4} [2-9A-HJ-NP-Z]{4}", code)
    join_answer_and_report(child, demo_site, code)
    reference = review_and_send(educator, demo_site, session_pk)
    find_it_in_the_city_queue(staff, demo_site, reference)

    stored = server_python(STORED).splitlines()
    assert "RESPONSE True True" in stored  # the session's segment, paired by the handout
    assert f"REPORT {reference} youth 1 None" in stored
    external_requests.assert_none()
