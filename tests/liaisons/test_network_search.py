"""Active liaisons in the site search (liaisons.search.LiaisonSource)."""

import pytest

from liaisons.services import network as services
from tests.factories import NeighborhoodFactory, UserFactory
from tests.liaisons.factories import LiaisonFactory

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    response = client.get("/en/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def liaisons_group(response):
    [group] = [g for g in response.context["groups"] if g.kind == "liaisons"]
    return group


@pytest.fixture
def liaisons():
    kensington = NeighborhoodFactory(name="Kensington", slug="kensington")
    fishtown = NeighborhoodFactory(name="Fishtown", slug="fishtown")
    ana = LiaisonFactory(
        display_name="Ana Kowalski",
        bio="Community gardener.",
        neighborhoods=[kensington],
        user=UserFactory(email="ana-private@example.org"),
    )
    bo = LiaisonFactory(display_name="Bo F.", bio="Runner.", neighborhoods=[fishtown])
    gone = LiaisonFactory(display_name="Gone Gardener", neighborhoods=[kensington])
    services.step_down(gone.user)
    return ana, bo, gone


def test_liaisons_are_found_by_name_bio_and_neighborhood_active_only(client, liaisons):
    ana, bo, _gone = liaisons

    assert liaisons_group(search(client, "kowalski")).results == [ana]
    assert liaisons_group(search(client, "gardener")).results == [ana]
    assert liaisons_group(search(client, "Fishtown")).results == [bo]
    assert liaisons_group(search(client, "liaison")).count == 0
    # Every word must match: a name and a neighborhood narrow it down.
    assert liaisons_group(search(client, "Ana Kensington")).results == [ana]
    assert liaisons_group(search(client, "Ana Fishtown")).count == 0


def test_a_result_links_to_writing_and_never_shows_an_address(client, liaisons):
    ana = liaisons[0]

    response = search(client, "Kensington", kind="liaisons")

    page = response.content.decode()
    assert "Ana Kowalski" in page and f"/en/volunteer/liaisons/{ana.pk}/contact/" in page
    assert "/en/volunteer/liaisons/in/kensington/" in page
    assert "ana-private@example.org" not in page
    assert "Gone Gardener" not in page
