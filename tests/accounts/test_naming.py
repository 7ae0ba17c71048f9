"""Naming the person who did something: staff by name, residents as the page may name them."""

import pytest
from django.utils import translation

from engage.accounts.naming import ANONYMOUS, EMAIL, actor_name, staff_name
from engage.accounts.roles import EDUCATOR, LIAISON, MODERATOR, STAFF
from tests.factories import UserFactory


@pytest.mark.django_db
def test_staff_are_named_by_full_name_then_display_name_then_email():
    full = UserFactory(first_name="Maria", last_name="Lopez", display_name="ml")
    display = UserFactory(first_name="", last_name="", display_name="Desk 3")
    bare = UserFactory(first_name="", last_name="", display_name="", email="desk@city.example")

    assert staff_name(full) == "Maria Lopez"
    assert staff_name(display) == "Desk 3"
    assert staff_name(bare) == "desk@city.example"
    assert staff_name(None) == ""


@pytest.mark.django_db
@pytest.mark.parametrize("role", [STAFF, MODERATOR, LIAISON, EDUCATOR, "superuser"])
@pytest.mark.parametrize("residents", [None, EMAIL, ANONYMOUS])
def test_anyone_with_a_role_is_named_like_staff_whatever_the_page(role, residents):
    extra = {"is_superuser": True} if role == "superuser" else {"roles": [role]}
    person = UserFactory(first_name="Maria", last_name="Lopez", **extra)
    kwargs = {"residents": residents} if residents else {}
    assert actor_name(person, **kwargs) == "Maria Lopez"


@pytest.mark.django_db
def test_a_resident_is_named_as_the_page_may_name_them():
    rosa = UserFactory(first_name="Rosa", last_name="Diaz", display_name="Rosa D.")

    assert actor_name(rosa) == "Rosa D."  # the public name, never the full name
    assert actor_name(rosa, residents=EMAIL) == rosa.email
    assert actor_name(rosa, residents=ANONYMOUS) == "a resident"
    with translation.override("es"):
        assert actor_name(rosa, residents=ANONYMOUS) != "a resident"


@pytest.mark.django_db
def test_a_resident_without_a_name_is_never_named_by_email():
    nameless = UserFactory(first_name="", display_name="", email="secret@example.org")
    assert actor_name(nameless) == "Anonymous resident"


@pytest.mark.parametrize("residents", [None, EMAIL, ANONYMOUS])
def test_nobody_is_named_as_nothing(residents):
    kwargs = {"residents": residents} if residents else {}
    assert actor_name(None, **kwargs) == ""
