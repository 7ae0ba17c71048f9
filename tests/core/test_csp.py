"""The Content-Security-Policy header: strict on the public site, with inline code allowed
only in the Wagtail admin; and no public template writes inline scripts or styles.

tests/browser/test_csp.py checks the same in Chromium, page by page.
"""

import re
from pathlib import Path

import pytest

from engage.settings.base import _tile_source

ROOT = Path(__file__).resolve().parents[2]
# Rendered by a browser under the admin's policy, by WeasyPrint, or by a mail client.
# Not served under the site's policy: staff screens, e-mails, PDFs, and the page written
# into a person's data download (read offline, so its style is inline).
NOT_PUBLIC = re.compile(r"/admin/|/emails/|_pdf\.html$|accounts/privacy/my_data\.html$")
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def policy(response):
    header = response.headers["Content-Security-Policy"]
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in header.split(";")
        if directive.strip()
    }


@pytest.mark.django_db
def test_public_pages_allow_scripts_and_styles_from_the_site_only(client):
    found = policy(client.get("/en/accounts/login/"))

    assert found["default-src"] == ["'self'"]
    assert found["script-src"] == ["'self'"]
    assert found["style-src"] == ["'self'"]
    assert found["object-src"] == ["'none'"]
    assert found["frame-ancestors"] == ["'none'"]
    assert found["base-uri"] == ["'self'"]
    assert found["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_allows_the_inline_code_wagtail_writes(client):
    found = policy(client.get("/admin/login/"))

    assert found["script-src"] == ["'self'", "'unsafe-inline'"]
    assert found["style-src"] == ["'self'", "'unsafe-inline'"]
    assert found["object-src"] == ["'none'"]
    assert found["frame-ancestors"] == ["'self'"]


def test_map_tiles_may_come_from_the_tile_server():
    assert _tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )
    assert _tile_source("https://tiles.example.org/{z}/{x}/{y}.png?key=1") == (
        "https://tiles.example.org"
    )
    assert _tile_source("/tiles/{z}/{x}/{y}.png") is None  # on the site: 'self'
    assert _tile_source("") is None


def public_templates():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if not NOT_PUBLIC.search(path.relative_to(ROOT).as_posix()):
            yield path


def test_public_templates_have_no_inline_script_or_style():
    problems = []
    for path in public_templates():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        for tag in SCRIPT_TAG.findall(text):
            if "src=" not in tag and "application/json" not in tag:
                problems.append(f"{name}: inline script {tag}")
        problems += [f"{name}: inline style" for _ in INLINE_STYLE.findall(text)]
        problems += [f"{name}: event handler attribute" for _ in EVENT_HANDLER.findall(text)]
    assert not problems, "\n".join(problems)
