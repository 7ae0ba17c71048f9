"""Finding ideas on the Ideas page and on campaign pages: sorts, filters, search, pages."""

import re
from datetime import timedelta
from html import unescape
from unittest import mock
from urllib.parse import parse_qsl

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from ideas import filters, listing, services
from ideas.models import Idea, Moderation
from tests.factories import NeighborhoodFactory, UserFactory
from tests.ideas.factories import IdeaFactory, ideas_index, make_campaign

Status = Idea.Status
pytestmark = pytest.mark.django_db

INDEX_URL = "/en/ideas/"


@pytest.fixture
def moderator():
    return UserFactory(roles=["Moderator"])


def listed(client, url=INDEX_URL, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return [idea.pk for idea in response.context["ideas"]]


def at(moment):
    """Run services as if it were ``moment``: votes, comments and ideas get that time."""
    return mock.patch("ideas.services.timezone.now", return_value=moment)


def vote_times(idea, count):
    for _ in range(count):
        services.cast_vote(idea, UserFactory())


# Sorting -----------------------------------------------------------------------------------


@pytest.fixture
def three_ideas():
    """Three ideas in the general box with votes, comments and ages that sort differently.

    old: published 5 weeks ago, 6 votes 3 weeks ago (weighs 6/8 = 0.75 today), 1 comment
    middle: published 2 weeks ago, 3 votes 1 week ago (3/2 = 1.5), 4 comments
    fresh: published today, 1 vote today (1), no comment
    """
    now = timezone.now()
    with at(now - timedelta(weeks=5)):
        old = IdeaFactory(title="Old idea")
    with at(now - timedelta(weeks=2)):
        middle = IdeaFactory(title="Middle idea")
    fresh = IdeaFactory(title="Fresh idea")
    with at(now - timedelta(weeks=3)):
        vote_times(old, 6)
    with at(now - timedelta(weeks=1)):
        vote_times(middle, 3)
    vote_times(fresh, 1)
    services.add_comment(old, UserFactory(), "<p>Yes.</p>")
    for _ in range(4):
        services.add_comment(middle, UserFactory(), "<p>Agreed.</p>")
    return old, middle, fresh


def test_trending_is_the_default_and_counts_recent_votes_more(client, three_ideas):
    old, middle, fresh = three_ideas

    assert listed(client) == [middle.pk, fresh.pk, old.pk]
    assert listed(client, sort="trending") == [middle.pk, fresh.pk, old.pk]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("votes", ["old", "middle", "fresh"]),
        ("newest", ["fresh", "middle", "old"]),
        ("discussed", ["middle", "old", "fresh"]),
    ],
)
def test_the_other_sorts(client, three_ideas, sort, expected):
    by_name = dict(zip(["old", "middle", "fresh"], three_ideas, strict=True))

    assert listed(client, sort=sort) == [by_name[name].pk for name in expected]


def test_the_chosen_sort_is_named_and_trending_explained(client, three_ideas):
    content = client.get(INDEX_URL, {"sort": "votes"}).content.decode()
    assert "Sorted by: Most votes." in content
    assert '<option value="votes" selected>Most votes</option>' in content

    content = client.get(INDEX_URL).content.decode()
    assert "Sorted by: Trending." in content
    assert "Trending: votes, each counting half as much for every week of age." in content


# Filters -----------------------------------------------------------------------------------


def test_filter_by_status(client):
    staff = UserFactory(roles=["Staff"])
    accepted = IdeaFactory(status=Status.ACCEPTED, moderator=staff)
    IdeaFactory()

    assert listed(client, status="accepted") == [accepted.pk]


def test_filter_by_tag_slug_or_name(client):
    trees = IdeaFactory(tags=["Street trees"])
    IdeaFactory(tags=["Benches"])

    assert listed(client, tag="street-trees") == [trees.pk]
    response = client.get(INDEX_URL, {"tag": "street TREES"})
    assert [idea.pk for idea in response.context["ideas"]] == [trees.pk]
    assert '<option value="street-trees" selected>Street trees</option>' in (
        response.content.decode()
    )


def test_filter_by_neighborhood(client):
    fishtown = NeighborhoodFactory(name="Fishtown", slug="fishtown")
    here = IdeaFactory(neighborhood=fishtown)
    IdeaFactory(neighborhood=NeighborhoodFactory())
    IdeaFactory()

    assert listed(client, neighborhood="fishtown") == [here.pk]


