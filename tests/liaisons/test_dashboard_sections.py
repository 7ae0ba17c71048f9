"""What ideas and surveys show a liaison about their neighborhoods (``neighborhood.py`` in
each part, gathered by ``engage.core.neighborhood``)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from engage.core.neighborhood import neighborhood_sections
from surveys.models import Audience
from tests.factories import NeighborhoodFactory, UserFactory
from tests.ideas.factories import IdeaFactory
from tests.surveys.factories import make_survey, q

pytestmark = pytest.mark.django_db


def section(key, neighborhood_ids, user):
    return next(s for s in neighborhood_sections(neighborhood_ids, user) if s.key == key)


def test_open_surveys_are_citywide_ones_and_those_for_my_neighborhoods():
    mine, other = NeighborhoodFactory(), NeighborhoodFactory()
    questions = [q.short("Your street?")]
    make_survey(questions, title="Citywide")
    make_survey(questions, title="Residents only", audience=Audience.RESIDENTS)
    make_survey(
        questions, title="Mine", audience=Audience.NEIGHBORHOODS, neighborhoods=[mine, other]
    )
    make_survey(questions, title="Theirs", audience=Audience.NEIGHBORHOODS, neighborhoods=[other])
    make_survey(questions, title="Youth session", audience=Audience.CODE)
    make_survey(
        questions,
        title="Closed",
        opens_at=timezone.now() - timedelta(days=9),
        closes_at=timezone.now() - timedelta(days=1),
    )
    make_survey(questions, title="Not yet", opens_at=timezone.now() + timedelta(days=3))

    surveys = section("open-surveys", [mine.pk], UserFactory())

    assert sorted(s.title for s in surveys.items) == ["Citywide", "Mine", "Residents only"]
    assert surveys.count == 3


def test_new_ideas_of_my_neighborhoods_and_the_ones_i_shared():
    mine, other = NeighborhoodFactory(), NeighborhoodFactory()
    liaison = UserFactory()
    IdeaFactory(title="Mine, by me", neighborhood=mine, author=liaison)
    IdeaFactory(title="Mine, by a neighbor", neighborhood=mine)
    IdeaFactory(title="Elsewhere, by me", neighborhood=other, author=liaison)

    ideas = section("new-ideas", [mine.pk], liaison)

    assert sorted(i.title for i in ideas.items) == ["Mine, by a neighbor", "Mine, by me"]
    assert ideas.contribution.number == 1
    assert ideas.contribution.label == "idea you shared here"


def test_sections_come_in_their_declared_order():
    keys = [s.key for s in neighborhood_sections([NeighborhoodFactory().pk], UserFactory())]

    assert keys == ["new-ideas", "open-surveys"]
