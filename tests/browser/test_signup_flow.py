"""A new resident signs up, confirms their e-mail, logs in and switches to Spanish."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.helpers import log_in

EMAIL = "new.resident@example.org"
PASSWORD = "correct-Horse-battery-9"  # noqa: S105
CONFIRM_LINK = re.compile(r"https?://[^\s/]+(/\S*?accounts/confirm-email/[^\s/]+/)")


def path_of(url):
    return urlsplit(url).path


def test_sign_up_confirm_log_in_and_switch_to_spanish(
    demo_site, page, sent_mail, external_requests
):
    # Sign up.
    page.goto(f"{demo_site}/en/accounts/signup/")
    form = page.locator("main form.form")
    form.get_by_label("Email").fill(EMAIL)
    form.get_by_label("Password", exact=True).fill(PASSWORD)
    form.get_by_label("Password (again)").fill(PASSWORD)
    form.get_by_role("button", name="Sign up").click()

    # "Verify your e-mail address" page.
    expect(page).to_have_url(re.compile(r"/en/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        re.compile("verify your e-?mail", re.IGNORECASE)
    )

    # The confirmation e-mail carries an absolute link; open its path on the server.
    messages = sent_mail.messages()
    assert len(messages) == 1, [m["Subject"] for m in messages]
    confirmation = messages[0]
    assert confirmation["To"] == EMAIL
    body = sent_mail.text(confirmation)
    match = CONFIRM_LINK.search(body)
    assert match, f"No confirmation link in the e-mail:\n{body}"
    page.goto(demo_site + match.group(1))
    page.locator("main form").get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/login/$"))

    # Confirming sends the welcome e-mail (engage.accounts.signals -> notifications).
    messages = sent_mail.messages()
    welcome = [m for m in messages if re.search("Welcome|Bienvenid", m["Subject"])]
    assert len(welcome) == 1, [m["Subject"] for m in messages]
    assert welcome[0]["To"] == EMAIL

    # Log in with e-mail and password.
    log_in(page, demo_site, EMAIL, PASSWORD)
    account_menu = page.get_by_role("navigation", name="Account")
    expect(account_menu.get_by_role("link", name="My profile")).to_be_visible()
    expect(account_menu.get_by_role("button", name="Log out")).to_be_visible()
    assert path_of(page.url).startswith("/en/")

    # Switch to Spanish with the header's language button.
    with page.expect_navigation():
        page.get_by_role("navigation", name="Language").get_by_role(
            "button", name="Español"
        ).click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert path_of(page.url).startswith("/es/"), page.url
    # The Spanish home page from seed_demo...
    expect(page.get_by_role("heading", level=1)).to_have_text("Su ciudad le escucha")
    # ...and the header's account menu in Spanish (locale/es), still logged in.
    account_menu = page.get_by_role("navigation", name="Cuenta")
    expect(account_menu.get_by_role("link", name="Mi perfil")).to_have_attribute(
        "href", "/es/profile/"
    )
    expect(account_menu.get_by_role("button", name="Cerrar sesión")).to_be_visible()

    external_requests.assert_none()


def test_wrong_password_shows_an_error_and_keeps_the_email(demo_site, page, external_requests):
    log_in(page, demo_site, "resident@example.org", "not-the-password-1")

    expect(page).to_have_url(re.compile(r"/en/accounts/login/$"))
    form = page.locator("main form.form")
    error = form.locator(".errorlist")
    expect(error).to_be_visible()
    expect(error).to_contain_text(re.compile("password you specified are not correct"))
    expect(form.locator("input[name=login]")).to_have_value("resident@example.org")
    expect(form.locator("input[name=password]")).to_have_value("")
    # Still logged out.
    account_menu = page.get_by_role("navigation", name="Account")
    expect(account_menu.get_by_role("link", name="Log in")).to_be_visible()
    expect(account_menu.get_by_role("link", name="My profile")).to_have_count(0)

    external_requests.assert_none()
