"""RSS and Atom feeds of the newest outcomes, per language, as a feed reader sees them."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone, translation

from engage.outcomes import feeds
from engage.outcomes.models import OutcomePage
from tests.outcomes.index_factories import make_outcome, outcomes_index, spanish

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


def backdate(outcome, days):
    OutcomePage.objects.filter(pk=outcome.pk).update(
        first_published_at=timezone.now() - timedelta(days=days)
    )
    outcome.refresh_from_db()
    return outcome


def test_the_rss_feed_lists_live_outcomes_newest_first(client):
    older = backdate(make_outcome("Benches in Norris Square", topics=["Parks"]), days=3)
    newer = make_outcome(
        "New trees on Oak Street",
        summary="Forty trees <planted> where residents asked.",
        status=OutcomePage.Status.COMPLETED,
    )
    make_outcome("A draft", live=False)

    channel, items = rss_items(client, "/en/outcomes/feed/")

    assert channel.findtext("title") == "Outcomes"
    assert channel.findtext("link") == "http://testserver/en/outcomes/"
    assert channel.findtext("language") == "en"
    assert [item.findtext("title") for item in items] == [newer.title, older.title]
    assert [item.findtext("link") for item in items] == [
        f"http://testserver{newer.url}",
        f"http://testserver{older.url}",
    ]
    # Escaped once more, as readers treat the description as HTML.
    assert items[0].findtext("description") == "Forty trees &lt;planted&gt; where residents asked."
    assert [c.text for c in items[0].findall("category")] == ["Completed"]
    assert [c.text for c in items[1].findall("category")] == ["Planned", "Parks"]
    published = parsedate_to_datetime(items[1].findtext("pubDate"))
    assert abs(published - older.first_published_at) < timedelta(seconds=1)


def test_the_atom_feed_says_the_same(client):
    outcome = make_outcome("New trees on Oak Street")

    root, entries = atom_entries(client, "/en/outcomes/feed/atom/")

    assert root.findtext(f"{ATOM}title") == "Outcomes"
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [outcome.title]
    assert entries[0].find(f"{ATOM}link").get("href") == f"http://testserver{outcome.url}"
    assert entries[0].findtext(f"{ATOM}summary") == outcome.summary


def test_each_language_has_its_own_feed(client):
    index = outcomes_index()
    spanish(index, title="Resultados", slug="resultados")
    outcome = make_outcome("New trees on Oak Street")
    outcome_es = spanish(outcome, title="Árboles nuevos", slug="arboles")

    channel, items = rss_items(client, "/es/resultados/feed/")
    _root, entries = atom_entries(client, "/es/resultados/feed/atom/")

    assert channel.findtext("title") == "Resultados"
    assert channel.findtext("language") == "es"
    assert [item.findtext("title") for item in items] == ["Árboles nuevos"]
    assert items[0].findtext("link") == f"http://testserver{outcome_es.url}"
    assert outcome_es.url.startswith("/es/resultados/")
    with translation.override("es"):
        planned = str(OutcomePage.Status.PLANNED.label)
    assert [c.text for c in items[0].findall("category")] == [planned]
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Árboles nuevos"]


def test_the_feed_holds_the_newest_only(client, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 2)
    for number in range(3):
        backdate(make_outcome(f"Outcome {number}"), days=10 - number)

    _channel, items = rss_items(client, "/en/outcomes/feed/")

    assert [item.findtext("title") for item in items] == ["Outcome 2", "Outcome 1"]


def test_the_index_page_announces_its_feeds(client):
    make_outcome("New trees on Oak Street")

    html = client.get("/en/outcomes/").content.decode()

    assert 'type="application/rss+xml"' in html
    assert 'href="/en/outcomes/feed/"' in html
    assert 'href="/en/outcomes/feed/atom/"' in html
