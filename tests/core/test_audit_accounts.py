"""Accounts in the audit trail: a staff account made in the admin, and its role changed."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from engage.accounts.roles import MODERATOR, STAFF
from tests.factories import PASSWORD, UserFactory

AUDIT_TRAIL = "/admin/reports/audit-trail/"


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(is_superuser=True, is_staff=True, display_name="Ada Admin")
    client.force_login(admin)
    client.admin = admin
    return client


@pytest.mark.django_db
def test_a_staff_account_made_and_changed_in_the_admin_is_recorded(admin_client):
    staff_group = Group.objects.get(name=STAFF)
    moderators = Group.objects.get(name=MODERATOR)
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "new.clerk@example.org",
            "first_name": "Nia",
            "last_name": "Clerk",
            "display_name": "Nia C.",
            "preferred_language": "en",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "groups": [staff_group.pk],
        },
    )
    assert response.status_code == 302
    clerk = get_user_model().objects.get(email="new.clerk@example.org")

    created = ModelLogEntry.objects.get(action="wagtail.create", object_id=str(clerk.pk))
    granted = ModelLogEntry.objects.get(action="engage.role_granted", object_id=str(clerk.pk))
    assert created.user == granted.user == admin_client.admin
    assert granted.data["role"] == STAFF

    response = admin_client.post(
        f"/admin/users/edit/{clerk.pk}/",
        {
            "email": clerk.email,
            "first_name": "Nia",
            "last_name": "Clerk",
            "display_name": "Nia C.",
            "preferred_language": "en",
            "is_active": "on",
            "groups": [moderators.pk],
        },
    )
    assert response.status_code == 302
    roles = ModelLogEntry.objects.filter(object_id=str(clerk.pk), action__startswith="engage.role")
    assert {(entry.action, entry.data["role"]) for entry in roles} == {
        ("engage.role_granted", STAFF),
        ("engage.role_removed", STAFF),
        ("engage.role_granted", MODERATOR),
    }

    html = admin_client.get(AUDIT_TRAIL, {"action": "engage.role_removed"}).content.decode()
    assert f"Role removed: {STAFF}" in html
    assert "Nia" in html
