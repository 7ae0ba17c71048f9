"""The cache rate limiter: fixed windows per key, counted atomically in the cache.

Each test runs against the local-memory cache and, when ``REDIS_URL`` is set (as in CI),
against Redis too: the counters must behave the same on both.
"""

import time

from engage.core import ratelimit
from engage.core.ratelimit import RateLimit, increment, parse_rate

START = 1_800_000_000.0  # the start of a minute, an hour and a day


def test_parse_rate():
    assert parse_rate("60/m") == (60, 60)
    assert parse_rate("100/5m") == (100, 300)
    assert parse_rate("1000/day") == (1000, 86400)
    assert parse_rate("5/s") == (5, 1)
    assert RateLimit.from_rate("api", "30/hour") == RateLimit("api", 30, 3600)


def test_the_limit_allows_that_many_hits_then_says_how_long_to_wait(counter_cache):
    limit = RateLimit("test", limit=2, period=60)

    assert limit.hit("a", now=START + 15) == 0
    assert limit.hit("a", now=START + 16) == 0
    assert limit.hit("a", now=START + 20) == 40  # until the minute's window ends
    assert limit.hit("a", now=START + 59.5) == 1  # never "wait 0 seconds"


def test_each_key_and_each_limit_has_its_own_count(counter_cache):
    limit = RateLimit("test", limit=1, period=60)

    assert limit.hit("a", now=START) == 0
    assert limit.hit("a", now=START) > 0
    assert limit.hit("b", now=START) == 0
    assert RateLimit("other", limit=1, period=60).hit("a", now=START) == 0


def test_a_new_window_starts_a_new_count(counter_cache):
    limit = RateLimit("test", limit=1, period=60)

    assert limit.hit("a", now=START + 59) == 0
    assert limit.hit("a", now=START + 59) > 0
    assert limit.hit("a", now=START + 60) == 0


def seconds_left(cache, key):
    """How long the cache will keep ``key``, read from the backend itself."""
    made = cache.make_and_validate_key(key)
    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):  # Redis
        return cache._cache.get_client(made).ttl(made)
    return cache._expire_info[made] - time.time()  # local memory


def test_the_counters_expire_shortly_after_their_window(counter_cache):
    RateLimit("test", limit=5, period=60).hit("a", now=START)

    key = f"test:a:{int(START // 60)}"
    assert counter_cache.get(key) == 1
    assert 55 < seconds_left(counter_cache, key) <= 61


def test_increment_counts_up_and_recovers_a_counter_that_vanished(counter_cache, monkeypatch):
    assert increment("counter", timeout=60) == 1
    assert increment("counter", timeout=60) == 2

    def evicted(key, delta=1, version=None):
        raise ValueError("Key 'counter' not found")

    monkeypatch.setattr(ratelimit.cache, "incr", evicted)
    assert increment("counter", timeout=60) == 1
    monkeypatch.undo()
    assert counter_cache.get("counter") == 1
