"""The ideas benchmarks at a tiny volume: the bulk seed makes consistent, servable data,
and each scenario's requests answer and pass their check."""

import pytest
from django.db.models import Count, Sum
from django.test import Client
from wagtail.models import Page, Site

from bench import harness
from bench import ideas as bench_ideas
from bench.scenarios import (
    ideas_campaign,
    ideas_detail,
    ideas_list_discussed,
    ideas_list_newest,
    ideas_list_trending,
    ideas_list_votes,
    ideas_vote_concurrency,
)
from engage.core.models import HomePage
from ideas import services
from ideas.models import Comment, Idea, IdeaCampaignPage, IdeasIndexPage, StatusChange, Vote
from tests.factories import UserFactory

VOLUME = 120
LISTS = [ideas_list_trending, ideas_list_votes, ideas_list_newest, ideas_list_discussed]


@pytest.fixture
def site_home(db):
    """A HomePage as the default site's root, as `seed_demo` leaves it (minus the rest)."""
    page = HomePage(title="Home", slug="bench-ideas-home")
    Page.get_first_root_node().add_child(instance=page)
    site = Site.objects.get(is_default_site=True)
    site.root_page = page
    site.save()
    return page


@pytest.fixture
def seeded(site_home):
    return bench_ideas.seed_ideas(VOLUME)


def test_every_ideas_scenario_is_found():
    available = harness.discover_scenarios()
    assert {
        "ideas-list-trending",
        "ideas-list-votes",
        "ideas-list-newest",
        "ideas-list-discussed",
        "ideas-detail",
        "ideas-campaign",
        "ideas-vote-concurrency",
    } <= set(available)
    for name in ("ideas-list-trending", "ideas-detail", "ideas-campaign"):
        assert available[name].VOLUME == 50_000


def test_the_seed_writes_the_stated_volumes_in_two_campaigns_and_the_general_box(seeded):
    votes, comments = bench_ideas.expected_totals(VOLUME)
    assert Idea.objects.count() == VOLUME
    assert Vote.objects.count() == votes
    assert Comment.objects.count() == comments
    assert IdeasIndexPage.objects.count() == 1
    campaigns = IdeaCampaignPage.objects.filter(slug__in=bench_ideas.CAMPAIGN_SLUGS)
    assert campaigns.count() == 2
    places = set(Idea.objects.values_list("campaign", flat=True))
    assert places == {None, *campaigns.values_list("pk", flat=True)}
    # Some ideas the public lists leave out, and a mix of statuses.
    assert Idea.objects.filter(status=Idea.Status.AWAITING).exists()
    assert Idea.objects.visible().count() < VOLUME
    assert len(set(Idea.objects.values_list("status", flat=True))) >= 6
    # Every idea has its public history, starting with its submission.
    assert set(StatusChange.objects.filter(from_status="").values_list("idea", flat=True)) == set(
        Idea.objects.values_list("pk", flat=True)
    )


def test_counts_and_trending_scores_agree_with_the_rows(seeded):
    ideas = Idea.objects.annotate(rows=Count("votes", distinct=True), weights=Sum("votes__weight"))
    for idea in ideas:
        assert idea.vote_count == idea.rows, idea.pk
        assert idea.trending_score == pytest.approx(idea.weights or 0.0, rel=1e-9), idea.pk
        assert idea.comment_count == idea.comments.visible().count(), idea.pk
        if idea.status in (Idea.Status.AWAITING, Idea.Status.MERGED):
            assert idea.vote_count == 0
        if idea.status == Idea.Status.MERGED:
            assert idea.merged_into.campaign_id == idea.campaign_id
    for vote in Vote.objects.select_related("idea")[:200]:
        assert vote.campaign_id == vote.idea.campaign_id
        assert vote.created_at >= vote.idea.published_at
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.exists()
    assert all(reply.parent.idea_id == reply.idea_id for reply in replies)
    # Votes follow a long tail: the top idea has far more than the median.
    counts = sorted(Idea.objects.values_list("vote_count", flat=True))
    assert counts[-1] > 5 * counts[len(counts) // 2]


def test_the_app_keeps_working_on_seeded_data(seeded):
    """Primary keys continue after the explicit ones the seed wrote."""
    idea = bench_ideas.hot_idea()
    voter = UserFactory()

    services.cast_vote(idea, voter)
    comment = services.add_comment(idea, voter, "<p>One more.</p>")

    idea.refresh_from_db()
    assert idea.vote_count == Vote.objects.filter(idea=idea).count()
    assert comment.pk > max(Comment.objects.exclude(pk=comment.pk).values_list("pk", flat=True))


@pytest.mark.parametrize("scenario", LISTS, ids=lambda s: s.NAME)
def test_list_scenarios_serve_the_sorted_list(seeded, scenario):
    client = Client()
    (url,) = scenario.requests()
    assert url == f"/en/ideas/?sort={scenario.NAME.rsplit('-', 1)[1]}"

    response = client.get(url)

    assert response.status_code == 200
    assert "ideas listed" in scenario.check(response)


def test_detail_scenario_shows_the_most_discussed_idea(seeded):
    idea = bench_ideas.hot_idea()
    assert idea.comment_count == max(Idea.objects.values_list("comment_count", flat=True))
    (url,) = ideas_detail.requests()

    response = Client().get(url)

    assert response.status_code == 200
    note = ideas_detail.check(response)
    assert note == f"{idea.comment_count} comments shown of {idea.comment_count}"


def test_campaign_scenario_lists_the_campaigns_ideas(seeded):
    (url,) = ideas_campaign.requests()
    assert url == "/en/ideas/bench-campaign-parks/"

    response = Client().get(url)

    assert response.status_code == 200
    assert ideas_campaign.check(response)


def test_concurrency_scenario_posts_what_the_vote_form_posts(site_home):
    """The server run needs PostgreSQL and gunicorn; here, its requests through Django."""
    ideas_vote_concurrency.seed(2)
    idea = Idea.objects.filter(title__startswith="Concurrent voting").first()
    voter = UserFactory._meta.model.objects.get(email=ideas_vote_concurrency.EMAIL.format(0))
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = ideas_vote_concurrency.session_cookie(voter)

    page = client.get(idea.get_absolute_url()).content.decode()
    token = ideas_vote_concurrency.TOKEN.search(page)[1]
    url = f"/en/ideas/{idea.pk}/vote/"
    headers = {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}

    def post(**data):
        return client.post(url, data, headers=headers)

    voted = post(action="vote", csrfmiddlewaretoken=token)
    unvoted = post(action="unvote", csrfmiddlewaretoken=token)
    refused = post(action="vote")

    assert (voted.status_code, voted.json()["voted"], voted.json()["vote_count"]) == (200, True, 1)
    assert (unvoted.status_code, unvoted.json()["voted"]) == (200, False)
    assert refused.status_code == 403  # no CSRF token
    assert not Vote.objects.filter(idea=idea).exists()
