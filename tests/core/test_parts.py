"""Parts declare themselves to the core; the core floor names no part."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from engage.accounts.roles import MODERATOR, STAFF, role_permissions
from engage.notifications.topics import all_topics

ROOT = Path(__file__).resolve().parents[2]
CORE_FLOOR = ["engage/core", "engage/accounts", "engage/neighborhoods", "engage/notifications"]
PARTS = ["reports", "ideas", "surveys", "liaisons", "youth", "outcomes"]
# An import of a part, or a permission codename of one ("ideas.moderate_idea").
NAMES_A_PART = re.compile(
    rf"^\s*(from|import)\s+(engage\.)?({'|'.join(PARTS)})\b"
    rf"|[\"']({'|'.join(PARTS)})\.[a-z_]+_[a-z_]+[\"']",
    re.MULTILINE,
)


def core_floor_sources():
    for folder in CORE_FLOOR:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_of_the_core_floor_names_a_part():
    offenders = {
        str(path.relative_to(ROOT)): match.group(0).strip()
        for path in core_floor_sources()
        for match in [NAMES_A_PART.search(path.read_text())]
        if match
    }
    assert offenders == {}


def test_every_part_declares_its_topics():
    owners = {
        topic.key: config.label
        for config in apps.get_app_configs()
        for topic in getattr(config, "notification_topics", ())
    }
    assert owners == {
        "reports": "reports",
        "surveys": "surveys",
        "ideas": "ideas",
        "events": "liaisons",
        "organising": "liaisons",
        "adopted": "liaisons",
        "liaison": "liaisons",
        "volunteer_news": "liaisons",
        "outcomes": "outcomes",
    }
    assert list(all_topics()) == [
        "reports",
        "surveys",
        "ideas",
        "events",
        "organising",
        "adopted",
        "liaison",
        "volunteer_news",
        "outcomes",
        "news",
    ]


def test_role_permissions_gather_the_core_and_every_part():
    permissions = role_permissions()
    assert "wagtailadmin.access_admin" in permissions[STAFF]
    assert {"reports.view_servicereport", "ideas.decide_idea", "surveys.view_response"} <= (
        permissions[STAFF]
    )
    assert "ideas.moderate_idea" in permissions[MODERATOR]
    assert "ideas.decide_idea" not in permissions[MODERATOR]
    assert not any(p.startswith("surveys.") for p in permissions[MODERATOR])


@pytest.mark.django_db
def test_migrate_gives_the_role_groups_what_the_parts_declare():
    staff = Group.objects.get(name=STAFF)
    held = {
        f"{app_label}.{codename}"
        for app_label, codename in staff.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert role_permissions()[STAFF] <= held
