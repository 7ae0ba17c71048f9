"""Fixtures for the browser tests: Debian's Chromium, driven by Playwright, against a real
Engage server.

The server is `manage.py runserver` in a process of its own, on a database of its own
(a SQLite file, or a fresh PostgreSQL database when DATABASE_URL points at PostgreSQL),
migrated and loaded with the demo content once per test session. Its e-mails go to files
that the tests read. So the browser tests exercise the site as a resident meets it, and
share nothing with the test process's database.

Every page visited must load nothing from outside the server: the site works without
third-party hosts (fonts, CDNs, analytics).
"""

import email
import email.policy
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
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


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `browser` (deselect them with -m "not browser")."""
    for item in items:
        if BROWSER_TESTS_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_database(tmp_path):
    """A DATABASE_URL for the server: a fresh database, and how to drop it afterwards."""
    parsed = dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"))
    if parsed["ENGINE"] != "django.db.backends.postgresql":
        return f"sqlite:///{tmp_path / 'browser.sqlite3'}", lambda: None
    name = f"engage_browser_{os.getpid()}"
    server = {k: parsed[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if parsed.get(k)}
    maintenance = psycopg.connect(
        dbname="postgres",
        host=server.get("HOST"),
        port=server.get("PORT"),
        user=server.get("USER"),
        password=server.get("PASSWORD"),
        autocommit=True,
    )

    def drop():
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.close()

    maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    maintenance.execute(f'CREATE DATABASE "{name}"')
    user = server.get("USER", "")
    password = f":{server['PASSWORD']}" if server.get("PASSWORD") else ""
    host = f"{server.get('HOST', '')}:{server.get('PORT', 5432)}"
    return f"postgres://{user}{password}@{host}/{name}", drop


class SentMail:
    """The e-mails the server wrote with Django's file-based backend."""

    def __init__(self, folder):
        self.folder = folder

    def clear(self):
        for path in self.folder.glob("*"):
            path.unlink()

    def messages(self):
        found = []
        for path in sorted(self.folder.glob("*"), key=lambda p: p.stat().st_mtime):
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk, policy=email.policy.default))
        return found

    @staticmethod
    def text(message):
        return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The URL of a running Engage server with the demo content, and its sent e-mails."""
    tmp_path = tmp_path_factory.mktemp("server")
    mail_folder = tmp_path / "mail"
    mail_folder.mkdir()
    database_url, drop_database = server_database(tmp_path)
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "engage.settings.dev",
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_folder),
        "TASKS_BACKEND": "immediate",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_ROOT": str(tmp_path / "private"),
        # The browser fills forms at machine speed, and one address plays every visitor
        # of the session: neither is what the abuse limits are for (tests/*/test_honeypot.py
        # and test_rate_limits.py check those).
        "HONEYPOT_MIN_SECONDS": "0",
        "WRITE_RATE": "1000/m",
    }
    environ.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(  # noqa: S603
            manage + command, env=environ, cwd=ROOT, check=True, capture_output=True
        )
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    environ["BASE_URL"] = base_url
    server = subprocess.Popen(  # noqa: S603
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        env=environ,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base_url}/en/", timeout=2):  # noqa: S310
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("The browser tests' Engage server did not start") from None
                time.sleep(0.2)
        yield base_url, SentMail(mail_folder), ServerPython(manage, environ)
    finally:
        server.terminate()
        server.wait(timeout=20)
        drop_database()


class ServerPython:
    """Runs Python in the server's Django (``manage.py shell``), for what a test cannot do
    through the pages: making the records a flow starts from, or letting time pass."""

    def __init__(self, manage, environ):
        self.manage, self.environ = manage, environ

    def __call__(self, code):
        result = subprocess.run(  # noqa: S603
            self.manage + ["shell", "-c", code],
            env=self.environ,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


@pytest.fixture
def server_python(demo_server):
    return demo_server[2]


@pytest.fixture
def demo_site(demo_server):
    """The server's URL (demo logins: seed_demo's users with the demo password)."""
    return demo_server[0]


@pytest.fixture
def sent_mail(demo_server):
    mail = demo_server[1]
    mail.clear()
    return mail


# Per module, not per session: Playwright's sync API keeps an event loop running in the
# thread, and any later test in the same worker whose view is async (the health probes)
# would then fail in async_to_sync. pytest closes it when the next module starts.
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Run `make chromium` to install it.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class ExternalRequests:
    """Aborts every request that is not for the test server, and remembers it."""

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


@pytest.fixture
def external_requests(demo_site):
    """What the pages of this test asked for outside the server (all blocked)."""
    return ExternalRequests(demo_site)


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
