"""Neighborhoods as a Wagtail snippet: listed, searchable, editable with validation."""

import json

import pytest
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.snippets.models import get_snippet_models

from engage.neighborhoods.models import Neighborhood

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
LIST = "wagtailsnippets_neighborhoods_neighborhood:list"
ADD = "wagtailsnippets_neighborhoods_neighborhood:add"
EDIT = "wagtailsnippets_neighborhoods_neighborhood:edit"


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(email="admin@example.com", password="x")
    client.force_login(user)
    return client


@pytest.fixture
def neighborhoods(db):
    return [
        Neighborhood.objects.create(name=name, slug=slug, boundary=SQUARE)
        for name, slug in [("Center City", "center-city"), ("Kensington", "kensington")]
    ]


def listed(response):
    return [n.name for n in response.context["object_list"]]


def test_neighborhood_is_a_registered_snippet():
    assert Neighborhood in get_snippet_models()


def test_listing_url():
    assert reverse(LIST) == "/admin/snippets/neighborhoods/neighborhood/"


@pytest.mark.django_db
def test_neighborhoods_has_its_own_admin_menu_item(rf, django_user_model):
    request = rf.get("/admin/")
    request.user = django_user_model.objects.create_superuser(email="a@example.com", password="x")
    items = {item.label: item for item in admin_menu.menu_items_for_request(request)}
    assert items["Neighborhoods"].url == reverse(LIST)
    assert items["Neighborhoods"].icon_name == "site"


def test_superuser_sees_the_list(superuser_client, neighborhoods):
    response = superuser_client.get("/admin/snippets/neighborhoods/neighborhood/")
    assert response.status_code == 200
    assert listed(response) == ["Center City", "Kensington"]
    content = response.content.decode()
    assert "center-city" in content  # the slug column


def test_search_by_name(superuser_client, neighborhoods):
    response = superuser_client.get(reverse(LIST), {"q": "cent"})
    assert response.status_code == 200
    assert listed(response) == ["Center City"]
    assert listed(superuser_client.get(reverse(LIST), {"q": "KENS"})) == ["Kensington"]
    assert listed(superuser_client.get(reverse(LIST), {"q": "Fishtown"})) == []


def test_anonymous_visitors_are_sent_to_log_in(client, neighborhoods):
    response = client.get(reverse(LIST))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_add_form_has_name_slug_and_boundary(superuser_client):
    response = superuser_client.get(reverse(ADD))
    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["name", "slug", "boundary"]


@pytest.mark.django_db
def test_adding_a_neighborhood(superuser_client):
    response = superuser_client.post(
        reverse(ADD), {"name": "Fishtown", "slug": "fishtown", "boundary": json.dumps(SQUARE)}
    )
    assert response.status_code == 302
    fishtown = Neighborhood.objects.get(slug="fishtown")
    assert (fishtown.min_lng, fishtown.max_lat) == (0, 1)


@pytest.mark.django_db
def test_an_invalid_boundary_is_reported_on_its_field(superuser_client):
    unclosed = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}
    response = superuser_client.post(
        reverse(ADD), {"name": "Fishtown", "slug": "fishtown", "boundary": json.dumps(unclosed)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["boundary"] == [
        "polygon 1, ring 1 is not closed: its last position must repeat its first."
    ]
    assert not Neighborhood.objects.exists()


def test_editing_the_boundary_moves_the_bounding_box(superuser_client, neighborhoods):
    kensington = neighborhoods[1]
    moved = {"type": "Polygon", "coordinates": [[[5, 5], [6, 5], [6, 7], [5, 5]]]}
    response = superuser_client.post(
        reverse(EDIT, args=[kensington.pk]),
        {"name": "Kensington", "slug": "kensington", "boundary": json.dumps(moved)},
    )
    assert response.status_code == 302
    kensington.refresh_from_db()
    assert (kensington.min_lng, kensington.min_lat, kensington.max_lng, kensington.max_lat) == (
        5,
        5,
        6,
        7,
    )
    assert [n.name for n in Neighborhood.objects.containing(6, 5.5)] == ["Kensington"]
