"""Small helpers shared by the browser tests."""

from playwright.sync_api import Page

DEMO_PASSWORD = "engage-demo-2026"  # noqa: S105 (seed_demo's published demo password)


def log_in(page: Page, base_url: str, email: str, password: str, language: str = "en"):
    """Log in through allauth's form; returns once the next page has loaded."""
    page.goto(f"{base_url}/{language}/accounts/login/")
    form = page.locator("main form.form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


# The two screens every page is checked on: a desktop and a 390-px phone.
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
