"""Fixtures for the browser tests: Debian's Chromium driven by Playwright's sync API.

Every test here runs against pytest-django's live server with the demo content loaded,
and fails when a page asks for anything that is not on the live server: the site must
work without third-party hosts (fonts, CDNs, analytics).
"""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BROWSER_TESTS_DIR = Path(__file__).resolve().parent
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
ASYNC_UNSAFE_BEFORE = os.environ.get(ASYNC_UNSAFE)


def is_browser_test(item):
    return BROWSER_TESTS_DIR in Path(item.path).resolve().parents


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `browser`, and run them after all the others.

    This runs after pytest-django's ordering (tryfirst) and before `-m` deselects
    anything. Last, because the browser (session-scoped) keeps an asyncio loop running
    in the test thread until the session ends, and each test here empties the database.
    """
    browser_tests = [item for item in items if is_browser_test(item)]
    for item in browser_tests:
        item.add_marker(pytest.mark.browser)
    items[:] = [item for item in items if not is_browser_test(item)] + browser_tests


# Playwright's sync API runs an asyncio event loop in the test thread; Django then
# refuses database access from that thread (SynchronousOnlyOperation) unless
# DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set only while a browser test runs (fixtures
# included), not from import: subprocesses of other tests would inherit it, and
# `manage.py check --deploy` reports it as an error (async.E001).
@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    os.environ.setdefault(ASYNC_UNSAFE, "true")
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if ASYNC_UNSAFE_BEFORE is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = ASYNC_UNSAFE_BEFORE


class ExternalRequests:
    """Aborts every request that is not for the live server, and remembers it."""

    def __init__(self, allowed_url):
        allowed = urlsplit(allowed_url)
        self.allowed = (allowed.scheme, allowed.hostname, allowed.port)
        self.blocked = []
        self.checked = False

    def handle(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if (parts.scheme, parts.hostname, parts.port) == self.allowed:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def assert_none(self):
        self.checked = True
        assert not self.blocked, (
            "The pages asked for resources outside the site (blocked): "
            + ", ".join(sorted(set(self.blocked)))
        )


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Run `make chromium` to install it.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Once Playwright has started, the test thread looks like it runs an asyncio loop,
    # and Django then keeps a second set of database connections for "async" code. Hand
    # it the connections the test database was set up on: the live server shares them
    # (in-memory SQLite), and they hold the serialized data that serialized rollback
    # restores before each test.
    originals = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in originals.items():
        connections[alias] = connection
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def external_requests(live_server):
    """What the pages of this test asked for outside the live server (all blocked)."""
    return ExternalRequests(live_server.url)


@pytest.fixture
def page(browser, external_requests):
    """A page in a fresh browser context (no cookies), English locale, offline but local."""
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(10_000)
    context.route("**/*", external_requests.handle)
    page = context.new_page()
    yield page
    context.close()
    if not external_requests.checked:
        # A safety net for tests that do not assert it themselves.
        external_requests.assert_none()


@pytest.fixture(scope="module", autouse=True)
def _empty_database(django_db_setup, django_db_blocker):
    """Start each module here on an empty database.

    Serialized rollback (see demo_site) loads what the migrations created into the
    database before each test, and expects it empty. A transactional test elsewhere in
    the suite leaves rows behind: its flush re-runs the post_migrate handlers, which
    recreate the role groups under new ids.
    """
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)


@pytest.fixture
def demo_site(live_server, transactional_db, django_db_serialized_rollback):
    """The live server's URL, with the demo content (pages, users) loaded.

    transactional_db empties the database after each test; serialized rollback puts
    back what the migrations created (Wagtail's root page, locales, role groups) so
    seed_demo finds them again in the next test.
    """
    call_command("seed_demo", stdout=io.StringIO())
    return live_server.url
