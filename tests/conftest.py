import os

import pytest
from django.conf import settings
from django.core.cache import cache, caches
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


@pytest.fixture
def redis_cache(settings):
    """The default cache on the Redis server CI runs (REDIS_URL), emptied before and after."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "engage-tests",
        }
    }
    redis = caches["default"]
    redis.clear()
    yield redis
    redis.clear()
