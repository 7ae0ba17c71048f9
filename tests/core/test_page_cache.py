"""Anonymous pages from the cache: served without a query, changed at once by every kind of
write, never one person's page or CSRF token for another (engage/core/page_cache.py)."""

import datetime
import re
from unittest import mock

import pytest
from django.core import checks, mail, signing
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.utils import timezone, translation
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Site

from engage.core import honeypot, page_cache
from engage.core.models import CityBranding
from engage.notifications.models import Notification
from engage.reports import services as report_services
from engage.reports.models import ServiceReport
from ideas import services as idea_services
from ideas.models import Idea, VoteBudget
from surveys.models import Draft
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, make_campaign
from tests.reports.factories import CategoryFactory, ReportFactory
from tests.surveys.factories import make_survey, post_data, q

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
STAMP = re.compile(r'name="form_started" value="([^"]+)"')
purged = []


class RecordingBackend(BaseBackend):
    """A CDN that remembers what it was asked to purge."""

    def purge(self, url):
        purged.append(url)


@pytest.fixture(autouse=True)
def page_cache_on(settings, db):
    settings.PAGE_CACHE_SECONDS = 300
    # Made by the first page ever served (a write, so that page is not kept): made here.
    CityBranding.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (the test's own never does)."""

    def run(change, *args, **kwargs):
        # What the fixtures wrote never commits in a test: their pending new generation
        # would stand in for the change's own, which the change must make by itself.
        connection.run_on_commit = [
            entry
            for entry in connection.run_on_commit
            if entry[1] is not page_cache._new_generation
        ]
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def idea(db):
    return IdeaFactory(campaign=make_campaign(), title="Shade trees on Elm Street")


def idea_url(idea):
    return f"/en/ideas/{idea.pk}/"


def visit(url, client=None):
    """A GET by a new anonymous visitor (no cookies), unless ``client`` is given."""
    response = (client or Client()).get(url)
    assert response.status_code == 200
    return response


def text(response):
    return response.content.decode()


# Served from the cache --------------------------------------------------------------


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    idea, django_assert_num_queries
):
    first = visit(idea_url(idea))
    with django_assert_num_queries(0):
        second = visit(idea_url(idea))

    assert first[page_cache.HIT_HEADER] == "miss"
    assert second[page_cache.HIT_HEADER] == "hit"
    assert "Shade trees on Elm Street" in text(second)
    assert second["Content-Type"] == first["Content-Type"]


def test_each_language_and_query_is_kept_apart(idea):
    visit(idea_url(idea))

    spanish = visit(f"/es/ideas/{idea.pk}/")
    other_page = visit(idea_url(idea) + "?comments=2")

    assert spanish[page_cache.HIT_HEADER] == "miss"
    assert 'lang="es"' in text(spanish)
    assert other_page[page_cache.HIT_HEADER] == "miss"


def test_nothing_is_kept_when_the_cache_is_off(idea, settings):
    settings.PAGE_CACHE_SECONDS = 0
    visit(idea_url(idea))

    assert page_cache.HIT_HEADER not in visit(idea_url(idea))


# Changed at once --------------------------------------------------------------------


def test_a_published_change_shows_at_once(idea, committed):
    campaign = idea.campaign
    assert "Parks in Kensington" in text(visit(campaign.url))

    def publish_new_title():
        campaign.title = "Parks and playgrounds"
        campaign.save_revision().publish()

    committed(publish_new_title)

    after = visit(campaign.url)
    assert after[page_cache.HIT_HEADER] == "miss"
    assert "Parks and playgrounds" in text(after)


def test_an_unpublished_page_is_gone_at_once(idea, committed):
    campaign = idea.campaign
    visit(campaign.url)

    committed(campaign.unpublish)

    assert Client().get(campaign.url).status_code == 404


def test_a_vote_shows_at_once(idea, client, resident, committed):
    assert '<span class="vote-count">0</span>' in text(visit(idea_url(idea)))
    client.force_login(resident)

    voted = committed(client.post, f"/en/ideas/{idea.pk}/vote/", {"action": "vote"})

    assert voted.status_code == 302
    assert '<span class="vote-count">1</span>' in text(visit(idea_url(idea)))


def test_a_comment_shows_at_once(idea, client, resident, committed):
    assert "Add water fountains too" not in text(visit(idea_url(idea)))
    client.force_login(resident)

    posted = committed(
        client.post, f"/en/ideas/{idea.pk}/comment/", {"body": "Add water fountains too."}
    )

    assert posted.status_code == 302
    assert "Add water fountains too" in text(visit(idea_url(idea)))


