"""Open data: reports, ideas and outcomes as JSON and CSV, nothing about the people."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engage.reports import services as report_services
from ideas import services as idea_services
from ideas.models import Idea
from tests.factories import NeighborhoodFactory, UserFactory, square
from tests.ideas.factories import IdeaFactory, make_campaign
from tests.outcomes.announcements_factories import make_outcome, translate
from tests.reports.factories import CategoryFactory, ReportFactory, translate_category

pytestmark = pytest.mark.django_db

PERSONAL = ("Rosa Díaz", "rosa@example.org", "215-555-0199", "my neighbour Tom", "12 Elm St")


def read(response):
    assert response.status_code == 200, response.content
    assert response.streaming
    assert response["Access-Control-Allow-Origin"] == "*"
    return b"".join(response.streaming_content).decode("utf-8")


def get_json(client, dataset, language="en", **params):
    response = client.get(f"/{language}/performance/open-data/{dataset}.json", params)
    assert response["Content-Type"] == "application/json"
    return json.loads(read(response))


def get_csv(client, dataset, language="en", **params):
    response = client.get(f"/{language}/performance/open-data/{dataset}.csv", params)
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(read(response).lstrip("\ufeff"))))


@pytest.fixture
def filer():
    return UserFactory(email="rosa@example.org", display_name="Rosa Díaz")


@pytest.fixture
def category():
    return CategoryFactory(code="pothole", name="Pothole")


@pytest.fixture
def report(filer, category):
    NeighborhoodFactory(name="Fishtown", slug="fishtown", boundary=square(-75.0, 40.0))
    return ReportFactory(
        category=category,
        filed_by=filer,
        contact_name="Rosa Díaz",
        contact_email="rosa@example.org",
        contact_phone="215-555-0199",
        description="Reported for my neighbour Tom",
        address="12 Elm St",
        lat=40.005449,
        lng=-74.995551,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 30)),
    )


def test_a_report_with_what_is_public_and_nothing_personal(client, report):
    data = get_json(client, "reports")

    assert data["dataset"] == "reports"
    assert data["coordinate_decimals"] == 3
    (row,) = data["results"]
    assert row["reference"] == report.reference
    assert row["url"] == f"http://testserver/en/reports/{report.reference}/"
    assert row["category"] == "pothole"
    assert row["category_name"] == "Pothole"
    assert row["neighborhood"] == "fishtown"
    assert row["status"] == "submitted"
    assert row["channel"] == "web"
    # The day in the site's time zone, not the moment.
    assert row["submitted_on"] == "2026-03-01"
    assert (row["lat"], row["lng"]) == (40.005, -74.996)
    raw = json.dumps(data, ensure_ascii=False)
    for detail in PERSONAL:
        assert detail not in raw


def test_reports_as_csv_in_the_language_asked_without_duplicates(client, report, category):
    translate_category(category, name="Bache")
    duplicate = ReportFactory(category=category, description="=HYPERLINK(1)")
    report_services.merge(duplicate, report)

    rows = get_csv(client, "reports", language="es")

    assert [row["reference"] for row in rows] == [report.reference]
    assert rows[0]["category_name"] == "Bache"
    assert rows[0]["lat"] == "40.005"
    for detail in PERSONAL:
        assert all(detail not in value for value in rows[0].values())


def test_since_keeps_what_came_later_and_a_bad_value_is_explained(client, report, category):
    later = ReportFactory(
        category=category, submitted_at=timezone.make_aware(datetime.datetime(2026, 4, 2, 9))
    )

    data = get_json(client, "reports", since="2026-04-01")
    assert [row["reference"] for row in data["results"]] == [later.reference]

    response = client.get("/en/performance/open-data/reports.json", {"since": "last week"})
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["error"]
    assert client.get("/en/performance/open-data/people.json").status_code == 404
    assert client.get("/en/performance/open-data/reports.xml").status_code == 404


def test_the_queries_do_not_grow_with_the_rows(client, category):
    def count():
        with CaptureQueriesContext(connection) as queries:
            read(client.get("/en/performance/open-data/reports.json"))
            read(client.get("/en/performance/open-data/ideas.csv"))
        return len(queries)

    campaign = make_campaign()
    ReportFactory(category=category)
    IdeaFactory(campaign=campaign, tags=["trees"])
    few = count()
    for _number in range(6):
        ReportFactory(category=category)
        IdeaFactory(campaign=campaign, tags=["shade"])
    assert count() == few


def test_public_ideas_without_their_authors(client):
    author = UserFactory(email="rosa@example.org", display_name="Rosa Díaz")
    campaign = make_campaign()
    idea = IdeaFactory(
        campaign=campaign, author=author, title="Shade sails", lat="39.970449", lng="-75.13"
    )
    idea_services.cast_vote(idea, UserFactory(email="voter@example.org"))
    hidden = IdeaFactory(campaign=campaign, title="Hidden one")
    idea_services.hide(UserFactory(roles=["Moderator"]), "Spam", idea=hidden)

    data = get_json(client, "ideas")

    (row,) = data["results"]
    assert row["title"] == "Shade sails"
    assert row["status"] == Idea.Status.PUBLISHED
    assert row["vote_count"] == 1
    assert (row["lat"], row["lng"]) == (39.97, -75.13)
    raw = json.dumps(data, ensure_ascii=False)
    for detail in ("rosa@example.org", "Rosa Díaz", "voter@example.org", "Hidden one"):
        assert detail not in raw


def test_outcomes_with_their_linked_feedback_in_the_language_asked(client, report):
    campaign = make_campaign()
    idea = IdeaFactory(campaign=campaign)
    parent = make_outcome(
        title="Safer streets", links=[{"idea": idea}, {"report": report}], lat=40.00549
    )
    child = make_outcome(title="Market St crossing", parent=parent, progress=50)
    make_outcome(title="Draft outcome", publish=False)
    translate(parent, title="Calles más seguras")

    data = get_json(client, "outcomes")

    rows = {row["title"]: row for row in data["results"]}
    assert sorted(rows) == ["Market St crossing", "Safer streets"]
    safer = rows["Safer streets"]
    assert safer["ideas"] == [idea.pk]
    assert safer["reports"] == [report.reference]
    assert safer["progress"] == 50
    assert safer["lat"] == 40.005
    assert safer["people_told"] == 2  # the idea's author and the reporter
    assert rows["Market St crossing"]["parent"] == parent.pk
    assert child.pk == rows["Market St crossing"]["id"]
    assert "rosa@example.org" not in json.dumps(data)

    spanish = get_csv(client, "outcomes", language="es")
    assert [row["title"] for row in spanish] == ["Calles más seguras"]
    assert spanish[0]["reports"] == report.reference
