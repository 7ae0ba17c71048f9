"""The site search: every kind the parts declare, grouped, stemmed, and only what is public.

Runs on SQLite (FTS5 with the Porter tokenizer) and, with DATABASE_URL, on PostgreSQL
(full-text search with the "english" configuration).
"""

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from engage.core import search as site_search
from engage.core.models import ContentPage, HomePage
from engage.reports import services as report_services
from engage.reports.models import ServiceReport
from ideas import services as idea_services
from ideas.models import Idea, Moderation
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, home_page, make_campaign
from tests.reports.factories import CategoryFactory, ReportFactory
from tests.surveys.factories import make_survey, q

pytestmark = pytest.mark.django_db


def search(client, query, language="en", **params):
    response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def found(response, kind):
    """The titles (or references) shown in ``kind``'s group."""
    for group in response.context["groups"]:
        if group.kind == kind:
            return [_name(result) for result in group.results]
    raise AssertionError(f"no group {kind}")


def count(response, kind):
    return next(group.count for group in response.context["groups"] if group.kind == kind)


def _name(result):
    return getattr(result, "title", None) or result.reference


@pytest.fixture
def everything(db):
    """One thing of each kind about parks, and one of each about something else."""
    home = home_page()
    home.add_child(instance=ContentPage(title="Parks master plan", slug="parks-plan"))
    home.add_child(instance=ContentPage(title="Parking rules downtown", slug="parking"))
    home.add_child(instance=ContentPage(title="Library hours", slug="library"))
    make_survey([q.short("What would you change?")], title="Parks and playgrounds survey")
    make_survey([q.short("How often?")], title="Bus routes survey")
    IdeaFactory(title="More shade trees in the parks", summary="Trees by the benches.")
    IdeaFactory(title="Longer library hours", summary="Open on Sundays.")
    category = CategoryFactory(name="Park maintenance")
    report = ReportFactory(category=category, address="12 Elm Street")
    other = ReportFactory(category=CategoryFactory(name="Pothole"), address="3 Oak Road")
    return {"report": report, "other_report": other}


def test_every_part_declares_its_kind_and_the_groups_come_in_order():
    assert [source.kind for source in site_search.sources()] == [
        "pages",
        "answers",
        "surveys",
        "ideas",
        "reports",
        "events",
        "liaisons",
        "outcomes",
    ]


def test_search_finds_each_kind_and_groups_them(client, everything):
    response = search(client, "park")

    assert found(response, "pages") == ["Parks master plan", "Parking rules downtown"] or set(
        found(response, "pages")
    ) == {"Parks master plan", "Parking rules downtown"}
    assert found(response, "surveys") == ["Parks and playgrounds survey"]
    assert found(response, "ideas") == ["More shade trees in the parks"]
    assert found(response, "reports") == [everything["report"].reference]
    assert response.context["total"] == 5
    content = response.content.decode()
    for heading in ("Pages", "Surveys", "Ideas", "Reported problems"):
        assert f">\n        {heading} <span" in content or f"{heading} <span" in content
    assert f'href="/en/reports/{everything["report"].reference}/"' in content


def test_surveys_are_not_listed_again_among_pages(client, everything):
    response = search(client, "playgrounds")

    assert found(response, "surveys") == ["Parks and playgrounds survey"]
    assert found(response, "pages") == []


def test_stemming_park_finds_parks_and_parking(client, everything):
    response = search(client, "park")

    titles = set(found(response, "pages"))
    assert {"Parks master plan", "Parking rules downtown"} <= titles
    assert "Library hours" not in titles
    # And the other way round: the plural finds the singular.
    assert found(search(client, "maintenances"), "reports") == [everything["report"].reference]


def test_one_kind_at_a_time_is_paginated(client, db):
    for number in range(12):
        IdeaFactory(title=f"Quillwort meadow {number}", summary="Wild flowers.")

    overview = search(client, "quillwort")
    first = search(client, "quillwort", kind="ideas")
    second = search(client, "quillwort", kind="ideas", page=2)

    assert len(found(overview, "ideas")) == site_search.PREVIEW_SIZE
    assert 'href="?q=quillwort&amp;kind=ideas"' in overview.content.decode()
    assert "See all 12 results in Ideas" in overview.content.decode()
    assert len(first.context["shown"].results) == 10
    assert len(second.context["shown"].results) == 2
    assert 'href="?q=quillwort&amp;kind=ideas&amp;page=2"' in first.content.decode()
    assert first.context["kind"] == "ideas"


def test_an_unknown_kind_searches_everything(client, everything):
    response = search(client, "park", kind="nonsense")

    assert response.context["kind"] == ""
    assert response.context["shown"] is None
    assert response.context["total"] == 5


