"""The public list of outcomes: filters, cards, progress, paging, map, languages."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase

from engage.core.models import HomePage
from engage.outcomes import listing
from engage.outcomes.models import OutcomeIndexPage, OutcomePage
from tests.factories import NeighborhoodFactory
from tests.outcomes.index_factories import make_outcome, outcomes_index, spanish
from tests.reports.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

Status = OutcomePage.Status


def titles(response):
    return [outcome.title for outcome in response.context["outcomes"]]


def test_the_index_lists_live_outcomes_newest_first(client):
    older = make_outcome("Benches in Norris Square")
    newer = make_outcome("New trees on Oak Street")
    make_outcome("A draft nobody may see", live=False)

    response = client.get(outcomes_index().url)

    assert response.status_code == 200
    assert titles(response) == [newer.title, older.title]
    html = response.content.decode()
    assert "2 outcomes" in html
    assert "A draft nobody may see" not in html
    assert f'href="{newer.url}"' in html


def test_each_filter_narrows_the_list(client):
    kensington = NeighborhoodFactory(name="Kensington", slug="kensington")
    fishtown = NeighborhoodFactory(name="Fishtown", slug="fishtown")
    streets = DepartmentFactory(name="Streets")
    parks = DepartmentFactory(name="Parks")
    crossing = make_outcome(
        "Safer crossing",
        neighborhoods=[kensington],
        department=streets,
        topics=["Safety"],
        status=Status.IN_PROGRESS,
    )
    trees = make_outcome(
        "Trees planted",
        neighborhoods=[fishtown, kensington],
        department=parks,
        topics=["Trees"],
        status=Status.COMPLETED,
    )
    url = outcomes_index().url

    assert "Fishtown, Kensington" in client.get(url).content.decode()
    assert titles(client.get(url, {"neighborhood": "fishtown"})) == [trees.title]
    assert titles(client.get(url, {"neighborhood": "kensington"})) == [trees.title, crossing.title]
    assert titles(client.get(url, {"department": streets.pk})) == [crossing.title]
    assert titles(client.get(url, {"topic": "trees"})) == [trees.title]
    assert titles(client.get(url, {"status": "in_progress"})) == [crossing.title]
    both = client.get(url, {"neighborhood": "kensington", "status": "completed"})
    assert titles(both) == [trees.title]
    assert "Clear filters" in both.content.decode()


def test_a_filter_that_means_nothing_is_named_and_ignored(client):
    outcome = make_outcome("Safer crossing")

    response = client.get(outcomes_index().url, {"status": "done-ish", "neighborhood": "atlantis"})

    assert response.status_code == 200
    assert titles(response) == [outcome.title]
    ignored = {label for label, _value, _reason in response.context["ignored_filters"]}
    assert ignored == {"Status", "Neighborhood"}
    html = response.content.decode()
    assert "Some filters were not recognised" in html
    assert "“done-ish”" in html


def test_no_match_says_so(client):
    make_outcome("Safer crossing", status=Status.PLANNED)

    response = client.get(outcomes_index().url, {"status": "cancelled"})

    assert titles(response) == []
    assert "No outcome matches these filters." in response.content.decode()


def test_a_parent_shows_its_childrens_weighted_progress_and_a_child_names_its_parent(client):
    parent = make_outcome("Safer crossings on Market Street", progress=0)
    make_outcome("Crossing at 5th", parent=parent, progress=100, weight=3)
    make_outcome("Crossing at 6th", parent=parent, progress=20, weight=1)
    make_outcome("Crossing at 7th (draft)", parent=parent, progress=0, weight=50, live=False)

    response = client.get(outcomes_index().url)

    cards = {outcome.title: outcome for outcome in response.context["outcomes"]}
    assert cards[parent.title].card_progress == 80  # (100×3 + 20×1) ÷ 4
    assert (
        cards[parent.title].card_progress
        == OutcomePage.objects.get(pk=parent.pk).overall_progress()
    )
    assert cards["Crossing at 5th"].parent_title == parent.title
    assert cards[parent.title].parent_title == ""
    html = response.content.decode()
    assert "80% done" in html
    assert "Part of: Safer crossings on Market Street" in html


def test_pages_keep_the_filters(client):
    kensington = NeighborhoodFactory(slug="kensington")
    for number in range(listing.PAGE_SIZE + 2):
        make_outcome(f"Outcome {number}", neighborhoods=[kensington])
    make_outcome("Elsewhere")
    url = outcomes_index().url

    first = client.get(url, {"neighborhood": "kensington"})
    second = client.get(url, {"neighborhood": "kensington", "page": 2})

    assert first.context["page_obj"].paginator.count == listing.PAGE_SIZE + 2
    assert "?neighborhood=kensington&amp;page=2" in first.content.decode()
    assert titles(second) == ["Outcome 1", "Outcome 0"]


def test_the_number_of_queries_does_not_grow_with_the_outcomes(client):
    kensington = NeighborhoodFactory()
    department = DepartmentFactory()
    url = outcomes_index().url
    make_outcome("First", neighborhoods=[kensington], department=department, topics=["a"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(8):
        parent = make_outcome(
            f"Outcome {number}", neighborhoods=[kensington], department=department, topics=["b"]
        )
        make_outcome(f"Child {number}", parent=parent)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


def test_the_map_places_each_outcome_at_its_point_or_its_neighborhood(client):
    kensington = NeighborhoodFactory(name="Kensington")
    pinned = make_outcome("Pinned", lat=39.99, lng=-75.12, status=Status.COMPLETED)
    placed = make_outcome("Placed", neighborhoods=[kensington], status=Status.PLANNED)
    make_outcome("Citywide")

    response = client.get(outcomes_index().url)

    config = response.context["map_config"]
    markers = {marker["title"]: marker for marker in config["outcomes"]}
    assert set(markers) == {"Pinned", "Placed"}
    assert markers["Pinned"]["point"] == [39.99, -75.12]
    assert markers["Pinned"]["url"] == pinned.url
    assert markers["Pinned"]["status"] == "resolved"  # the legend's swatch for completed
    assert markers["Placed"]["point"] == [
        (kensington.min_lat + kensington.max_lat) / 2,
        (kensington.min_lng + kensington.max_lng) / 2,
    ]
    assert markers["Placed"]["url"] == placed.url
    assert [f["properties"]["name"] for f in config["neighborhoods"]["features"]] == ["Kensington"]
    html = response.content.decode()
    assert 'id="outcome-map-config"' in html
    assert "js/outcomes-map.js" in html
    assert "An outcome: Completed" in html
    # The data the script reads is the JSON of the config, nothing more.
    script = html.split('id="outcome-map-config" type="application/json">')[1].split("<")[0]
    assert json.loads(script) == json.loads(json.dumps(config))


def test_no_map_when_no_outcome_has_a_place(client):
    make_outcome("Citywide")

    response = client.get(outcomes_index().url)

    assert response.context["map_config"] is None
    assert "outcome-map-config" not in response.content.decode()


def test_the_spanish_index_lists_the_spanish_outcomes(client):
    index = outcomes_index()
    index_es = spanish(index, title="Resultados", slug="resultados")
    outcome = make_outcome("New trees on Oak Street")
    outcome_es = spanish(outcome, title="Árboles nuevos en la calle Oak", slug="arboles")

    english = client.get(index.url)
    response = client.get(index_es.url)

    assert index_es.url == "/es/resultados/"
    assert titles(english) == [outcome.title]
    assert titles(response) == [outcome_es.title]
    assert 'href="/es/resultados/feed/"' in response.content.decode()


def test_an_index_goes_under_the_home_page_once_and_outcomes_under_it():
    index = outcomes_index()
    home = index.get_parent().specific

    assert not OutcomeIndexPage.can_create_at(home)  # one per home page, and there is one
    assert OutcomePage.can_create_at(index)
    assert OutcomePage.can_create_at(make_outcome("Parent"))


def test_an_untranslated_outcome_in_the_spanish_list_says_it_is_in_english(client):
    index_es = spanish(outcomes_index(), title="Resultados", slug="resultados")
    outcome = make_outcome("Benches in Norris Square")
    # What Wagtail puts in the Spanish tree for a page not translated yet: an alias.
    outcome.copy_for_translation(index_es.locale, alias=True)

    response = client.get(index_es.url)

    assert titles(response) == ["Benches in Norris Square"]
    html = response.content.decode()
    assert 'lang="en">Benches in Norris Square</a>' in html
    assert "language-tag" in html


class IndexPageTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = outcomes_index()
        make_outcome("New trees on Oak Street")

    def test_the_index_lives_under_the_home_page_with_outcomes_under_it(self):
        self.assertCanCreateAt(HomePage, OutcomeIndexPage)
        self.assertCanCreateAt(OutcomeIndexPage, OutcomePage)
        self.assertCanNotCreateAt(OutcomeIndexPage, OutcomeIndexPage)

    def test_the_list_and_its_feeds_render(self):
        # (Routing is the client tests' job: the language prefix is not in the page tree.)
        for route in ("", "feed/", "feed/atom/"):
            self.assertPageIsRenderable(self.index, route)