def test_a_change_made_with_a_queryset_update_shows_at_once(idea, committed):
    visit(idea_url(idea))

    committed(Idea.objects.filter(pk=idea.pk).update, title="Benches on Elm Street")

    assert "Benches on Elm Street" in text(visit(idea_url(idea)))


def test_a_new_report_and_its_status_show_at_once(neighborhood_factory, committed):
    neighborhood_factory()
    category = CategoryFactory(name="Pothole")
    visit("/en/reports/")
    report = committed(ReportFactory, category=category, description="Deep hole by the school")

    assert report.reference in text(visit("/en/reports/"))

    detail = f"/en/reports/{report.reference}/"
    assert "Resolved" not in text(visit(detail))
    committed(report_services.change_status, report, ServiceReport.Status.RESOLVED)
    assert "Resolved" in text(visit(detail))


def test_a_survey_response_shows_at_once_in_the_public_results(committed):
    survey = make_survey([q.short("Which street?")], results_public=True)
    results = survey.url + "results/"
    assert "<strong>0</strong> responses so far" in text(visit(results))

    answered = committed(
        Client().post, survey.url, post_data(survey, {1: "Elm"}, step=0, action="submit")
    )

    assert answered.status_code == 302
    assert "<strong>1</strong> response so far" in text(visit(results))


def test_the_home_page_counts_follow_at_once(idea, committed):
    from tests.ideas.factories import home_page

    home_page().save_revision().publish()
    submitted = re.compile(r'home-counts__number">(\d+)</strong> ideas? submitted this month')
    assert submitted.search(text(visit("/en/"))).group(1) == "1"

    committed(IdeaFactory, campaign=idea.campaign)

    assert submitted.search(text(visit("/en/"))).group(1) == "2"


def test_writes_nobody_sees_keep_the_cached_pages(idea, resident, committed):
    visit(idea_url(idea))
    survey = make_survey([q.short("Which street?")])
    visit(idea_url(idea))
    before = page_cache.current_generation()

    committed(Notification.objects.create, user=resident, topic="ideas", email_key="test")
    committed(Draft.objects.create, survey=survey, user=resident, answers={})
    committed(VoteBudget.objects.create, campaign=idea.campaign, user=resident)

    assert page_cache.current_generation() == before
    assert visit(idea_url(idea))[page_cache.HIT_HEADER] == "hit"


def test_a_write_rolled_back_keeps_the_cache(idea):
    from django.db import transaction

    visit(idea_url(idea))
    before = page_cache.current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(title="Never saved")
        raise RuntimeError

    assert page_cache.current_generation() == before


