"""Staff reading a person's record and merging a duplicate, in a real browser: the People
list finds the caller, the record shows the timeline and takes a note, the merge screen
offers the duplicate, previews it and merges it. axe-core checks the markup these screens
add to the admin, on a desktop and a 390-px screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_staff_admin import admin_page, our_violations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# {n}: one caller per screen size, so the two runs never find each other's records.
SETUP = """
from engage.reports.models import Contact, Person
kept = Person.objects.create(name="Rosa {n}", phone="215-555-01{n}", phone_key="21555501{n}")
twin = Person.objects.create(name="Rosa {n}", email="rosa{n}@example.org")
Contact.objects.create(person=kept, kind="information", channel="phone", topic="Trash day {n}")
Contact.objects.create(person=twin, kind="complaint", channel="email", topic="Missed pickup {n}")
print(kept.pk, twin.pk)
"""


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_find_a_person_read_the_record_and_merge_the_duplicate(
    browser, demo_site, server_python, axe, viewport
):
    n = 11 if viewport is DESKTOP else 22
    kept, twin = server_python(SETUP.format(n=n)).splitlines()[-1].split()
    with admin_page(browser, demo_site, "staff@example.org", viewport) as staff:
        staff.goto(f"{demo_site}/admin/contact-center/people/")
        search = staff.locator("[data-people-filter]")
        search.get_by_label("Name, phone or e-mail").fill(f"215 555 01{n}")
        search.get_by_role("button", name="Search").click()
        list_ = staff.locator("[data-people-list]")
        expect(list_).to_contain_text(f"Rosa {n}")
        assert not our_violations(axe, staff, "[data-people]", "people list")

        list_.get_by_role("link", name=f"Rosa {n}").click()
        expect(staff.locator("[data-person-timeline]")).to_contain_text(f"Trash day {n}")
        staff.get_by_label("New note").fill("Prefers calls after 5 pm")
        staff.get_by_role("button", name="Save the note").click()
        expect(staff.locator("[data-person-notes]")).to_contain_text("Prefers calls after 5 pm")
        assert not our_violations(axe, staff, "[data-person-record]", "person's record")

        staff.get_by_role("link", name="Merge a duplicate record into this one").click()
        candidates = staff.locator("[data-merge-candidates]")
        candidates.locator(f"a[href*='duplicate={twin}']").click()
        expect(staff.locator("[data-merge-preview]")).to_contain_text("1 contact moves")
        assert not our_violations(axe, staff, "[data-person-merge]", "merge screen")
        staff.get_by_role("button", name="Yes, merge the records").click()

        assert staff.url.endswith(f"/contact-center/people/{kept}/")
        timeline = staff.locator("[data-person-timeline]")
        expect(timeline).to_contain_text(f"Missed pickup {n}")
        expect(timeline).to_contain_text(f"Trash day {n}")
        expect(staff.locator("[data-person-details]")).to_contain_text(f"rosa{n}@example.org")
