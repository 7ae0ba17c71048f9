"""The vendored USWDS: every file its CSS refers to is there (production's manifest storage
refuses to collect otherwise), and the pages load it without anything framework-like."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "uswds"


def test_the_vendored_uswds_has_its_version_licence_and_every_file_its_css_names():
    css = (VENDOR / "css" / "uswds.min.css").read_text(encoding="utf-8")
    assert (VENDOR / "VERSION").read_text().startswith("3.")
    assert "public domain" in (VENDOR / "LICENSE.md").read_text(encoding="utf-8")
    referenced = set(re.findall(r'url\("?(\.\./[^")]+)', css))
    assert referenced, "the compiled CSS names no fonts or images"
    missing = [name for name in referenced if not (VENDOR / "css" / name).resolve().is_file()]
    assert not missing


def test_collectstatic_with_the_manifest_storage_succeeds(tmp_path):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/uswds/css/uswds.min.css" in manifest
    assert "vendor/uswds/fonts/public-sans/PublicSans-Regular.woff2" in manifest


@pytest.mark.django_db
def test_a_list_page_loads_only_the_uswds_scripts(client):
    call_command("seed_demo", verbosity=0)
    content = client.get("/en/ideas/").content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', content)
    uswds = [src for src in scripts if "/vendor/uswds/" in src]
    assert uswds == [
        "/static/vendor/uswds/js/uswds-init.min.js",
        "/static/vendor/uswds/js/uswds.min.js",
    ]
    # Anything else is the page's own few lines, never another framework.
    assert all(src.startswith("/static/js/") for src in scripts if src not in uswds)
    assert "<script>" not in content and 'style="' not in content
