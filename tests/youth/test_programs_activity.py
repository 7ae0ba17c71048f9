"""'My youth programs' on an educator's "My activity" page."""

import pytest
from django.urls import reverse

from .factories import ProgramFactory, make_educator

pytestmark = pytest.mark.django_db


def test_an_educator_sees_their_programs_linking_to_the_educator_area(client):
    educator = make_educator()
    mine = ProgramFactory(educators=[educator], name="Lincoln 311 club")
    ProgramFactory(name="Somebody else's club")
    client.force_login(educator)

    page = client.get(reverse("my_activity")).content.decode()

    assert "My youth programs" in page
    assert "Lincoln 311 club" in page and reverse("youth:program", args=[mine.pk]) in page
    assert reverse("youth:educator") in page
    assert "Somebody else" not in page


def test_a_resident_has_no_youth_section(client, user_factory):
    client.force_login(user_factory())
    page = client.get(reverse("my_activity")).content.decode()
    assert "My youth programs" not in page
