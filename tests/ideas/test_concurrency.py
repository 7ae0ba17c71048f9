"""Votes arriving at the same moment, on a real PostgreSQL server.

Each thread has its own database connection, and a barrier releases them together, so the
inserts and counter updates really do race. The counts must come out exact anyway.
"""

import os

import pytest
from django.db import connection

from ideas import services
from ideas.models import Idea, Vote, VoteBudget
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, make_campaign

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_fifty_people_voting_at_once_make_exactly_fifty_votes():
    assert connection.vendor == "postgresql"
    idea = IdeaFactory(campaign=make_campaign())
    voters = [UserFactory() for _ in range(50)]

    outcomes = run_together([lambda v=v: services.cast_vote(idea, v) for v in voters])

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    idea.refresh_from_db()
    assert idea.vote_count == 50
    assert Vote.objects.filter(idea=idea).count() == 50


def test_one_person_voting_twenty_times_at_once_makes_one_vote():
    idea = IdeaFactory(campaign=make_campaign())
    voter = UserFactory()

    outcomes = run_together([lambda: services.cast_vote(idea, voter)] * 20)

    refused = [o for o in outcomes if isinstance(o, services.IdeaError)]
    assert len(refused) == 19
    assert {str(o) for o in refused} == {"You have already voted for this idea."}
    idea.refresh_from_db()
    assert idea.vote_count == 1
    assert Vote.objects.filter(idea=idea).count() == 1


def test_a_vote_budget_holds_when_one_person_votes_on_many_ideas_at_once():
    campaign = make_campaign(vote_budget=3)
    ideas = [IdeaFactory(campaign=campaign) for _ in range(10)]
    voter = UserFactory()

    outcomes = run_together([lambda i=i: services.cast_vote(i, voter) for i in ideas])

    assert sum(isinstance(o, Idea) for o in outcomes) == 3
    assert Vote.objects.filter(user=voter).count() == 3
    assert VoteBudget.objects.get(user=voter, campaign=campaign).used == 3
    assert sum(Idea.objects.filter(campaign=campaign).values_list("vote_count", flat=True)) == 3
