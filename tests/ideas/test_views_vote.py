"""Voting and following from the idea page: plain form posts, and fetch calls with JSON."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ideas import services
from ideas.models import Idea, IdeaFollow, Moderation, Vote, VoteBudget
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, make_campaign

Status = Idea.Status
pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def vote_url(idea):
    return f"/en/ideas/{idea.pk}/vote/"


def follow_url(idea):
    return f"/en/ideas/{idea.pk}/follow/"


def page(response):
    return response.content.decode()


@pytest.fixture
def campaign(db):
    return make_campaign()


@pytest.fixture
def idea(campaign):
    return IdeaFactory(campaign=campaign)


@pytest.fixture
def voter(client, resident):
    client.force_login(resident)
    return resident


# Without JavaScript ------------------------------------------------------------------


def test_a_vote_is_counted_and_the_page_says_so(client, voter, idea):
    response = client.post(vote_url(idea), {"action": "vote"}, follow=True)

    assert response.redirect_chain == [(f"/en/ideas/{idea.pk}/", 302)]
    assert "Thank you: your vote is counted." in page(response)
    assert '<span class="vote-count">1</span>' in page(response)
    assert Vote.objects.filter(idea=idea, user=voter).count() == 1
    assert not IdeaFollow.objects.filter(idea=idea, user=voter).exists()


def test_keep_me_posted_follows_the_idea(client, voter, idea):
    response = client.post(vote_url(idea), {"action": "vote", "follow": "1"}, follow=True)

    assert IdeaFollow.objects.filter(idea=idea, user=voter).exists()
    assert "We will e-mail you about what happens to this idea." in page(response)


def test_a_vote_can_be_taken_back(client, voter, idea):
    services.cast_vote(idea, voter)

    response = client.post(vote_url(idea), {"action": "unvote"}, follow=True)

    assert "Your vote is removed." in page(response)
    assert '<span class="vote-count">0</span>' in page(response)
    assert not Vote.objects.filter(idea=idea).exists()


def test_a_second_vote_is_refused_with_a_message(client, voter, idea):
    services.cast_vote(idea, voter)

    response = client.post(vote_url(idea), {"action": "vote"}, follow=True)

    assert "You have already voted for this idea." in page(response)
    assert "usa-alert--error message message--error" in page(response)
    assert Vote.objects.filter(idea=idea).count() == 1
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_anonymous_voters_are_sent_to_log_in_and_back_to_the_idea(client, idea):
    response = client.post(vote_url(idea), {"action": "vote"})

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next=/en/ideas/{idea.pk}/"
    assert not Vote.objects.exists()


def test_voting_needs_a_post(client, voter, idea):
    assert client.get(vote_url(idea)).status_code == 405
    assert not Vote.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(resident, idea):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(resident)

    response = strict.post(vote_url(idea), {"action": "vote"}, **JSON)

    assert response.status_code == 403
    assert not Vote.objects.exists()
    idea.refresh_from_db()
    assert idea.vote_count == 0


def test_a_post_with_the_csrf_token_is_accepted(resident, idea):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(resident)
    strict.get(f"/en/ideas/{idea.pk}/")
    token = strict.cookies["csrftoken"].value

    response = strict.post(vote_url(idea), {"action": "vote", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Vote.objects.count() == 1


# With JavaScript: JSON answers --------------------------------------------------------------


def test_a_fetch_vote_answers_with_the_new_count(client, voter, idea):
    IdeaFactory(campaign=idea.campaign)  # another idea: its votes are not counted here
    services.cast_vote(idea, UserFactory())

    response = client.post(vote_url(idea), {"action": "vote"}, **JSON)

    assert response.status_code == 200
    body = response.json()
    assert body["vote_count"] == 2
    assert body["vote_count_label"] == "votes"
    assert body["voted"] is True
    assert body["votes_left"] is None
    assert body["message"] == "Thank you: your vote is counted."
    assert body["refusal"] == ""


def test_x_requested_with_also_gets_json(client, voter, idea):
    response = client.post(
        vote_url(idea), {"action": "vote"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    assert response["Content-Type"] == "application/json"
    assert response.json()["vote_count"] == 1


def test_a_fetch_unvote_answers_with_the_new_count(client, voter, idea):
    services.cast_vote(idea, voter)

    body = client.post(vote_url(idea), {"action": "unvote"}, **JSON).json()

    assert body == {
        "vote_count": 0,
        "vote_count_label": "votes",
        "voted": False,
        "votes_left": None,
        "following": False,
        "refusal": "",
        "message": "Your vote is removed.",
    }


def test_the_budget_is_reported_and_enforced(client, voter):
    campaign = make_campaign(vote_budget=2)
    first, second, third = (IdeaFactory(campaign=campaign) for _ in range(3))

    assert client.post(vote_url(first), {"action": "vote"}, **JSON).json()["votes_left"] == 1
    assert client.post(vote_url(second), {"action": "vote"}, **JSON).json()["votes_left"] == 0
    refused = client.post(vote_url(third), {"action": "vote"}, **JSON)

    assert refused.status_code == 400
    assert refused.json()["message"] == "You have used all 2 of your votes in this campaign."
    assert refused.json()["voted"] is False
    assert refused.json()["vote_count"] == 0
    # Nothing half-saved: no vote row, no count, the budget still at 2.
    assert not Vote.objects.filter(idea=third).exists()
    third.refresh_from_db()
    assert third.vote_count == 0
    assert VoteBudget.objects.get(campaign=campaign, user=voter).used == 2

    # Taking one back gives the vote back.
    back = client.post(vote_url(first), {"action": "unvote"}, **JSON).json()
    assert back["votes_left"] == 1


def test_a_second_fetch_vote_is_a_400_with_the_reason(client, voter, idea):
    client.post(vote_url(idea), {"action": "vote"}, **JSON)

    response = client.post(vote_url(idea), {"action": "vote"}, **JSON)

    assert response.status_code == 400
    assert response.json()["message"] == "You have already voted for this idea."
    assert response.json()["vote_count"] == 1
    assert response.json()["voted"] is True


def test_votes_on_a_closed_campaign_are_refused(client, voter, campaign, idea):
    campaign.closes_at = timezone.now() - timedelta(seconds=1)
    campaign.save()

    response = client.post(vote_url(idea), {"action": "vote"}, **JSON)

    assert response.status_code == 400
    assert response.json()["message"] == "Voting has closed with the campaign."
    assert not Vote.objects.exists()


def test_a_vote_cannot_be_taken_back_once_the_campaign_closed(client, voter, campaign, idea):
    services.cast_vote(idea, voter)
    campaign.closes_at = timezone.now() - timedelta(seconds=1)
    campaign.save()

    response = client.post(vote_url(idea), {"action": "unvote"}, **JSON)

    assert response.status_code == 400
    assert "votes can no longer be changed" in response.json()["message"]
    assert Vote.objects.count() == 1


def test_votes_on_a_withdrawn_idea_are_refused(client, voter, campaign):
    idea = IdeaFactory(campaign=campaign, status=Status.WITHDRAWN)

    response = client.post(vote_url(idea), {"action": "vote"}, **JSON)

    assert response.status_code == 400
    assert "withdrawn by its author" in response.json()["message"]
    assert not Vote.objects.exists()


def test_an_unverified_person_is_asked_to_confirm_their_address(client, idea):
    client.force_login(UserFactory(verified=False))

    response = client.post(vote_url(idea), {"action": "vote"}, follow=True)

    assert "Please confirm your e-mail address first" in page(response)
    assert not Vote.objects.exists()


def test_an_unknown_action_is_refused(client, voter, idea):
    response = client.post(vote_url(idea), {"action": "double"}, **JSON)

    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_anonymous_fetch_gets_the_log_in_address(client, idea):
    response = client.post(vote_url(idea), {"action": "vote"}, **JSON)

    assert response.status_code == 401
    assert response.json()["login_url"] == f"/en/accounts/login/?next=/en/ideas/{idea.pk}/"


def test_ideas_the_person_cannot_see_cannot_be_voted_on(client, voter):
    awaiting = IdeaFactory(campaign=make_campaign(moderation=Moderation.PRE))

    response = client.post(vote_url(awaiting), {"action": "vote"}, **JSON)

    assert response.status_code == 404
    assert not Vote.objects.exists()


# Following ---------------------------------------------------------------------------------


def test_follow_and_unfollow_without_javascript(client, voter, idea):
    response = client.post(follow_url(idea), {"action": "follow"}, follow=True)
    assert IdeaFollow.objects.filter(idea=idea, user=voter).exists()
    assert "You follow this idea" in page(response)

    response = client.post(follow_url(idea), {"action": "unfollow"}, follow=True)
    assert not IdeaFollow.objects.filter(idea=idea, user=voter).exists()
    assert "You no longer follow this idea." in page(response)


def test_follow_twice_is_harmless(client, voter, idea):
    client.post(follow_url(idea), {"action": "follow"})
    client.post(follow_url(idea), {"action": "follow"})

    assert IdeaFollow.objects.filter(idea=idea, user=voter).count() == 1


def test_follow_with_fetch_answers_json(client, voter, idea):
    body = client.post(follow_url(idea), {"action": "follow"}, **JSON).json()

    assert body["following"] is True
    assert "You follow this idea" in body["message"]

    # Without an action the button toggles.
    assert client.post(follow_url(idea), **JSON).json()["following"] is False


def test_anonymous_follow_goes_to_log_in(client, idea):
    response = client.post(follow_url(idea), {"action": "follow"})

    assert response["Location"] == f"/en/accounts/login/?next=/en/ideas/{idea.pk}/"
    assert not IdeaFollow.objects.exclude(user=idea.author).exists()
