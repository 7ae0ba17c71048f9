""" "Is it really fixed?" in a real browser: the reporter, without an account, follows the
e-mail's link on a phone, says it is not fixed and rates the service; the report is open
again. The page passes axe-core on a phone and a desktop."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DESKTOP, PHONE
from tests.browser.test_accessibility import serious_violations

# A report filed from an app by someone without an account, resolved eight days ago, and
# the command cron runs.
RESOLVED_A_WEEK_AGO = """
from datetime import timedelta
from django.utils import timezone
from engage.outcomes.follow_up import ask_if_fixed
from engage.reports import services
from engage.reports.models import ServiceCategory, ServiceReport
category = ServiceCategory.objects.filter(locale__language_code="en", active=True).first()
report = services.file_report(
    category=category, description="Streetlight out, browser test", lat=39.9526,
    lng=-75.1652, channel="open311", contact_email="vecina.browser@example.org",
)
services.change_status(report, "resolved")
ServiceReport.objects.filter(pk=report.pk).update(closed_at=timezone.now() - timedelta(days=8))
ask_if_fixed()
print(report.reference)
"""


def test_the_reporter_answers_from_the_email_without_an_account(
    demo_site, page, server_python, sent_mail, external_requests
):
    reference = server_python(RESOLVED_A_WEEK_AGO).splitlines()[-1]
    [message] = [m for m in sent_mail.messages() if "vecina.browser@example.org" in m["To"]]
    assert "is it really fixed?" in message["Subject"]
    link = re.search(r"https?://\S+/performance/fixed/\S+/", sent_mail.text(message))[0]
    path = link[link.index("/en/") :]
    axe = Axe()

    problems = []
    page.set_viewport_size(DESKTOP)
    page.goto(f"{demo_site}{path}")
    problems.append(serious_violations(axe, page, "fixed check at 1280 px"))
    page.set_viewport_size(PHONE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Is it really fixed?")
    problems.append(serious_violations(axe, page, "fixed check at 390 px"))

    # Sent without choosing: the error is named and the comment kept.
    page.get_by_label("Anything you want to tell city staff? (optional)").fill("Still dark")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the errors below.")
    expect(page.get_by_role("group", name="Is the problem really fixed?")).to_contain_text(
        "Tell us whether the problem is fixed."
    )
    expect(page.get_by_label("Anything you want to tell city staff? (optional)")).to_have_value(
        "Still dark"
    )
    problems.append(serious_violations(axe, page, "fixed check with an error at 390 px"))

    page.get_by_role("radio", name="No, it is not fixed: reopen the report").check()
    page.get_by_role("radio", name="2 – Dissatisfied").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("status")).to_contain_text("the report is open again")

    status = server_python(
        "from engage.reports.models import ServiceReport\n"
        f"print(ServiceReport.objects.get(reference='{reference}').status)"
    ).splitlines()[-1]
    assert status == "submitted"
    assert not [p for p in problems if p], "\n".join(problems)
    external_requests.assert_none()
