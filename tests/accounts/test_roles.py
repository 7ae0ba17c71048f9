"""Each role against each protected URL, and the one-line role checks views use."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import GroupPagePermission

from engage.accounts.roles import (
    EDUCATOR,
    LIAISON,
    MODERATOR,
    ROLES,
    STAFF,
    has_role,
    role_required,
)
from tests.factories import ANONYMOUS, RESIDENT, SUPERUSER, UserFactory, make_person

PEOPLE = [ANONYMOUS, RESIDENT, LIAISON, EDUCATOR, MODERATOR, STAFF, SUPERUSER]

PROFILE = "/en/profile/"
ADMIN_HOME = "/admin/"
ADMIN_PAGES = "/admin/pages/"
NEIGHBORHOOD_SNIPPETS = "/admin/snippets/neighborhoods/neighborhood/"
ADD_NEIGHBORHOOD = "/admin/snippets/neighborhoods/neighborhood/add/"
ADMIN_USERS = "/admin/users/"
ADMIN_GROUPS = "/admin/groups/"

# Who gets the page (200); everyone else is turned away.
ALLOWED = {
    PROFILE: {RESIDENT, LIAISON, EDUCATOR, MODERATOR, STAFF, SUPERUSER},
    ADMIN_HOME: {MODERATOR, STAFF, SUPERUSER},
    ADMIN_PAGES: {MODERATOR, STAFF, SUPERUSER},
    NEIGHBORHOOD_SNIPPETS: {STAFF, SUPERUSER},
    ADD_NEIGHBORHOOD: {STAFF, SUPERUSER},
    # Only superusers hand out roles.
    ADMIN_USERS: {SUPERUSER},
    ADMIN_GROUPS: {SUPERUSER},
}


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("url", list(ALLOWED))
def test_role_matrix(client, person, url):
    user = make_person(person)
    if user:
        client.force_login(user)

    response = client.get(url)

    if person in ALLOWED[url]:
        assert response.status_code == 200, f"{person} should reach {url}"
    else:
        assert response.status_code in (302, 403), f"{person} must not reach {url}"
        if response.status_code == 302:
            # Sent to log in, or back to the admin dashboard with "permission denied".
            assert response.url.split("?")[0] in {"/en/accounts/login/", "/admin/login/", "/admin/"}
            assert response.url.split("?")[0] != url


@pytest.mark.django_db
def test_the_migration_creates_the_four_roles_and_retires_wagtail_defaults():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(ROLES) <= names
    assert not names & {"Editors", "Moderators"}


@pytest.mark.django_db
def test_staff_hold_the_declared_wagtail_permissions():
    staff = Group.objects.get(name=STAFF)
    assert staff.permissions.filter(codename="access_admin").exists()
    page_permissions = set(
        GroupPagePermission.objects.filter(group=staff).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= page_permissions
    assert (
        not Group.objects.get(name=LIAISON)
        .permissions.filter(pk__in=Permission.objects.filter(codename="access_admin"))
        .exists()
    )


def _view(request):
    return HttpResponse("ok")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "person, required, expected",
    [
        (ANONYMOUS, LIAISON, "login"),
        (RESIDENT, LIAISON, 403),
        (LIAISON, LIAISON, 200),
        (EDUCATOR, LIAISON, 403),
        (MODERATOR, LIAISON, 403),
        (STAFF, LIAISON, 200),
        (SUPERUSER, LIAISON, 200),
        (EDUCATOR, EDUCATOR, 200),
        (LIAISON, EDUCATOR, 403),
        (STAFF, EDUCATOR, 200),
        (MODERATOR, MODERATOR, 200),
        (RESIDENT, MODERATOR, 403),
    ],
)
def test_role_required_decorator(person, required, expected):
    view = role_required(required)(_view)
    request = RequestFactory().get("/en/liaison-desk/")
    request.user = make_person(person) or AnonymousUser()

    if expected == 403:
        with pytest.raises(PermissionDenied):
            view(request)
        return
    response = view(request)
    if expected == "login":
        assert response.status_code == 302
        assert "next=/en/liaison-desk/" in response.url
    else:
        assert response.status_code == 200


def test_role_required_rejects_unknown_roles():
    with pytest.raises(ValueError, match="Volunteer"):
        role_required("Volunteer")


@pytest.mark.django_db
def test_inactive_users_hold_no_role():
    user = UserFactory(roles=[STAFF], is_active=False)
    assert not has_role(user, STAFF)


@pytest.mark.django_db
def test_superusers_manage_profiles_and_roles_in_the_wagtail_admin(client, neighborhood_factory):
    kensington = neighborhood_factory(name="Kensington")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    form = client.get("/admin/users/new/").content.decode()
    assert 'name="home_neighborhood"' in form

    response = client.post(
        "/admin/users/new/",
        {
            "email": "new.liaison@example.org",
            "first_name": "Luis",
            "last_name": "Ortiz",
            "display_name": "Luis O.",
            "home_neighborhood": kensington.pk,
            "preferred_language": "es",
            "email_notifications": "on",
            "password1": "correct-Horse-battery-9",
            "password2": "correct-Horse-battery-9",
            "groups": [Group.objects.get(name=LIAISON).pk],
        },
    )

    assert response.status_code == 302
    user = get_user_model().objects.get(email="new.liaison@example.org")
    assert (user.display_name, user.home_neighborhood, user.preferred_language) == (
        "Luis O.",
        kensington,
        "es",
    )
    assert has_role(user, LIAISON)
