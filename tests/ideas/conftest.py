import pytest

from tests.ideas.factories import IdeaFactory, ideas_index, make_campaign


@pytest.fixture
def index_page(db):
    return ideas_index()


@pytest.fixture
def campaign(db):
    return make_campaign()


@pytest.fixture
def idea_factory(db):
    return IdeaFactory
