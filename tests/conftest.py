import os

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.utils import translation

from tests.factories import NeighborhoodFactory, UserFactory


def pytest_configure(config):
    """Under pytest-xdist, give each worker a Redis database of its own (15, 14, …): the
    tests empty their database, which must not wipe another worker's keys mid-test."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") and os.environ.get("REDIS_URL"):
        base, _, database = os.environ["REDIS_URL"].rpartition("/")
        number = int(database or 0) - int(worker[2:])
        if number < 0:
            raise pytest.UsageError("Too many xdist workers for Redis' 16 databases")
        os.environ["REDIS_URL"] = f"{base}/{number}"


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


@pytest.fixture(params=["locmem", "redis"])
def counter_cache(request):
    """The cache rate limits count in: local memory, then Redis (when REDIS_URL is set)."""
    if request.param == "redis":
        return request.getfixturevalue("redis_cache")
    return caches["default"]  # local memory, emptied around every test