def test_a_page_rendered_while_a_change_commits_is_never_served(rf):
    """The generation is read before the view runs: what the view read before the
    change committed is kept under the old one, where nobody looks."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    def request():
        made = rf.get("/en/somewhere/")
        made.user = type("Anonymous", (), {"is_authenticated": False})()
        made.session = SessionStore()
        made._messages = FallbackStorage(made)
        return made

    def render_while_a_change_commits(request):
        page = HttpResponse("read before the change")
        page_cache._new_generation()  # the change commits while the page is rendered
        return page

    page_cache.PageCacheMiddleware(render_while_a_change_commits)(request())
    later = page_cache.PageCacheMiddleware(lambda request: HttpResponse("after"))(request())

    assert later.content == b"after"
    assert later[page_cache.HIT_HEADER] == "miss"


def test_a_generation_lost_from_the_cache_is_never_made_again(idea):
    visit(idea_url(idea))
    first = page_cache.current_generation()

    cache.delete(page_cache.GENERATION_KEY)

    assert page_cache.current_generation() != first
    assert visit(idea_url(idea))[page_cache.HIT_HEADER] == "miss"


# Never someone else's page ----------------------------------------------------------


def test_logged_in_people_each_see_their_own_page(idea):
    visit(idea_url(idea))  # an anonymous copy is kept
    amara = UserFactory(display_name="Amara", email="amara@example.org")
    bogdan = UserFactory(display_name="Bogdan", email="bogdan@example.org")
    for person, other in [(amara, bogdan), (bogdan, amara)]:
        browser = Client()
        browser.force_login(person)
        for _ in range(2):
            idea_page = browser.get(idea_url(idea))
            profile = browser.get("/en/profile/")
            for response in (idea_page, profile):
                assert page_cache.HIT_HEADER not in response
                assert "Log out" in text(response)
            assert person.email in text(profile) and person.display_name in text(profile)
            assert other.email not in text(profile) and other.display_name not in text(profile)


def test_a_visitor_with_a_session_or_another_cookie_gets_a_fresh_page(idea):
    visit(idea_url(idea))
    for name in ("sessionid", "messages", "survey-answered-1"):
        browser = Client()
        browser.cookies[name] = "x"
        assert page_cache.HIT_HEADER not in browser.get(idea_url(idea))


def test_a_page_that_writes_when_read_runs_for_each_reader():
    from engage.reports.models import AnswerViews
    from tests.reports.contact_center_factories import make_answer

    answer = make_answer("When is my trash collected?")
    visit(answer.url)
    second = visit(answer.url)

    assert second[page_cache.HIT_HEADER] == "miss"
    assert sum(AnswerViews.objects.values_list("views", flat=True)) == 2


def test_a_page_that_queues_a_message_or_starts_a_session_is_not_kept(idea, rf):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    def request():
        made = rf.get("/")
        made.user = type("Anonymous", (), {"is_authenticated": False})()
        made.session = SessionStore()
        made._messages = FallbackStorage(made)
        return made

    plain = request()
    assert page_cache._may_keep(plain, HttpResponse("ok"))
    with_message = request()
    get_messages(with_message).add(20, "Saved")
    assert not page_cache._may_keep(with_message, HttpResponse("ok"))
    with_session = request()
    with_session.session["step"] = 1
    assert not page_cache._may_keep(with_session, HttpResponse("ok"))
    private = HttpResponse("ok", headers={"Cache-Control": "private"})
    assert not page_cache._may_keep(request(), private)
    varies = HttpResponse("ok", headers={"Vary": "User-Agent"})
    assert not page_cache._may_keep(request(), varies)
    not_found = HttpResponse("no", status=404)
    assert not page_cache._may_keep(request(), not_found)
    never = HttpResponse("ok", headers={"Cache-Control": "max-age=0"})
    assert not page_cache._may_keep(request(), never)


def test_a_view_may_keep_its_page_for_less_time():
    from django.http import HttpResponse

    assert page_cache._lifetime(HttpResponse("ok")) == 300
    short = HttpResponse("ok", headers={"Cache-Control": "public, s-maxage=30, max-age=60"})
    assert page_cache._lifetime(short) == 30
    assert page_cache._lifetime(HttpResponse("ok", headers={"Cache-Control": "max-age=60"})) == 60
    longer = HttpResponse("ok", headers={"Cache-Control": "max-age=86400"})
    assert page_cache._lifetime(longer) == 300


# CSRF -------------------------------------------------------------------------------


def tokens_of(response):
    return TOKEN.findall(text(response))


def test_a_cached_page_carries_each_visitors_own_csrf_token(idea):
    first_visitor = Client()
    visit(idea_url(idea), first_visitor)
    second_visitor = Client()
    second = visit(idea_url(idea), second_visitor)

    assert second[page_cache.HIT_HEADER] == "hit"
    first_secret = first_visitor.cookies["csrftoken"].value
    second_secret = second_visitor.cookies["csrftoken"].value
    assert first_secret != second_secret
    assert tokens_of(second)
    for token in tokens_of(second):
        assert _unmask_cipher_token(token) == second_secret
    assert "\x00" not in text(second)


def test_a_form_on_a_cached_page_posts_for_a_second_visitor(idea):
    visit(idea_url(idea), Client(enforce_csrf_checks=True))
    visitor = Client(enforce_csrf_checks=True)
    cached = visit(idea_url(idea), visitor)
    assert cached[page_cache.HIT_HEADER] == "hit"

    switched = visitor.post(
        "/i18n/setlang/",
        {"csrfmiddlewaretoken": tokens_of(cached)[0], "language": "es", "next": "/es/"},
    )

    assert switched.status_code == 302
    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/en/accounts/login/")
    refused = stranger.post(
        "/i18n/setlang/",
        {"csrfmiddlewaretoken": tokens_of(cached)[0], "language": "es", "next": "/es/"},
    )
    assert refused.status_code == 403


def test_a_returning_visitor_keeps_their_csrf_cookie(idea):
    visit(idea_url(idea))
    visitor = Client()
    visit("/en/accounts/login/", visitor)
    secret = visitor.cookies["csrftoken"].value

    cached = visit(idea_url(idea), visitor)

    assert cached[page_cache.HIT_HEADER] == "hit"
    assert visitor.cookies["csrftoken"].value == secret
    assert all(_unmask_cipher_token(token) == secret for token in tokens_of(cached))


# The honeypot's start stamp ------------------------------------------------------------

# A page anyone may fill in, kept by the cache, with the honeypot's time check on.
RESET = "/en/accounts/password/reset/"


@pytest.fixture
def clock(monkeypatch):
    """The honeypot's clock, moved by the test."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(honeypot, "current_time", lambda: now[0])
    return now