def test_filter_by_campaign_or_the_general_box(client):
    parks = make_campaign("Parks")
    in_parks = IdeaFactory(campaign=parks)
    general = IdeaFactory()

    assert listed(client, campaign=parks.pk) == [in_parks.pk]
    assert listed(client, campaign="general") == [general.pk]


def test_filters_combine(client):
    parks = make_campaign("Parks")
    fishtown = NeighborhoodFactory(slug="fishtown")
    wanted = IdeaFactory(campaign=parks, neighborhood=fishtown, tags=["trees"])
    IdeaFactory(campaign=parks, neighborhood=fishtown, tags=["benches"])
    IdeaFactory(campaign=parks, tags=["trees"])
    IdeaFactory(neighborhood=fishtown, tags=["trees"])

    assert listed(client, campaign=parks.pk, neighborhood="fishtown", tag="trees") == [wanted.pk]


def test_unknown_filter_values_are_ignored_and_named(client):
    idea = IdeaFactory()

    response = client.get(
        INDEX_URL,
        {"status": "awaiting", "tag": "no-such-tag", "neighborhood": "atlantis", "sort": "x"},
    )
    content = response.content.decode()

    assert [i.pk for i in response.context["ideas"]] == [idea.pk]
    assert "Some filters were not recognised and have been ignored:" in content
    for value in ("awaiting", "no-such-tag", "atlantis", "x"):
        assert f"“{value}”" in content


def test_the_filter_form_offers_public_statuses_used_tags_and_campaigns(client):
    make_campaign("Parks in Kensington")
    IdeaFactory(tags=["trees"])

    content = client.get(INDEX_URL).content.decode()

    assert '<option value="trees">trees</option>' in content
    assert '<option value="published">Published</option>' in content
    assert '<option value="awaiting"' not in content
    assert "Parks in Kensington</option>" in content
    assert '<label for="idea-filter-q">Search</label>' in content


# Search ------------------------------------------------------------------------------------


def test_search_finds_ideas_by_title_body_and_tag(client):
    title = IdeaFactory(title="Pollinator garden on the corner lot")
    body = IdeaFactory(body="<p>The fountain in the square has been dry for years.</p>")
    tag = IdeaFactory(title="Something else", tags=["skateboarding"])
    IdeaFactory(title="Unrelated", body="<p>Nothing to see.</p>")

    assert listed(client, q="pollinator") == [title.pk]
    assert listed(client, q="fountain") == [body.pk]
    assert listed(client, q="skateboarding") == [tag.pk]


def test_search_after_an_edit_finds_the_new_words_and_tags(client):
    author = UserFactory()
    idea = IdeaFactory(author=author, title="Benches", tags=["seating"])

    services.edit_idea(idea, author, title="Picnic tables", tags=["picnics"])

    assert listed(client, q="picnic") == [idea.pk]
    assert listed(client, q="picnics") == [idea.pk]
    assert listed(client, q="seating") == []


def test_search_keeps_an_explicitly_chosen_sort(client):
    quiet = IdeaFactory(title="Library opening hours on Sunday")
    popular = IdeaFactory(title="Library branch in Port Richmond")
    IdeaFactory(title="Bike lanes")
    vote_times(popular, 3)
    vote_times(quiet, 1)

    assert listed(client, q="library", sort="votes") == [popular.pk, quiet.pk]
    assert listed(client, q="library", sort="newest") == [popular.pk, quiet.pk]
    services.add_comment(quiet, UserFactory(), "<p>Yes please.</p>")
    assert listed(client, q="library", sort="discussed") == [quiet.pk, popular.pk]


def test_search_combines_with_filters(client):
    fishtown = NeighborhoodFactory(slug="fishtown")
    here = IdeaFactory(title="Mural on the underpass", neighborhood=fishtown, tags=["art"])
    IdeaFactory(title="Mural at the school", tags=["art"])
    IdeaFactory(title="Mural by the river", neighborhood=fishtown, tags=["rivers"])

    assert listed(client, q="mural", neighborhood="fishtown", tag="art") == [here.pk]


