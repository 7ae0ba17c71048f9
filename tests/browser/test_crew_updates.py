"""A crew member updates a request from a phone (390 px) in Chromium while the connection
drops: the update is kept on the phone ("saved on this phone"), nothing reaches the
server; when the connection returns it is sent by itself, exactly once, and the report is
resolved with the note. axe-core finds no serious problem on the crew pages.
"""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, PHONE, log_in
from tests.browser.test_accessibility import serious_violations

STAFF = "staff@example.org"

# A report of the demo staff member's crew (crews/demo.py puts them in one), assigned to
# it and due in an hour: printed, its reference.
A_REPORT_FOR_THE_CREW = f"""
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from engage.reports import services
from engage.reports.crews.services import assign_to_crew
from engage.reports.models import Crew, ServiceCategory
from wagtail.models import Locale

staff = get_user_model().objects.get(email="{STAFF}")
crew = Crew.objects.filter(members=staff).first()
category = ServiceCategory.objects.filter(
    department=crew.department, locale=Locale.get_default()
).first()
report = services.file_report(
    category=category, description="A deep pothole by the bus stop",
    lat=39.9526, lng=-75.1652, address="1400 John F Kennedy Blvd",
)
assign_to_crew([report], crew, actor=staff)
type(report).objects.filter(pk=report.pk).update(due_at=timezone.now() - timedelta(minutes=1))
print(report.reference)
"""


def field_updates(server_python, reference):
    return server_python(
        "from engage.reports.models import FieldUpdate, ServiceReport\n"
        f"report = ServiceReport.objects.get(reference='{reference}')\n"
        "print(FieldUpdate.objects.filter(report=report).count(), report.status)"
    ).splitlines()[-1]


def test_an_update_made_offline_is_sent_once_when_the_connection_returns(
    demo_site, page, server_python, external_requests
):
    reference = server_python(A_REPORT_FOR_THE_CREW).splitlines()[-1]
    axe = Axe()
    page.set_viewport_size(PHONE)
    log_in(page, demo_site, STAFF, DEMO_PASSWORD)

    page.goto(f"{demo_site}/en/reports/crew/")
    item = page.locator(f"#crew-list [data-report='{reference}']")
    expect(item).to_be_visible()
    expect(item.get_by_role("link", name="Directions")).to_have_attribute(
        "href", "https://www.openstreetmap.org/directions?to=39.9526,-75.1652"
    )
    problems = [serious_violations(axe, page, "crew today at 390 px")]

    item.locator("h3 a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    problems.append(serious_violations(axe, page, "crew report at 390 px"))

    page.context.set_offline(True)
    page.get_by_role("radio", name="Done").check()
    page.get_by_label("Public note").fill("Filled and rolled this morning.")
    page.get_by_role("button", name="Send the update").click()

    outbox = page.locator("#crew-outbox")
    expect(outbox).to_be_visible()
    expect(page.locator("#crew-outbox-status")).to_contain_text(
        re.compile("saved on this phone", re.IGNORECASE)
    )
    expect(page.locator("#crew-outbox-list li")).to_have_count(1)
    assert field_updates(server_python, reference) == "0 submitted"
    problems.append(serious_violations(axe, page, "crew report, update waiting, at 390 px"))

    page.context.set_offline(False)
    expect(page.locator("#crew-outbox-status")).to_contain_text("Update received", timeout=40_000)
    expect(page.locator("#crew-outbox-list li")).to_have_count(0)
    assert field_updates(server_python, reference) == "1 resolved"

    # Nothing is left on the phone to send again: a new page sends nothing more.
    page.goto(f"{demo_site}/en/reports/crew/")
    expect(page.locator(f"#crew-list [data-report='{reference}']")).to_have_count(0)
    page.wait_for_timeout(500)
    assert field_updates(server_python, reference) == "1 resolved"

    assert not [p for p in problems if p], "\n".join(problems)
    external_requests.assert_none()