def stamps_of(response):
    return [signing.loads(stamp, salt=honeypot.SALT) for stamp in STAMP.findall(text(response))]


def test_a_cached_form_carries_the_moment_it_was_served(clock, rf):
    assert stamps_of(visit(RESET)) == [1_800_000_000]
    clock[0] += 600
    served = visit(RESET)
    clock[0] += 5
    served_again = visit(RESET)

    assert served[page_cache.HIT_HEADER] == served_again[page_cache.HIT_HEADER] == "hit"
    assert stamps_of(served) == [1_800_000_600]
    assert stamps_of(served_again) == [1_800_000_605]
    assert "\x00" not in text(served)
    with translation.override("en"):
        kept = cache.get(page_cache._page_key(rf.get(RESET), page_cache.current_generation()))
    assert page_cache.STAMP_PLACEHOLDER in kept["content"]
    assert STAMP.findall(kept["content"].decode()) == ["\x00engage-form-started\x00"]


def test_a_cached_form_sent_back_too_fast_is_refused_and_a_person_passes(clock, resident):
    visit(RESET)  # kept at the first moment
    clock[0] += 600
    visitor = Client()
    cached = visit(RESET, visitor)
    assert cached[page_cache.HIT_HEADER] == "hit"
    sent = {"email": resident.email, "website": "", "form_started": STAMP.findall(text(cached))[0]}

    clock[0] += 1
    too_fast = visitor.post(RESET, sent)
    clock[0] += 10
    in_time = visitor.post(RESET, sent)

    assert too_fast.status_code == 200
    assert str(honeypot.REFUSED_MESSAGE) in text(too_fast)
    assert in_time.status_code == 302
    assert len(mail.outbox) == 1


# A CDN in front ---------------------------------------------------------------------


@pytest.fixture
def cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "tests.core.test_page_cache.RecordingBackend"}
    }
    purged.clear()
    yield purged
    purged.clear()


def test_a_cdn_is_purged_of_a_published_page_and_of_a_voted_idea(idea, resident, cdn, committed):
    campaign = idea.campaign
    committed(campaign.save_revision().publish)
    assert any(url.endswith(campaign.url) for url in cdn)

    cdn.clear()
    committed(idea_services.cast_vote, idea, resident)
    assert any(url.endswith(idea_url(idea)) for url in cdn)
    assert any(url.endswith(f"/es/ideas/{idea.pk}/") for url in cdn)


def test_without_a_cdn_nothing_is_purged(idea, resident, committed):
    purged.clear()
    committed(idea_services.cast_vote, idea, resident)
    assert purged == []


# Settings ---------------------------------------------------------------------------


