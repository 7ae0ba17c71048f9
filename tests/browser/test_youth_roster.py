"""The roster and consent pages in a real browser: an educator adds participants one after
another on a 390-px phone, records a signed consent form, sends the online link; the
guardian consents through it. axe-core finds no serious or critical problem on the roster,
the consent pages, the guardian's form and the privacy page, at desktop size and on a
phone, where nothing scrolls sideways."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, PHONE, log_in
from tests.browser.test_liaisons_pages import problems_at_both_sizes, problems_here

DEMO_EDUCATOR = "educator@example.org"
PROGRAM_NAME = "Roster browser test program"
CONSENT_LINK = re.compile(r"https?://\S+/youth/consent/[^/\s]+/")


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def program_pk(server_python):
    """A program of the demo educator with one participant already on the roster (made in
    the server's database: the program pages belong to another part of the site)."""
    return int(
        server_python(
            "import datetime\n"
            "from django.contrib.auth import get_user_model\n"
            "from django.utils import timezone\n"
            "from youth.models import Participant, Program\n"
            f"Program.objects.filter(name={PROGRAM_NAME!r}).delete()\n"
            "today = timezone.localdate()\n"
            "program = Program.objects.create(\n"
            f"    name={PROGRAM_NAME!r}, site='Lincoln Middle School',\n"
            "    starts_on=today, ends_on=today + datetime.timedelta(days=60),\n"
            "    allow_anonymous=True)\n"
            f"program.educators.add(get_user_model().objects.get(email={DEMO_EDUCATOR!r}))\n"
            "Participant.objects.create(program=program, first_name='Ana', last_initial='R',\n"
            "    age_band='11-13')\n"
            "print(program.pk)\n"
        ).splitlines()[-1]
    )


def test_an_educator_builds_the_roster_on_a_phone_and_a_guardian_consents(
    page, demo_site, program_pk, sent_mail, axe, external_requests
):
    page.set_viewport_size(PHONE)
    log_in(page, demo_site, DEMO_EDUCATOR, DEMO_PASSWORD)
    roster_url = f"{demo_site}/en/youth/programs/{program_pk}/roster/"
    page.goto(roster_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(PROGRAM_NAME)
    problems = problems_at_both_sizes(page, axe)
    page.set_viewport_size(PHONE)

    # Several in a row: the form comes back empty, focused on nothing lost.
    form = page.locator("#add-form")
    form.get_by_label("First name").fill("Maya")
    form.get_by_label("First letter of the last name").fill("t")
    form.get_by_label("Age", exact=True).select_option("11-13")
    with page.expect_navigation():
        form.get_by_role("button", name="Add and add another").click()
    expect(page.locator(".usa-alert--success")).to_contain_text("Maya T. is on the roster")
    page.get_by_label("First name").fill("Leo")
    with page.expect_navigation():
        page.get_by_role("button", name="Add and add another").click()
    # A mistake is told, linked to its field, and what was typed stays.
    expect(page.locator(".form-errors")).to_contain_text("Choose the participant's age.")
    expect(page.get_by_label("First name")).to_have_value("Leo")
    problems += problems_here(page, axe)
    page.get_by_label("Age", exact=True).select_option("14-15")
    with page.expect_navigation():
        page.get_by_role("button", name="Add and show the roster").click()
    expect(page.locator("#roster-list")).to_contain_text("Leo")
    expect(page.locator("#roster-counts")).to_contain_text("3 participants on the roster")

    # A signed paper form for Maya.
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"^Consent\W+Maya T\.$")).click()
    problems += problems_at_both_sizes(page, axe)
    page.set_viewport_size(PHONE)
    page.get_by_label("Parent or guardian's name").fill("Rosa T.")
    page.locator("label[for=id_signed_form]").click()  # USWDS draws the box on the label
    with page.expect_navigation():
        page.get_by_role("button", name="Record the signed form").click()
    expect(page.locator("#roster-list li", has_text="Maya T.")).to_contain_text("signed form")
    expect(page.locator("#roster-counts")).to_contain_text("With consent: 1")

    # The online link for Leo's guardian.
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"^Consent\W+Leo$")).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Send the link to a parent or guardian").click()
    problems += problems_here(page, axe)
    page.get_by_label("Parent or guardian's e-mail address").fill("leo.guardian@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".usa-alert--success")).to_contain_text("leo.guardian@example.org")
    messages = [m for m in sent_mail.messages() if "leo.guardian@example.org" in m["To"]]
    assert len(messages) == 1
    link = CONSENT_LINK.search(sent_mail.text(messages[0])).group(0)

    # The guardian, on their own phone, with no account.
    guardian = page.context.browser.new_context(locale="en-US", viewport=PHONE)
    guardian.route("**/*", external_requests.handle)
    guardian_page = guardian.new_page()
    guardian_page.goto(link)
    expect(guardian_page.get_by_role("heading", level=1)).to_have_text(
        "Consent for a youth program"
    )
    problems += problems_at_both_sizes(guardian_page, axe)
    guardian_page.set_viewport_size(PHONE)
    with guardian_page.expect_navigation():
        guardian_page.get_by_role("button", name="I give my consent").click()
    expect(guardian_page.locator(".form-errors")).to_contain_text(
        "Please tick the box to give your consent."
    )
    problems += problems_here(guardian_page, axe)
    guardian_page.get_by_label("Your name").fill("Pat B.")
    guardian_page.locator("label[for=id_consent]").click()
    with guardian_page.expect_navigation():
        guardian_page.get_by_role("button", name="I give my consent").click()
    expect(guardian_page.locator("#consent-given")).to_contain_text("is recorded")
    guardian.close()

    page.goto(roster_url)
    expect(page.locator("#roster-counts")).to_contain_text("With consent: 2")
    expect(page.locator("#roster-list")).to_contain_text("online")

    external_requests.assert_none()
    assert not [p for p in problems if p], "\n".join(problems)


def test_the_privacy_page_is_accessible_in_english_and_spanish(page, demo_site, axe):
    problems = []
    for language in ("en", "es"):
        page.goto(f"{demo_site}/{language}/youth/privacy/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        problems += problems_at_both_sizes(page, axe)
    assert not problems, "\n".join(problems)
