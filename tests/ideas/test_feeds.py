"""RSS and Atom feeds of new ideas, overall and per campaign, as a feed reader sees them."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas import feeds, services
from ideas.models import Moderation
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, ideas_index, make_campaign

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own feed)
    return channel, channel.findall("item")


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    return root, root.findall(f"{ATOM}entry")


def test_the_rss_feed_lists_visible_ideas_newest_first(client):
    moderator = UserFactory(roles=["Moderator"])
    now = timezone.now()
    with mock.patch("ideas.services.timezone.now", return_value=now - timedelta(days=2)):
        older = IdeaFactory(title="Older idea")
    newer = IdeaFactory(title="Newer idea")
    hidden = IdeaFactory(title="Hidden idea")
    services.hide(moderator, "Spam", idea=hidden)
    IdeaFactory(campaign=make_campaign(moderation=Moderation.PRE), title="Waiting idea")

    channel, items = rss_items(client, "/en/ideas/feed/")

    assert channel.findtext("title") == "Ideas"
    assert channel.findtext("link") == "http://testserver/en/ideas/"
    assert [item.findtext("title") for item in items] == [newer.title, older.title]
    assert [item.findtext("link") for item in items] == [
        f"http://testserver/en/ideas/{newer.pk}/",
        f"http://testserver/en/ideas/{older.pk}/",
    ]
    published = parsedate_to_datetime(items[1].findtext("pubDate"))
    assert abs(published - older.published_at) < timedelta(seconds=1)


def test_an_item_has_the_summary_as_text_the_tags_and_the_authors_public_name(client):
    author = UserFactory(display_name="Rosa", email="rosa@example.org")
    IdeaFactory(
        author=author,
        title="Benches <b>now</b>",
        summary="Rest stops & shade <script>alert(1)</script>",
        tags=["benches", "Older residents"],
    )

    _channel, [item] = rss_items(client, "/en/ideas/feed/")

    # Readers read these as HTML: the text arrives escaped, shown as typed, never run.
    assert item.findtext("title") == "Benches &lt;b&gt;now&lt;/b&gt;"
    assert item.findtext("description") == (
        "Rest stops &amp; shade &lt;script&gt;alert(1)&lt;/script&gt;"
    )
    assert sorted(c.text for c in item.findall("category")) == ["Older residents", "benches"]
    assert "Rosa" in item.findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert b"rosa@example.org" not in client.get("/en/ideas/feed/").content


def test_the_atom_feed_has_the_same_entries(client):
    author = UserFactory(display_name="Rosa", email="rosa@example.org")
    idea = IdeaFactory(author=author, title="Bike racks", tags=["bikes"])

    root, [entry] = atom_entries(client, "/en/ideas/feed/atom/")

    assert root.findtext(f"{ATOM}title") == "Ideas"
    assert entry.findtext(f"{ATOM}title") == "Bike racks"
    link = entry.find(f"{ATOM}link")
    assert link.get("href") == f"http://testserver/en/ideas/{idea.pk}/"
    assert entry.findtext(f"{ATOM}summary") == idea.summary
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Rosa"
    assert entry.find(f"{ATOM}author").find(f"{ATOM}email") is None
    assert entry.find(f"{ATOM}category").get("term") == "bikes"
    assert entry.findtext(f"{ATOM}published")


def test_a_campaign_feed_has_only_that_campaigns_ideas(client):
    parks = make_campaign("Parks", question="How should we improve parks?")
    mine = IdeaFactory(campaign=parks, title="Water fountain")
    IdeaFactory(campaign=make_campaign("Libraries"), title="Longer hours")
    IdeaFactory(title="Bike lanes")

    channel, items = rss_items(client, f"/en/ideas/feed/{parks.pk}/")
    root, entries = atom_entries(client, f"/en/ideas/feed/{parks.pk}/atom/")

    assert channel.findtext("title") == "Ideas: Parks"
    assert channel.findtext("description") == "How should we improve parks?"
    assert channel.findtext("link") == f"http://testserver{parks.url}"
    assert [item.findtext("title") for item in items] == [mine.title]
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [mine.title]


def test_an_unknown_or_unpublished_campaign_has_no_feed(client):
    campaign = make_campaign()
    assert client.get("/en/ideas/feed/999999/").status_code == 404
    campaign.unpublish()

    assert client.get(f"/en/ideas/feed/{campaign.pk}/").status_code == 404


def test_a_feed_holds_the_fifty_newest_in_a_fixed_number_of_queries(client):
    ideas_index()
    for n in range(3):
        IdeaFactory(title=f"Idea {n}", tags=["a", "b"])
    client.get("/en/ideas/feed/")
    with CaptureQueriesContext(connection) as few:
        client.get("/en/ideas/feed/")

    created = [IdeaFactory(title=f"More {n}", tags=["c"]) for n in range(feeds.FEED_SIZE)]
    with CaptureQueriesContext(connection) as many:
        _channel, items = rss_items(client, "/en/ideas/feed/")

    assert len(items) == feeds.FEED_SIZE == 50
    assert items[0].findtext("title") == created[-1].title
    assert items[-1].findtext("title") == created[0].title
    assert len(many) == len(few)
