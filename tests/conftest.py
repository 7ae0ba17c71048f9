import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import NeighborhoodFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; one test must not throttle the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /es/… leaves Spanish active in the thread; start every test in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture
def neighborhood_factory(db):
    return NeighborhoodFactory


@pytest.fixture
def resident(user_factory):
    return user_factory(email="resident@example.org", display_name="Rosa")