def test_search_without_a_sort_ranks_matches_where_the_database_does(client):
    weak = IdeaFactory(title="Ideas for summer", body="<p>Maybe a splash pad somewhere.</p>")
    strong = IdeaFactory(title="Splash pad in Norris Square", summary="A splash pad for kids.")
    vote_times(weak, 2)

    response = client.get(INDEX_URL, {"q": "splash pad"})

    found = [idea.pk for idea in response.context["ideas"]]
    if filters.database_ranks_matches():
        assert found == [strong.pk, weak.pk]
        assert response.context["sort"] == "relevance"
        assert "Sorted by: Best match." in response.content.decode()
    else:
        # SQLite: matches are not ranked (see ideas.listing), they are shown trending.
        assert found == [weak.pk, strong.pk]
        assert response.context["sort"] == "trending"


def test_a_search_typed_on_the_default_form_is_not_pinned_to_trending(client):
    IdeaFactory(title="Trees")

    content = client.get(INDEX_URL).content.decode()

    # The default sort is the empty value, so a search submitted from this form is
    # ranked by relevance (where the database ranks) rather than held to trending.
    assert '<option value="" selected>Trending</option>' in content


def test_search_is_capped_and_says_so(client, monkeypatch):
    monkeypatch.setattr(listing, "MAX_SEARCH_RESULTS", 2)
    for n in range(3):
        IdeaFactory(title=f"Crosswalk number {n}")

    response = client.get(INDEX_URL, {"q": "crosswalk"})

    assert len(response.context["ideas"]) == 2
    assert "Only the 2 best matches are listed." in response.content.decode()


def test_an_over_long_search_is_ignored_with_a_message(client):
    IdeaFactory()

    response = client.get(INDEX_URL, {"q": "x" * (filters.MAX_QUERY_LENGTH + 1)})

    assert len(response.context["ideas"]) == 1
    assert "Some filters were not recognised" in response.content.decode()


# What is never listed -----------------------------------------------------------------------


def test_hidden_and_awaiting_ideas_are_never_listed_or_found(client, moderator):
    shown = IdeaFactory(title="Visible playground idea", tags=["playground"])
    hidden = IdeaFactory(title="Hidden playground idea", tags=["playground"])
    services.hide(moderator, "Spam", idea=hidden)
    pre = make_campaign("Pre-moderated", moderation=Moderation.PRE)
    waiting = IdeaFactory(campaign=pre, title="Waiting playground idea", tags=["playground"])
    assert waiting.status == Status.AWAITING
    # Withdrawn before a moderator saw it: it was never published, so it stays unlisted.
    withdrawn = IdeaFactory(campaign=pre, title="Withdrawn playground idea", tags=["playground"])
    services.withdraw_idea(withdrawn, withdrawn.author)

    for params in (
        {},
        {"q": "playground"},
        {"tag": "playground"},
        {"campaign": pre.pk},
        {"q": "playground", "sort": "newest"},
    ):
        assert listed(client, **params) in ([shown.pk], []), params
    assert listed(client, pre.url) == []
    assert listed(client, pre.url, q="waiting") == []


# Pages -------------------------------------------------------------------------------------


def test_pages_of_twenty_whose_links_keep_the_search_and_filters(client):
    fishtown = NeighborhoodFactory(slug="fishtown")
    ideas = [
        IdeaFactory(title=f"Bus shelter {n}", neighborhood=fishtown, tags=["transit"])
        for n in range(listing.PAGE_SIZE + 3)
    ]
    IdeaFactory(title="Bus shelter elsewhere", tags=["transit"])
    params = {"q": "shelter", "neighborhood": "fishtown", "tag": "transit", "sort": "newest"}

    first = client.get(INDEX_URL, params)
    content = first.content.decode()

    assert len(first.context["ideas"]) == listing.PAGE_SIZE
    next_link = re.search(r'<a href="\?([^"]+)"\s+rel="next"', content).group(1)
    assert dict(parse_qsl(unescape(next_link))) == {**params, "page": "2"}
    second = client.get(INDEX_URL, {**params, "page": 2})
    newest_first = [idea.pk for idea in reversed(ideas)]
    assert [idea.pk for idea in second.context["ideas"]] == newest_first[listing.PAGE_SIZE :]
    assert "Page 2 of 2" in second.content.decode()


def test_search_words_with_special_characters_survive_the_page_links(client):
    for n in range(listing.PAGE_SIZE + 1):
        IdeaFactory(title=f"Café terrace {n}")

    content = client.get(INDEX_URL, {"q": "café & terrace"}).content.decode()

    assert 'href="?q=caf%C3%A9%20terrace&amp;page=2"' in content
    assert len(client.get(INDEX_URL, {"q": "café terrace", "page": 2}).context["ideas"]) == 1