def test_a_cache_local_to_each_process_is_warned_about(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    warnings = page_cache.check_shared_cache(None)
    assert [warning.id for warning in warnings] == ["engage.W001"]
    assert isinstance(warnings[0], checks.Warning)

    settings.PAGE_CACHE_SECONDS = 0
    assert page_cache.check_shared_cache(None) == []


# On Redis ---------------------------------------------------------------------------


def test_on_redis_a_second_visit_is_a_hit_and_a_vote_shows_at_once(
    redis_cache, idea, resident, committed, django_assert_num_queries
):
    visit(idea_url(idea))
    with django_assert_num_queries(0):
        assert visit(idea_url(idea))[page_cache.HIT_HEADER] == "hit"
    assert any(key.startswith(f"engage-tests:1:{page_cache.KEY_PREFIX}") for key in _redis_keys())

    committed(idea_services.cast_vote, idea, resident)

    after = visit(idea_url(idea))
    assert after[page_cache.HIT_HEADER] == "miss"
    assert '<span class="vote-count">1</span>' in text(after)


def test_on_redis_a_form_on_a_cached_page_posts_for_a_second_visitor(redis_cache, idea):
    test_a_form_on_a_cached_page_posts_for_a_second_visitor(idea)


def _redis_keys():
    client = cache._cache.get_client(write=False)
    return [key.decode() for key in client.keys("engage-tests:*")]


# Real commits -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_vote_committed_by_the_view_itself_shows_at_once(settings):
    """No test transaction around it: the view's own commit makes the new generation."""
    settings.PAGE_CACHE_SECONDS = 300
    CityBranding.for_site(Site.objects.get(is_default_site=True))
    idea = IdeaFactory(campaign=make_campaign(), title="Shade trees on Elm Street")
    visit(idea_url(idea))
    assert visit(idea_url(idea))[page_cache.HIT_HEADER] == "hit"
    voter = Client()
    voter.force_login(UserFactory())

    assert voter.post(f"/en/ideas/{idea.pk}/vote/", {"action": "vote"}).status_code == 302

    after = visit(idea_url(idea))
    assert after[page_cache.HIT_HEADER] == "miss"
    assert '<span class="vote-count">1</span>' in text(after)


def test_every_framework_table_named_private_exists():
    from django.apps import apps

    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert page_cache.FRAMEWORK_PRIVATE_TABLES - tables == set()


# Changes with the clock ---------------------------------------------------------------------


def test_the_earliest_moment_still_to_come_is_recorded_and_nothing_outside_a_page():
    now = timezone.now()
    page_cache.changes_at(now + datetime.timedelta(seconds=5))  # nobody records: no effect
    assert not page_cache.recording()

    def render():
        assert page_cache.recording()
        page_cache.changes_at(None, now - datetime.timedelta(hours=1))  # gone: ignored
        page_cache.changes_at(now + datetime.timedelta(hours=2), now + datetime.timedelta(hours=1))
        return "html"

    assert page_cache.recording_changes(render) == ("html", now + datetime.timedelta(hours=1))
    assert page_cache.recording_changes(lambda: "still") == ("still", None)


def test_a_piece_kept_on_its_own_passes_its_moment_to_the_page_around_it():
    soon = timezone.now() + datetime.timedelta(minutes=5)

    def section():
        page_cache.changes_at(soon)
        return "section"

    def page():
        return page_cache.recording_changes(section)[0] + " in the page"

    assert page_cache.recording_changes(page) == ("section in the page", soon)


def test_how_long_a_page_that_changes_at_a_moment_is_kept():
    now = timezone.now()
    assert page_cache.seconds_until(None, 300) == 300
    assert page_cache.seconds_until(now + datetime.timedelta(hours=1), 300) == 300
    assert 25 <= page_cache.seconds_until(now + datetime.timedelta(seconds=30), 300) <= 30
    assert page_cache.seconds_until(now - datetime.timedelta(seconds=1), 300) == 0


def kept_for(url):
    """How long the page at ``url`` was kept by a first anonymous visit (None: not kept)."""
    lifetimes = []
    real_set = page_cache.cache.set

    def noting_set(key, value, timeout=None, **kwargs):
        if key.startswith(page_cache.KEY_PREFIX):
            lifetimes.append(timeout)
        return real_set(key, value, timeout, **kwargs)

    with mock.patch.object(page_cache.cache, "set", noting_set):
        visit(url)
    return lifetimes[0] if lifetimes else None


def test_a_survey_page_is_kept_until_the_survey_closes_and_no_longer():
    closing = make_survey(
        [q.short("Which street?")], closes_at=timezone.now() + datetime.timedelta(seconds=40)
    )
    lasting = make_survey([q.short("Which park?")])

    assert 30 <= kept_for(closing.url) <= 40
    assert kept_for(lasting.url) == 300


def test_a_survey_page_waiting_to_open_is_kept_until_it_opens():
    opening = make_survey(
        [q.short("Which street?")], opens_at=timezone.now() + datetime.timedelta(seconds=90)
    )

    assert 80 <= kept_for(opening.url) <= 90


def test_the_home_page_is_kept_until_a_survey_it_lists_closes(settings):
    from tests.ideas.factories import home_page

    settings.HOME_CACHE_SECONDS = 600
    home_page().save_revision().publish()
    make_survey(
        [q.short("Which street?")], closes_at=timezone.now() + datetime.timedelta(seconds=50)
    )

    assert 40 <= kept_for("/en/") <= 50
    # Another address of the same page: its sections now come from their own cache, and
    # the page is still kept only until the survey closes.
    assert 40 <= kept_for("/en/?from=newsletter") <= 50
