"""A resident's privacy in a real browser: they ask for a copy of their data, follow the
e-mail's link and download the zip; then they delete their account (a wrong password is
named, the tick kept) and can no longer log in. The privacy pages pass axe-core in
English and Spanish, on a desktop and a phone."""

import json
import re
import zipfile

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, DESKTOP, PHONE, log_in
from tests.browser.test_accessibility import serious_violations

EMAIL = "privacy.browser@example.org"
NEW_RESIDENT = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
user = get_user_model().objects.create_user(
    email="{EMAIL}", password="{DEMO_PASSWORD}", display_name="Priya"
)
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
print(user.pk)
"""
# The test leaves nothing behind: the tombstone has no contributions, so it can go.
REMOVE = """
from django.contrib.auth import get_user_model
from engage.notifications.models import Notification
Notification.objects.filter(email="deleted-{pk}@deleted.invalid").delete()
get_user_model().objects.filter(pk={pk}).delete()
"""
STATE = """
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(pk={pk})
print(user.email, user.erased_at is not None, user.is_active)
"""


def check_pages(page, demo_site, paths):
    axe = Axe()
    problems = []
    for path in paths:
        for language in ("en", "es"):
            for size in (DESKTOP, PHONE):
                page.set_viewport_size(size)
                response = page.goto(f"{demo_site}/{language}{path}")
                assert response.ok, f"{path} answered {response.status}"
                problems.append(serious_violations(axe, page, f"{language}{path} {size['width']}"))
    page.set_viewport_size(DESKTOP)
    assert not any(problems), "\n".join(filter(None, problems))


def test_a_resident_downloads_their_data_then_deletes_their_account(
    demo_site, page, server_python, sent_mail
):
    pk = server_python(NEW_RESIDENT).splitlines()[-1]
    try:
        check_pages(page, demo_site, ["/privacy/"])
        log_in(page, demo_site, EMAIL, DEMO_PASSWORD)
        check_pages(page, demo_site, ["/profile/privacy/", "/profile/privacy/delete/"])

        # Download: asked for, prepared, e-mailed, fetched.
        page.goto(f"{demo_site}/en/profile/privacy/")
        page.get_by_role("button", name="Prepare a copy of my data").click()
        expect(page.get_by_text("We are preparing your data.")).to_be_visible()
        [message] = [m for m in sent_mail.messages() if EMAIL in m["To"]]
        link = re.search(r"https?://\S+/profile/privacy/download/\S+/", sent_mail.text(message))[0]
        with page.expect_download() as download:
            page.evaluate("url => { window.location.href = url; }", link)
        archive = zipfile.ZipFile(download.value.path())
        data = json.loads(archive.read("my-data.json"))
        account = next(r for r in data["records"] if r["title"] == "Your account")
        assert account["rows"][0]["E-mail address"] == EMAIL
        assert "Priya" in archive.read("my-data.html").decode()

        # Delete: a wrong password is named and the tick kept; the right one deletes.
        page.goto(f"{demo_site}/en/profile/privacy/")
        page.get_by_role("link", name="Delete my account").click()
        page.get_by_label("Your password").fill("not my password")
        page.locator("label[for=id_understood]").click()  # USWDS draws the box on the label
        page.get_by_role("button", name="Delete my account for good").click()
        expect(page.get_by_text("That is not your password.")).to_be_visible()
        expect(page.get_by_label(re.compile("I understand"))).to_be_checked()
        page.get_by_label("Your password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Delete my account for good").click()
        expect(page.get_by_text("Your account has been deleted.")).to_be_visible()

        email, erased, active = server_python(STATE.format(pk=pk)).splitlines()[-1].split()
        assert (email, erased, active) == (f"deleted-{pk}@deleted.invalid", "True", "False")
        log_in(page, demo_site, EMAIL, DEMO_PASSWORD)
        expect(page.locator("main form.form input[name=login]")).to_be_visible()
    finally:
        server_python(REMOVE.format(pk=pk))
