"""The real services behind the defaults: Redis for the cache, PostgreSQL for search.

These run when CI points DATABASE_URL and REDIS_URL at the local servers; on a laptop
without them they are skipped, and SQLite and local memory are used instead.
"""

import os

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import PASSWORD

needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")


@needs_redis
def test_the_redis_cache_round_trips(redis_cache):
    redis_cache.set("greeting", {"en": "hello", "es": "hola"}, 30)

    assert redis_cache.get("greeting") == {"en": "hello", "es": "hola"}
    assert redis_cache._cache.get_client().ping()


@needs_redis
@pytest.mark.django_db
def test_log_in_rate_limits_are_shared_through_redis(client, redis_cache, resident):
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": resident.email, "password": "wrong"})

    # A second web server process would see the same counters: they live in Redis.
    assert any(key for key in redis_cache._cache.get_client().keys("engage-tests:*"))
    response = client.post("/en/accounts/login/", {"login": resident.email, "password": PASSWORD})
    assert "Too many failed log-ins to this account from your connection" in (
        response.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="DATABASE_URL does not point at PostgreSQL",
)
def test_postgresql_full_text_search_matches_word_forms(client):
    assert connection.vendor == "postgresql"
    call_command("seed_demo", verbosity=0)

    # "cleanups" finds the page that says "cleanup": stemming, not substring matching.
    response = client.get("/en/search/", {"q": "cleanups", "kind": "pages"})

    assert "Volunteer" in [page.title for page in response.context["shown"].results]
