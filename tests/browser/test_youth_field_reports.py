"""The educator's review on a phone, in Chromium: a participant's held report with two
photos, one showing a face; the educator takes the child's name out of the text, unticks
that photo and sends the report; it is an ordinary report on the city's list, and the
class's page shows it on its map without any name. axe-core finds no serious problem on
the review page or the class's page, at 390 px and on a desktop.
"""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, DESKTOP, PHONE, log_in
from tests.browser.test_accessibility import serious_violations

EDUCATOR = "educator@example.org"
CHILD = "Philippa"

# A program of the demo educator's, an open session, a participant with a guardian's
# consent, and the report she filed with two photos (held, as the join pages save it).
# Printed: the session's id, the field report's id and the class page's key.
A_HELD_REPORT = f"""
import io
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from wagtail.models import Locale
from engage.neighborhoods.models import Address
from engage.reports.models import ServiceCategory
from youth.models import FieldReport, GuardianConsent, Participant, Program, Session

def jpeg(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="held.jpg")

educator = get_user_model().objects.get(email="{EDUCATOR}")
today = timezone.localdate()
program = Program.objects.create(
    name="Field review walkers", site="Lincoln Middle School",
    starts_on=today - timedelta(days=7), ends_on=today + timedelta(days=60),
)
program.educators.add(educator)
now = timezone.now()
session = Session.objects.create(
    program=program, title="Review walk", starts_at=now, opened_at=now,
    open_until=now + timedelta(hours=2),
)
child = Participant.objects.create(
    program=program, first_name="{CHILD}", last_initial="W", age_band="11-13"
)
GuardianConsent.objects.create(
    participant=child, method="paper", guardian_name="W. Parent", given_on=today
)
graffiti = ServiceCategory.objects.filter(locale=Locale.get_default(), active=True).first()
spot = Address.objects.order_by("pk").first()
held = FieldReport.objects.create(
    session=session, participant=child, category=graffiti,
    description="{CHILD} saw a big tag on the wall.",
    lat=spot.lat, lng=spot.lng, address=spot.label,
)
held.photos.create(image=jpeg((200, 30, 30)))
held.photos.create(image=jpeg((30, 30, 200)))
print("HELD", session.pk, held.pk, session.results_key)
"""


def axe_problems(page, axe, viewport):
    page.set_viewport_size(viewport)
    response = page.reload()
    assert response.ok, f"{page.url} answered {response.status}"
    width = page.evaluate("document.documentElement.scrollWidth")
    problems = [serious_violations(axe, page, f"{page.url} at {viewport['width']} px")]
    if width > viewport["width"]:
        problems.append(f"{page.url} scrolls sideways at {viewport['width']} px ({width} px)")
    return [problem for problem in problems if problem]


def test_the_educator_reviews_a_report_on_a_phone_and_the_class_sees_it(
    demo_site, page, server_python, external_requests
):
    axe = Axe()
    made = server_python(A_HELD_REPORT).splitlines()[-1].split()
    assert made[0] == "HELD", made
    session_pk, report_pk, results_key = made[1:]

    page.set_viewport_size(PHONE)
    log_in(page, demo_site, EDUCATOR, DEMO_PASSWORD)
    page.goto(f"{demo_site}/en/youth/sessions/{session_pk}/review/")
    item = page.locator(f"#field-report-{report_pk}")
    expect(item).to_contain_text(f"Filed by {CHILD} W.")
    # Both held photos load, from the private address only the educator may open.
    for image in item.locator("img").all():
        image.scroll_into_view_if_needed()  # they load lazily
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") == 64
    problems = axe_problems(page, axe, PHONE) + axe_problems(page, axe, DESKTOP)
    page.set_viewport_size(PHONE)

    item = page.locator(f"#field-report-{report_pk}")
    item.get_by_label("What the participant wrote").fill("A big tag on the wall.")
    # USWDS draws its own box: the person ticks the label.
    item.locator("label.usa-checkbox__label", has_text="Send photo 2").click()
    expect(item.get_by_label("Send photo 2")).not_to_be_checked()
    with page.expect_navigation():
        item.get_by_role("button", name="Send to the city").click()
    expect(page.locator(".engage-messages")).to_contain_text(
        re.compile(r"Sent to the city as report [A-Z0-9]{8}")
    )
    reference = re.search(r"report ([A-Z0-9]{8})", page.locator("#reviewed").inner_text()).group(1)

    # An ordinary report now: on the city's public list, the child's name nowhere.
    page.goto(f"{demo_site}/en/reports/{reference}/")
    expect(page.locator("main")).to_contain_text(reference)
    expect(page.locator("main img")).to_have_count(1)
    assert CHILD not in page.content()

    # The class's page: public (a fresh visitor), the report on the map and in the list.
    visitor = page.context.browser.new_context(locale="en-US", viewport=PHONE)
    visitor.route("**/*", external_requests.handle)
    class_page = visitor.new_page()
    class_page.goto(f"{demo_site}/en/youth/class/{results_key}/")
    expect(class_page.locator("#class-reports")).to_contain_text(reference)
    expect(class_page.locator("#class-reporters")).to_contain_text("fewer than 5")
    expect(class_page.locator("#youth-field-reports-map")).to_be_visible()
    expect(class_page.locator("#youth-field-reports-map .leaflet-interactive")).to_have_count(1)
    assert CHILD not in class_page.content()
    problems += axe_problems(class_page, axe, PHONE) + axe_problems(class_page, axe, DESKTOP)
    visitor.close()

    assert not problems, "axe found serious/critical violations:\n" + "\n".join(problems)
    external_requests.assert_none()