def test_a_page_number_out_of_range_shows_the_last_page(client):
    IdeaFactory()

    assert len(listed(client, page=99)) == 1
    assert len(listed(client, page="abc")) == 1


# Cost --------------------------------------------------------------------------------------


def count_queries(client, params, url=INDEX_URL):
    client.get(url, params)  # once first: site, locale and content type caches fill up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def make_ideas(count, campaign, neighborhood):
    for n in range(count):
        idea = IdeaFactory(
            title=f"Street lights {n}",
            campaign=campaign if n % 2 else None,
            neighborhood=neighborhood if n % 3 else None,
            tags=["lights", f"tag-{n % 4}"],
        )
        services.cast_vote(idea, UserFactory())


@pytest.mark.parametrize(
    "params",
    [{}, {"sort": "votes"}, {"q": "lights"}, {"q": "lights", "sort": "newest", "tag": "lights"}],
)
def test_the_number_of_queries_does_not_grow_with_the_number_of_ideas(client, params):
    campaign = make_campaign("Lighting")
    neighborhood = NeighborhoodFactory()
    make_ideas(3, campaign, neighborhood)
    few = count_queries(client, params)

    make_ideas(30, campaign, neighborhood)
    many = count_queries(client, params)

    assert many == few


def test_a_campaign_page_costs_the_same_however_many_ideas(client):
    campaign = make_campaign("Lighting")
    neighborhood = NeighborhoodFactory()
    make_ideas(4, campaign, neighborhood)
    few = count_queries(client, {"q": "lights"}, campaign.url)

    make_ideas(30, campaign, neighborhood)
    many = count_queries(client, {"q": "lights"}, campaign.url)

    assert many == few


# Cards -------------------------------------------------------------------------------------


def test_a_card_shows_what_residents_need_to_choose(client):
    fishtown = NeighborhoodFactory(name="Fishtown")
    parks = make_campaign("Parks in Kensington")
    author = UserFactory(display_name="Rosa", email="rosa@example.org")
    idea = IdeaFactory(
        campaign=parks,
        author=author,
        title="Shade sails over the sandpit",
        summary="Children cannot play there after noon.",
        neighborhood=fishtown,
        tags=["shade"],
    )
    vote_times(idea, 2)
    services.add_comment(idea, UserFactory(), "<p>Yes!</p>")
    services.withdraw_idea(idea, author)
    ideas_index()

    content = client.get(INDEX_URL).content.decode()
    card = content[content.index('<li class="idea-card') :]
    card = card[: card.index("</li>\n", card.index("idea-card__tags"))]

    assert f'href="/en/ideas/{idea.pk}/"' in card
    assert "Shade sails over the sandpit" in card
    assert "Children cannot play there after noon." in card
    assert "Withdrawn" in card
    assert re.search(r"<dt>Votes</dt>\s*<dd>\s*2\s*</dd>", card)
    assert re.search(r"<dt>Comments</dt>\s*<dd>\s*1\s*</dd>", card)
    assert "Fishtown" in card
    assert f'href="{parks.url}"' in card
    assert 'href="?tag=shade"' in card
    assert "<time datetime=" in card
    assert "Rosa" in card
    assert "rosa@example.org" not in content


def test_in_another_language_cards_and_filters_name_the_translated_campaign(client):
    parks = make_campaign("Parks", slug="parks")
    spanish_locale = Locale.objects.get_or_create(language_code="es")[0]
    spanish = parks.copy_for_translation(spanish_locale, copy_parents=True)
    spanish.title, spanish.slug = "Parques", "parques"
    spanish.save_revision().publish()
    assert ideas_index().get_translation(spanish_locale).live
    idea = IdeaFactory(campaign=parks, title="Fuente de agua")

    response = client.get("/es/ideas/")
    content = response.content.decode()

    assert [i.pk for i in response.context["ideas"]] == [idea.pk]
    assert 'href="/es/ideas/parques/">Parques</a>' in content
    assert f'<option value="{parks.pk}">Parques</option>' in content
    assert [i.pk for i in client.get("/es/ideas/parques/").context["ideas"]] == [idea.pk]


@pytest.mark.django_db
def test_a_tag_longer_than_any_tag_is_named_not_an_error(client, index_page):
    response = client.get(index_page.url, {"tag": "x" * 60_000})

    assert response.status_code == 200
    assert "Some filters were not recognised and have been ignored:" in response.content.decode()
