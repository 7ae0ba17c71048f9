import pytest
from django.core.cache import cache

from tests.factories import NeighborhoodFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; one test must not throttle the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture
def neighborhood_factory(db):
    return NeighborhoodFactory


@pytest.fixture
def resident(user_factory):
    return user_factory(email="resident@example.org", display_name="Rosa")
