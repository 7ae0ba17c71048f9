"""The benchmark harness itself: its arithmetic, and that a scenario's bulk seed makes
real, live, servable Wagtail pages (not rows Wagtail cannot route or search)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from wagtail.models import Page, Site

from bench import harness
from bench.scenarios import home, search
from engage.core.models import HomePage
from engage.reports.models import ServiceReport
from ideas.models import Idea, Vote
from surveys.models import Response

ROOT = Path(__file__).resolve().parents[2]


# percentile() ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pct", "expected"),
    [(0, 1), (50, 5.5), (90, 9.1), (95, 9.55), (99, 9.91), (100, 10)],
)
def test_percentile_interpolates_between_ranks(pct, expected):
    # The same numbers as numpy.percentile(range(1, 11), pct) (its "linear" method).
    assert harness.percentile([7, 3, 10, 1, 5, 9, 2, 8, 4, 6], pct) == pytest.approx(expected)


def test_percentile_of_one_value_is_that_value():
    assert harness.percentile([0.042], 95) == 0.042


def test_percentile_rejects_nothing_and_nonsense():
    with pytest.raises(ValueError):
        harness.percentile([], 50)
    with pytest.raises(ValueError):
        harness.percentile([1, 2], 101)


# Scenario discovery --------------------------------------------------------------------


def test_every_scenario_is_found_and_an_unknown_one_is_a_usage_error():
    available = harness.discover_scenarios()
    assert {"home", "search"} <= set(available)
    assert harness.select_scenarios(available, ["search"]) == [search]
    with pytest.raises(harness.UsageError, match="Scenarios: .*home.*search"):
        harness.select_scenarios(available, ["nope"])


def test_run_py_exits_2_on_an_unknown_scenario():
    result = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [sys.executable, str(ROOT / "bench" / "run.py"), "no-such-scenario"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "no-such-scenario" in result.stderr and "home" in result.stderr
    assert result.stdout == ""


# Seeding -------------------------------------------------------------------------------


@pytest.fixture
def site_home():
    """A HomePage as the default site's root, as `seed_demo` leaves it (minus the rest)."""
    root = Page.get_first_root_node()
    page = HomePage(title="Home", slug="bench-test-home")
    root.add_child(instance=page)
    site = Site.objects.get(is_default_site=True)
    site.root_page = page
    site.save()
    return page


@pytest.mark.django_db
def test_home_seed_adds_live_pages_that_wagtail_serves(site_home):
    pages = home.seed(7)

    seeded = Page.objects.live().child_of(site_home).filter(slug__startswith="bench-home-")
    assert seeded.count() == 7
    assert Page.find_problems() == ([], [], [], [], [])  # the tree is consistent
    # Data for every section of the home page: ideas with votes, reports, survey responses.
    assert Idea.objects.count() == 7 and Vote.objects.exists()
    assert ServiceReport.objects.count() == 70
    assert Response.objects.count() == 7
    client = Client()
    for page in pages:
        assert client.get(page.url).status_code == 200, page.url
    response = client.get("/en/")
    assert response.status_code == 200
    assert home.check(response)  # the menu pages are listed on the home page


@pytest.mark.django_db
def test_search_seed_adds_live_indexed_pages(site_home):
    pages = search.seed(60)

    (updates,) = Page.objects.filter(slug="bench-updates")
    assert Page.objects.live().child_of(updates).count() == 60
    # Ideas and reports too, in the search index.
    assert Idea.objects.count() == 24
    assert ServiceReport.objects.exclude(address="").count() == 60
    client = Client()
    for page in pages[:5]:
        assert client.get(page.url).status_code == 200, page.url
    (url,) = search.requests()
    response = client.get(url)
    assert response.status_code == 200
    assert search.check(response)  # found through the search index, not an empty list
