"""The JSON open-data endpoint: every public idea, nothing about the people behind them."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from ideas import api, services
from ideas.models import Idea, Moderation
from tests.factories import NeighborhoodFactory, UserFactory
from tests.ideas.factories import IdeaFactory, ideas_index, make_campaign

Status = Idea.Status
pytestmark = pytest.mark.django_db

URL = "/en/ideas/open-data.json"


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def bad(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()["error"]


@pytest.fixture
def staff():
    return UserFactory(roles=["Staff"])


def test_an_idea_with_everything_public_about_it(client, staff):
    fishtown = NeighborhoodFactory(name="Fishtown", slug="fishtown")
    parks = make_campaign("Parks in Kensington")
    idea = IdeaFactory(
        campaign=parks,
        title="Shade sails",
        summary="Shade over the sandpit.",
        body="<p>Children <b>cannot</b> play there after noon.</p><ul><li>Sails</li></ul>",
        neighborhood=fishtown,
        lat="39.970000",
        lng="-75.130000",
        tags=["shade", "playgrounds"],
    )
    services.cast_vote(idea, UserFactory())
    services.add_comment(idea, UserFactory(), "<p>Yes!</p>")
    services.decide(idea, staff, Status.ACCEPTED, "<p>We will put them up in <i>May</i>.</p>")

    data = get(client)

    assert data["count"] == 1
    [item] = data["results"]
    idea.refresh_from_db()
    assert item == {
        "id": idea.pk,
        "url": f"http://testserver/en/ideas/{idea.pk}/",
        "title": "Shade sails",
        "summary": "Shade over the sandpit.",
        "body_text": "Children cannot play there after noon.\n\nSails",
        "status": "accepted",
        "status_label": "Accepted",
        "merged_into": None,
        "campaign": {"id": parks.pk, "title": "Parks in Kensington"},
        "neighborhood": {"slug": "fishtown", "name": "Fishtown"},
        "tags": ["playgrounds", "shade"],
        "lat": 39.97,
        "lng": -75.13,
        "vote_count": 1,
        "comment_count": 1,
        "published_at": idea.published_at.isoformat(),
        "status_history": [
            {
                "status": "published",
                "date": item["status_history"][0]["date"],
                "answer_text": "",
            },
            {
                "status": "accepted",
                "date": item["status_history"][1]["date"],
                "answer_text": "We will put them up in May.",
            },
        ],
    }


def test_nothing_about_the_people_is_published(client, staff):
    author = UserFactory(display_name="Rosalind Q.", email="rosalind@example.org")
    voter = UserFactory(display_name="Victor V.", email="victor@example.org")
    idea = IdeaFactory(author=author, title="Benches")
    services.cast_vote(idea, voter)
    services.add_comment(idea, voter, "<p>Agreed.</p>")
    services.decide(idea, staff, Status.UNDER_REVIEW, "<p>Looking into it.</p>")

    response = client.get(URL)
    text = response.content.decode()
    [item] = response.json()["results"]

    for secret in (author.email, author.display_name, voter.email, voter.display_name):
        assert secret not in text
    assert staff.email not in text
    for key in ("author", "author_id", "user", "email", "actor"):
        assert key not in item
    assert all(set(entry) == {"status", "date", "answer_text"} for entry in item["status_history"])


def test_hidden_and_awaiting_ideas_are_left_out(client):
    moderator = UserFactory(roles=["Moderator"])
    shown = IdeaFactory()
    hidden = IdeaFactory()
    services.hide(moderator, "Spam", idea=hidden)
    IdeaFactory(campaign=make_campaign(moderation=Moderation.PRE))

    assert [item["id"] for item in get(client)["results"]] == [shown.pk]


def test_pages_follow_next_links_with_the_filters_kept(client):
    parks = make_campaign("Parks")
    ideas = [IdeaFactory(campaign=parks) for _ in range(5)]
    IdeaFactory()

    first = get(client, campaign=parks.pk, limit=2)
    assert first["count"] == 5
    assert first["pages"] == 3
    assert first["previous"] is None
    seen = [item["id"] for item in first["results"]]
    page = first
    while page["next"]:
        assert page["next"].startswith("http://testserver/en/ideas/open-data.json?")
        page = client.get(page["next"]).json()
        seen += [item["id"] for item in page["results"]]

    # Oldest first, so pages do not shift when new ideas are published.
    assert seen == [idea.pk for idea in ideas]
    assert page["previous"].endswith("page=2")


def test_filter_by_status_and_since(client, staff):
    now = timezone.now()
    with mock.patch("ideas.services.timezone.now", return_value=now - timedelta(days=10)):
        old = IdeaFactory()
    new = IdeaFactory()
    services.decide(old, staff, Status.DECLINED, "<p>Not this year.</p>")

    assert [i["id"] for i in get(client, status="declined")["results"]] == [old.pk]
    since = (now - timedelta(days=1)).date().isoformat()
    assert [i["id"] for i in get(client, since=since)["results"]] == [new.pk]
    moment = (now - timedelta(days=11)).isoformat()
    assert [i["id"] for i in get(client, since=moment)["results"]] == [old.pk, new.pk]


def test_since_takes_offsets_postgresql_cannot(client):
    # Python reads offsets up to ±23:59, PostgreSQL only ±15:59: they are converted first.
    idea = IdeaFactory()
    earlier = (idea.published_at - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S-23:59")

    assert [i["id"] for i in get(client, since=earlier)["results"]] == [idea.pk]


def test_a_translated_campaign_stands_for_its_ideas_and_is_named_in_the_language(client):
    parks = make_campaign("Parks")
    spanish = parks.copy_for_translation(
        Locale.objects.get_or_create(language_code="es")[0], copy_parents=True
    )
    spanish.title = "Parques"
    spanish.save_revision().publish()
    mine = IdeaFactory(campaign=spanish)
    IdeaFactory()

    response = client.get("/es/ideas/open-data.json", {"campaign": spanish.pk})

    [item] = response.json()["results"]
    assert item["id"] == mine.pk
    assert item["campaign"] == {"id": parks.pk, "title": "Parques"}
    assert item["url"] == f"http://testserver/es/ideas/{mine.pk}/"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "0"}, "limit must be a whole number from 1 upwards."),
        ({"limit": "abc"}, "limit must be a whole number from 1 upwards."),
        ({"limit": "1001"}, "limit can be at most 1000."),
        ({"page": "-1"}, "page must be a whole number from 1 upwards."),
        ({"page": "5"}, "There is no page 5: there are 1."),
        ({"status": "awaiting"}, "status must be one of:"),
        ({"since": "yesterday"}, "since must be an ISO 8601 date"),
        ({"since": "2026-02-30"}, "since must be an ISO 8601 date"),
        ({"campaign": "parks"}, "campaign must be the number of a campaign."),
        ({"campaign": "999999"}, "There is no campaign 999999."),
        # Values the database or int() cannot take: answered, as the docs promise.
        ({"since": "9999-12-31T23:59:59-23:59"}, "since must be a date between 0002-01-01"),
        ({"since": "0001-01-01T00:00:00+23:59"}, "since must be a date between 0002-01-01"),
        ({"since": "9999-12-31"}, "since must be a date between 0002-01-01 and 9998-12-31."),
        ({"page": "²"}, "page must be a whole number from 1 upwards."),
        ({"page": "9" * 5000}, "page must be a whole number from 1 upwards."),
        ({"campaign": "²"}, "campaign must be the number of a campaign."),
        ({"campaign": "9" * 5000}, "campaign must be the number of a campaign."),
    ],
)
def test_bad_parameters_get_a_400_with_a_message(client, params, message):
    IdeaFactory()

    assert bad(client, **params).startswith(message)


def test_a_page_costs_the_same_number_of_queries_however_long(client, staff):
    ideas_index()
    campaign = make_campaign("Lighting")
    neighborhood = NeighborhoodFactory()

    def add(count):
        for n in range(count):
            idea = IdeaFactory(
                campaign=campaign if n % 2 else None,
                neighborhood=neighborhood if n % 3 else None,
                tags=["lights", f"tag-{n}"],
            )
            services.decide(idea, staff, Status.UNDER_REVIEW, "<p>We are looking.</p>")

    add(2)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        get(client)
    add(25)
    with CaptureQueriesContext(connection) as many:
        data = get(client, limit=api.MAX_LIMIT)

    assert len(data["results"]) == 27
    assert len(many) == len(few)


def test_the_limit_defaults_to_a_hundred(client):
    IdeaFactory()

    assert get(client)["limit"] == api.DEFAULT_LIMIT == 100