def test_private_report_fields_are_never_searched_or_shown(client, db):
    category = CategoryFactory(name="Streetlight out")
    report = ReportFactory(
        category=category,
        description="Zebrafish painted on the pole",
        contact_name="Quentin Zabriskie",
        contact_email="quentin@example.org",
        contact_phone="555-0199",
    )
    staff = UserFactory(roles=["Staff"])
    report_services.change_status(
        report,
        ServiceReport.Status.IN_PROGRESS,
        actor=staff,
        internal_note="Xylophone crew owes us a favour",
        public_note="Crew scheduled for Tuesday",
    )

    for private in ("zebrafish", "Zabriskie", "quentin", "555", "xylophone", staff.email):
        assert count(search(client, private), "reports") == 0, private
    # The public note is searchable (it was added after the report was indexed).
    response = search(client, "scheduled")
    assert found(response, "reports") == [report.reference]
    content = response.content.decode()
    assert "Zabriskie" not in content and "Zebrafish" not in content


def test_reports_merged_into_another_are_not_found(client, db):
    category = CategoryFactory(name="Abandoned bicycle")
    kept = ReportFactory(category=category)
    merged = ReportFactory(category=category, lat=40.0051)
    report_services.merge(merged, kept, actor=UserFactory(roles=["Staff"]))

    assert found(search(client, "bicycle"), "reports") == [kept.reference]


def test_only_published_ideas_are_found(client, db):
    moderator = UserFactory(roles=["Moderator"])
    published = IdeaFactory(title="Heron nesting boxes")
    pre_moderated = make_campaign(title="Heron campaign", moderation=Moderation.PRE)
    awaiting = IdeaFactory(title="Heron viewing platform", campaign=pre_moderated)
    hidden = IdeaFactory(title="Heron spam offer")
    idea_services.hide(moderator, "Spam", idea=hidden)
    withdrawn_unpublished = IdeaFactory(title="Heron boat rides", campaign=pre_moderated)
    idea_services.withdraw_idea(withdrawn_unpublished, withdrawn_unpublished.author)

    assert awaiting.status == Idea.Status.AWAITING
    response = search(client, "heron")
    assert found(response, "ideas") == [published.title]
    content = response.content.decode()
    for title in ("Heron viewing platform", "Heron spam offer", "Heron boat rides"):
        assert title not in content


def test_draft_and_private_pages_are_not_found(client, db):
    home = home_page()
    draft = ContentPage(title="Secret draft plan", slug="secret", live=False)
    home.add_child(instance=draft)

    response = search(client, "secret draft")

    assert "Secret draft plan" not in response.content.decode()


def test_overlong_search_is_explained_and_kept(client, db):
    query = "park " * 60

    response = search(client, query)

    content = response.content.decode()
    assert "Please shorten your search to 200 characters or fewer." in content
    assert query.strip()[:50] in content
    assert response.context["groups"] == []


def test_control_characters_are_explained_and_the_rest_is_kept(client, db):
    response = search(client, "park\x00 benches")

    content = response.content.decode()
    assert "control characters" in content
    assert 'value="park benches"' in content
    assert response.context["groups"] == []


def test_search_syntax_in_the_query_is_only_words(client, everything):
    for query in ('"park', "park*", "park:", "(park", "-park"):
        assert count(search(client, query), "pages") >= 1, query


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)
    return HomePage.objects.get(locale__language_code="en")


def test_spanish_search_finds_spanish_pages_only(client, demo):
    spanish = search(client, "limpieza", language="es")

    groups = {group.kind: group for group in spanish.context["groups"]}
    spanish_pages = groups["pages"].results
    assert "Voluntariado" in [page.title for page in spanish_pages]
    assert all(
        page.locale_id == Locale.objects.get(language_code="es").pk for page in spanish_pages
    )
    content = spanish.content.decode()
    assert "Buscar" in content or "Search" in content


def test_spanish_plural_finds_the_singular(client, demo):
    spanish_home = HomePage.objects.get(locale__language_code="es")
    # A word the demo's Spanish pages do not use, so its page is among the first results.
    spanish_home.add_child(instance=ContentPage(title="Glorieta del río", slug="glorieta-rio"))

    response = search(client, "glorietas", language="es")

    assert "Glorieta del río" in found(response, "pages")


def test_the_header_has_a_search_box(client, demo):
    content = client.get("/en/").content.decode()

    assert 'role="search"' in content
    assert 'name="q"' in content


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_sqlite_runs_the_full_text_match_once_not_once_per_entry(db):
    """One model's search must start from the FTS5 match (core migration 0003's statistics),
    not walk every index entry of the content type and match each (0.6 s per 2,000 ideas)."""
    IdeaFactory(title="Heron boxes")
    results = get_search_backend().search("heron", Idea.objects.visible())
    sql, params = results.get_queryset().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]

    fts = next(n for n, step in enumerate(plan) if "VIRTUAL TABLE" in step)
    assert "SCAN" in plan[fts] and ":M" in plan[fts], plan
    assert not any("content_type_id=?" in step for step in plan[:fts]), plan
