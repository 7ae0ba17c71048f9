"""The loop a volunteer cleanup closes, end to end in Chromium: a liaison plans a cleanup
from two dumping reports, staff approve it, a volunteer signs up on a phone, the liaison
checks her in and marks both reports fixed, and the person who reported them is told."""

import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, DESKTOP, PHONE, log_in

CITY_TIME = ZoneInfo("America/New_York")  # the demo's TIME_ZONE
REPORTER = "dumping.reporter@example.org"
TITLE = "Hope Street mattress cleanup"

# Two dumping reports in Kensington, filed by a resident who follows them (as the report
# form does); printed: the references, then a point in Kensington for the meeting point.
FILE_TWO_DUMPING_REPORTS = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from wagtail.models import Locale
from engage.neighborhoods.models import Address
from engage.reports.models import ServiceCategory
from engage.reports.services import file_report

reporter, _ = get_user_model().objects.get_or_create(
    email="{REPORTER}", defaults={{"display_name": "Dee R."}}
)
EmailAddress.objects.get_or_create(
    user=reporter, email=reporter.email, defaults={{"verified": True, "primary": True}}
)
dumping = ServiceCategory.objects.get(code="illegal-dumping", locale=Locale.get_default())
spots = Address.objects.filter(neighborhood__slug="kensington").order_by("pk")[:2]
references = [
    file_report(
        category=dumping, filed_by=reporter, lat=spot.lat, lng=spot.lng, address=spot.label,
        description="Mattresses and bags dumped on the sidewalk.",
    ).reference
    for spot in spots
]
print("FILED", *references, spots[0].lat, spots[0].lng)
"""

# Three hours pass: the cleanup has started, so its hours and fixed reports can be recorded.
THE_CLEANUP_STARTS = f"""
from datetime import timedelta
from django.utils import timezone
from liaisons.models import VolunteerEvent

VolunteerEvent.objects.filter(title="{TITLE}").update(
    starts_at=timezone.now() - timedelta(minutes=5)
)
"""


def local_minute(moment):
    return moment.astimezone(CITY_TIME).strftime("%Y-%m-%dT%H:%M")


def photo_file(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 60)).save(buffer, "JPEG")
    path = tmp_path / "after.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def new_page(browser, external_requests, viewport):
    context = browser.new_context(locale="en-US", viewport=viewport)
    context.set_default_timeout(15_000)
    context.route("**/*", external_requests.handle)
    return context.new_page()


def plan_the_cleanup(page, site, references, lat, lng):
    log_in(page, site, "liaison@example.org", DEMO_PASSWORD)
    page.goto(f"{site}/en/volunteer/events/new/")
    page.get_by_role("button", name="Show the reports of this neighborhood").click()
    starts = datetime.now(CITY_TIME) + timedelta(minutes=30)
    page.get_by_label("Kind of event").select_option(label="Cleanup")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Description").fill("We clear the two dumping sites on Hope Street.")
    page.get_by_role("combobox", name="Meeting point").fill("Hope St and Berks St")
    page.locator("#event-lat").fill(lat)
    page.locator("#event-lng").fill(lng)
    page.get_by_label("Starts").fill(local_minute(starts))
    page.get_by_label("Ends").fill(local_minute(starts + timedelta(hours=3)))
    page.get_by_label("Places for volunteers").fill("10")
    for reference in references:
        # USWDS draws its own box: the person ticks the label.
        page.locator("label.usa-checkbox__label", has_text=reference).click()
        expect(page.get_by_label(re.compile(reference))).to_be_checked()
    page.locator("main form").get_by_role("button", name="Plan the event").click()
    expect(page.locator("#event-title")).to_have_text(TITLE)
    expect(page.locator("#event-pending")).to_be_visible()
    return re.search(r"^.*/events/\d+/", page.url).group(0)


def approve_the_cleanup(page, site):
    log_in(page, site, "staff@example.org", DEMO_PASSWORD)
    page.goto(f"{site}/admin/volunteer-events/review/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Approve and publish").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator("body")).to_contain_text(TITLE)


def test_a_cleanup_closes_the_loop_on_two_dumping_reports(
    demo_site, browser, server_python, sent_mail, external_requests, tmp_path
):
    filed = server_python(FILE_TWO_DUMPING_REPORTS).splitlines()[-1].split()
    assert filed[0] == "FILED" and len(filed) == 5, filed
    *references, lat, lng = filed[1:]
    liaison = new_page(browser, external_requests, DESKTOP)
    event_url = plan_the_cleanup(liaison, demo_site, references, lat, lng)
    for reference in references:
        expect(liaison.locator("main")).to_contain_text(reference)

    approve_the_cleanup(new_page(browser, external_requests, DESKTOP), demo_site)

    volunteer = new_page(browser, external_requests, PHONE)
    log_in(volunteer, demo_site, "resident@example.org", DEMO_PASSWORD)
    volunteer.goto(event_url)
    expect(volunteer.locator("#event-pending")).to_have_count(0)
    volunteer.locator("#signup").get_by_role("button", name="Sign up").click()
    expect(volunteer.locator("#signup")).to_contain_text("You have a place at this event.")
    width = volunteer.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the event page scrolls sideways: {width} px wide"

    server_python(THE_CLEANUP_STARTS)
    liaison.set_viewport_size(PHONE)
    liaison.goto(event_url + "roster/")
    liaison.get_by_role("button", name=re.compile(r"Check in\s*:\s*Rosa M\.")).click()
    expect(liaison.locator("#roster-list")).to_contain_text("Checked in at")

    sent_mail.clear()
    photo = photo_file(tmp_path)
    for reference in references:
        liaison.goto(event_url + "roster/")
        liaison.locator("#targets li", has_text=reference).get_by_role(
            "link", name="Mark fixed"
        ).click()
        liaison.locator("#mark-fixed-form input[type=file]").set_input_files(photo)
        liaison.get_by_label(re.compile("^Public note")).fill("Cleared by eight neighbors.")
        liaison.locator("#mark-fixed-form").get_by_role("button", name="Mark fixed").click()
        expect(liaison.locator("main")).to_contain_text(reference)

    liaison.goto(event_url + "roster/")
    expect(liaison.locator("#targets")).to_contain_text("marked fixed on", use_inner_text=True)
    told = [m for m in sent_mail.messages() if REPORTER in m["To"]]
    for reference in references:
        about = [m for m in told if reference in sent_mail.text(m)]
        assert about, f"the reporter was not told that {reference} was fixed"
        assert "Cleared by eight neighbors." in sent_mail.text(about[0])
        assert re.search(r"fixed", sent_mail.text(about[0]), re.IGNORECASE)
    external_requests.assert_none()
