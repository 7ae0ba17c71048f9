"""Closing the loop in a browser: staff publish an outcome that links an idea and two
service reports; everyone behind them gets exactly one e-mail (the person who voted for
the idea, followed it and filed one of the reports included); the idea's page and both
reports' pages say what they led to; the transparency page counts them at once.

The feedback and the draft outcome are made in the server's database; the publication
is the editor's click in the Wagtail admin, so the announcement runs as it does for staff.
"""

import json
import re
from collections import Counter

from playwright.sync_api import expect

from tests.browser.helpers import DESKTOP
from tests.browser.test_staff_admin import admin_page

MAKE_FEEDBACK_AND_DRAFT = """
import json
import re
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale
from engage.core.models import HomePage
from engage.outcomes.models import OutcomeIndexPage, OutcomeLink, OutcomePage
from engage.reports import services as report_services
from engage.reports.models import ServiceCategory
from ideas import services as idea_services
from ideas.models import Idea, IdeaCampaignPage

User = get_user_model()
author = User.objects.create_user("flow-author@example.org", "pw-flow-2026", display_name="Ann")
voter = User.objects.create_user("flow-voter@example.org", "pw-flow-2026", display_name="Vic")
for person in (author, voter):
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
campaign = next(
    c for c in IdeaCampaignPage.objects.live().filter(locale=Locale.get_default())
    if c.voting_enabled and c.is_open()
)
idea = Idea.objects.create(
    campaign=campaign, author=author, title="Benches along the river path",
    summary="Somewhere to rest on the long walk.", body="<p>Benches every 300 m.</p>",
    status=Idea.Status.PUBLISHED, published_at=timezone.now(),
)
idea_services.cast_vote(idea, voter, follow=True)
category = ServiceCategory.objects.filter(locale=Locale.get_default(), active=True).first()
with_account = report_services.file_report(
    category=category, filed_by=voter, description="Broken bench on the river path",
    lat=39.97, lng=-75.13, contact_email="flow-voter@example.org",
)
by_email = report_services.file_report(
    category=category, description="No bench near the boat house",
    lat=39.97, lng=-75.14, contact_email="flow-walker@example.org",
)
default = Locale.get_default()
index = OutcomeIndexPage.objects.filter(locale=default).first()
if index is None:
    index = OutcomeIndexPage(title="You said, we did", slug="you-said-we-did-flow")
    HomePage.objects.get(locale=default).add_child(instance=index)
    index.save_revision().publish()
draft = OutcomePage(
    title="New benches on the river path",
    slug="benches-river-path-flow",
    summary="Twelve benches along the river path, one every 300 m.",
    status="completed",
    progress=100,
    live=False,
)
draft.links.add(OutcomeLink(idea=idea))
draft.links.add(OutcomeLink(report=with_account))
draft.links.add(OutcomeLink(report=by_email))
index.add_child(instance=draft)
draft.save_revision()
print(json.dumps({
    "page": draft.pk,
    "idea": idea.get_absolute_url(),
    "reports": [with_account.get_absolute_url(), by_email.get_absolute_url()],
}))
"""

CONTRIBUTORS = {"flow-author@example.org", "flow-voter@example.org", "flow-walker@example.org"}


def test_publishing_an_outcome_tells_each_contributor_once_and_closes_the_loop(
    demo_server, demo_site, browser, sent_mail
):
    made = json.loads(demo_server[2](MAKE_FEEDBACK_AND_DRAFT).splitlines()[-1])
    try:
        sent_mail.clear()
        context = browser.new_context(locale="en-US", viewport=DESKTOP)
        page = context.new_page()
        before = days_to_outcome(page, demo_site)

        with admin_page(browser, demo_site, "staff@example.org", DESKTOP) as staff:
            staff.goto(f"{demo_site}/admin/pages/{made['page']}/edit/")
            staff.get_by_role("button", name="More actions").first.click()
            with staff.expect_navigation():
                staff.get_by_role("button", name="Publish").click()
            expect(staff.locator(".messages")).to_contain_text("published")

        told = Counter(
            address.addr_spec
            for message in sent_mail.messages()
            if "New benches on the river path" in message["Subject"] + sent_mail.text(message)
            for address in message["To"].addresses
        )
        assert set(told) == CONTRIBUTORS, told
        assert set(told.values()) == {1}, told

        for path in [made["idea"], *made["reports"]]:
            page.goto(demo_site + path)
            led_to = page.locator("section.outcome-led-to")
            expect(led_to.get_by_role("link", name="New benches on the river path")).to_be_visible()

        # The idea and the two reports now have an outcome, published today: the transparency
        # page counts them at once, not when its cached figures expire.
        after = days_to_outcome(page, demo_site)
        assert after != before
        counted = [re.fullmatch(r"too few cases \((\d+)\)", text) for text in (before, after)]
        if all(counted):
            assert int(counted[1][1]) == int(counted[0][1]) + 3
        context.close()

    finally:
        # Other browser tests count the demo's outcomes on the same server.
        demo_server[2](
            f"from wagtail.models import Page; Page.objects.get(pk={made['page']}).delete()"
        )


def days_to_outcome(page, demo_site):
    page.goto(f"{demo_site}/en/performance/")
    cell = page.locator('[data-figure="loop_closure.median_days_to_outcome"]')
    return cell.inner_text().strip()
