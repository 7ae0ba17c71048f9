"""An idea's place found by its address, without JavaScript."""

import pytest

from ideas.models import Idea
from tests.factories import square
from tests.ideas.factories import make_campaign
from tests.ideas.test_views_submit import data, submit_url
from tests.neighborhoods.test_places import add_address

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_town(neighborhood_factory):
    town = neighborhood_factory(name="Old Town", slug="old-town", boundary=square(-75.0, 40.0))
    add_address("100", "Market Street", 40.002, -74.998, town)
    return town


@pytest.fixture
def campaign(db):
    return make_campaign(title="Parks in Old Town")


@pytest.fixture
def member(client, resident):
    client.force_login(resident)
    return resident


def test_an_address_gives_the_idea_its_spot_and_neighborhood(client, member, old_town, campaign):
    response = client.post(submit_url(campaign), data(address="100 market street"))
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (float(idea.lat), float(idea.lng)) == (40.002, -74.998)
    assert idea.neighborhood == old_town


def test_a_chosen_neighborhood_is_kept(client, member, old_town, campaign, neighborhood_factory):
    other = neighborhood_factory(name="Riverside", slug="riverside")
    client.post(submit_url(campaign), data(address="100 market street", neighborhood=other.pk))
    assert Idea.objects.get().neighborhood == other


def test_an_address_not_found_is_said_and_everything_typed_is_kept(
    client, member, old_town, campaign
):
    response = client.post(submit_url(campaign), data(address="12 Nowhere Lane", tags="shade"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "We could not find this address" in page
    assert 'value="12 Nowhere Lane"' in page
    assert "Shade trees at the playground" in page
    assert not Idea.objects.exists()


def test_the_form_offers_the_address_search(client, member, old_town, campaign):
    page = client.get(submit_url(campaign)).content.decode()
    assert "data-address-search" in page
    assert 'data-neighborhood-select="id_neighborhood"' in page
