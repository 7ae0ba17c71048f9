"""The home page shows life: the parts' sections and live counts, cached, editors' body kept."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from engage.core import home
from engage.core.blocks import BodyBlock
from engage.reports import services as report_services
from engage.reports.models import ServiceReport
from ideas import services as idea_services
from ideas.models import Vote
from surveys.models import Response
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, home_page, ideas_index
from tests.reports.factories import CategoryFactory, ReportFactory
from tests.surveys.factories import make_survey, q, surveys_index

pytestmark = pytest.mark.django_db

Status = ServiceReport.Status


def section_html(content, key):
    start = content.index(f'id="home-{key}"')
    return content[start : content.index("</section>", start)]


@pytest.fixture
def life(db):
    """Open and closed surveys, ideas with recent and old votes, fixed and unfixed reports."""
    home_page()
    ideas_index()
    surveys_index()
    now = timezone.now()
    open_survey = make_survey([q.short("Why?")], title="Bike lanes survey")
    make_survey(
        [q.short("Why?")],
        title="Closed budget survey",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    for _ in range(3):
        Response.objects.create(survey=open_survey)
    Response.objects.create(survey=open_survey, submitted_at=home.start_of_month() - timedelta(1))

    popular = IdeaFactory(title="Night buses on weekends")
    quiet = IdeaFactory(title="Repaint the old bandstand")
    hidden = IdeaFactory(title="Hidden spam idea")
    for _ in range(3):
        idea_services.cast_vote(popular, UserFactory())
    idea_services.cast_vote(hidden, UserFactory())
    idea_services.hide(UserFactory(roles=["Moderator"]), "Spam", idea=hidden)
    idea_services.cast_vote(quiet, UserFactory())
    Vote.objects.filter(idea=quiet).update(created_at=now - timedelta(days=40))

    staff = UserFactory(roles=["Staff"])
    category = CategoryFactory(name="Broken streetlight")
    fixed = ReportFactory(category=category, address="9 Private Lane")
    report_services.change_status(
        fixed, Status.RESOLVED, actor=staff, internal_note="Contractor Zed did it"
    )
    unfixed = ReportFactory(category=CategoryFactory(name="Illegal dumping"))
    report_services.change_status(unfixed, Status.CLOSED, actor=staff)
    return {"popular": popular, "quiet": quiet, "fixed": fixed}


def test_each_section_shows_what_is_happening(client, life):
    content = client.get("/en/").content.decode()

    surveys = section_html(content, "open-surveys")
    assert "Bike lanes survey" in surveys and "Closed budget survey" not in surveys
    ideas = section_html(content, "trending-ideas")
    assert "Night buses on weekends" in ideas
    assert "3 votes in the last 14 days" in ideas
    assert "Repaint the old bandstand" not in ideas  # its votes are 40 days old
    assert "Hidden spam idea" not in ideas
    fixed = section_html(content, "recently-fixed")
    assert "Broken streetlight" in fixed
    assert f'href="/en/reports/{life["fixed"].reference}/"' in fixed
    assert "Illegal dumping" not in fixed  # closed without action is not "fixed"
    # Public fields only.
    assert "Contractor Zed" not in content and "streetlight on the corner" not in content
    # Each section links to its list.
    assert 'href="/en/surveys/"' in surveys
    assert 'href="/en/ideas/"' in ideas
    assert 'href="/en/reports/?status=resolved"' in fixed


def test_the_live_counts_are_right(client, life):
    response = client.get("/en/")
    content = response.content.decode()

    counts = section_html(content, "counts")
    assert '<strong class="home-counts__number">1</strong> problem fixed this month' in counts
    # Popular, quiet and the hidden one were submitted this month; the hidden one is not counted.
    assert '<strong class="home-counts__number">2</strong> ideas submitted this month' in counts
    assert '<strong class="home-counts__number">3</strong> survey responses this month' in counts


def test_sections_are_cached_and_expire(client, life, settings, django_assert_max_num_queries):
    client.get("/en/")
    IdeaFactory(title="A brand new idea")
    idea = IdeaFactory(title="Suddenly popular idea")
    for _ in range(5):
        idea_services.cast_vote(idea, UserFactory())

    with django_assert_max_num_queries(20):
        cached = client.get("/en/").content.decode()
    assert "Suddenly popular idea" not in cached

    home.clear_cache()  # what the timeout does after HOME_CACHE_SECONDS
    fresh = client.get("/en/").content.decode()
    assert "Suddenly popular idea" in section_html(fresh, "trending-ideas")


def test_no_cache_when_the_timeout_is_zero(client, life, settings):
    settings.HOME_CACHE_SECONDS = 0
    client.get("/en/")
    IdeaFactory(title="Seen at once")

    assert "3</strong> ideas submitted" in client.get("/en/").content.decode()


def test_sections_are_cached_per_language(client, db):
    call_command("seed_demo", verbosity=0)

    english = section_html(client.get("/en/").content.decode(), "open-surveys")
    spanish = section_html(client.get("/es/").content.decode(), "open-surveys")

    assert 'href="/en/surveys/' in english and 'href="/es/' not in english
    assert 'href="/es/' in spanish and 'href="/en/' not in spanish
    assert cache.get("home-sections:open-surveys:es") is not None


def test_sections_cached_in_redis(client, life, redis_cache):
    first = client.get("/en/").content.decode()

    assert redis_cache.get("home-sections:trending-ideas:en") is not None
    html, _next_change = redis_cache.get("home-sections:trending-ideas:en")
    assert "Night buses on weekends" in html
    second = client.get("/en/").content.decode()
    assert section_html(first, "trending-ideas") == section_html(second, "trending-ideas")
    # What comes back from Redis is still marked safe: the markup is not escaped twice.
    assert "&lt;section" not in second


def test_a_part_adds_a_section_by_declaring_it(client, life):
    class UpcomingCleanups(home.HomeSection):
        key = "upcoming-cleanups"
        heading = "Upcoming cleanups"
        template = "core/includes/home_section.html"
        order = 50

        def data(self):
            return {"more_url": "/en/volunteer/"}

        def counts(self):
            return [home.Count(7, "volunteers signed up this month", "/en/volunteer/")]

    declared = (*home.sections(), UpcomingCleanups())
    with mock.patch.object(home, "sections", return_value=declared):
        content = client.get("/en/").content.decode()

    assert "Upcoming cleanups" in section_html(content, "upcoming-cleanups")
    assert "7</strong> volunteers signed up this month" in content
    assert content.index('id="home-recently-fixed"') < content.index('id="home-upcoming-cleanups"')


def test_editors_still_add_their_own_content(client, life):
    page = home_page()
    page.body = BodyBlock().to_python(
        [{"type": "paragraph", "value": "<p>Town hall on Thursday.</p>"}]
    )
    page.save_revision().publish()

    content = client.get("/en/").content.decode()

    assert "Town hall on Thursday." in content
    assert content.index('id="home-recently-fixed"') < content.index("Town hall on Thursday.")


def test_an_empty_site_says_so(client, db):
    home_page()

    response = client.get("/en/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "problems fixed this month" in content
