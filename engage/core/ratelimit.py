"""Rate limits counted in the Django cache (Redis when ``REDIS_URL`` is set, so every web
server sees the same counts).

A ``RateLimit`` allows ``limit`` hits per key in each fixed window of ``period`` seconds.
The windows are keyed by their start, so each counter expires on its own shortly after its
window ends and nothing needs cleaning up. ``increment`` is the counting underneath: an
atomic ``incr`` on any cache, for limits that read their counters differently (the log-in
limits' sliding windows).
"""

import time
from dataclasses import dataclass

from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """``"60/m"`` → ``(60, 60)``: that many hits per that many seconds.

    Also accepts ``"100/5m"`` and the long unit names (``sec``, ``min``, ``hour``, ``day``).
    """
    count, _, period = (rate or "").partition("/")
    period = period.strip().lower()
    digits = "".join(ch for ch in period if ch.isdigit())
    unit = period[len(digits) :][:1]
    return int(count), int(digits or 1) * PERIODS[unit]


def increment(cache_key, timeout):
    """Add one to the counter at ``cache_key`` (created at 0, expiring after ``timeout``
    seconds) and return the new count."""
    cache.add(cache_key, 0, timeout=timeout)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired or evicted between add and incr
        cache.set(cache_key, 1, timeout=timeout)
        return 1


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` hits per key in each window of ``period`` seconds.

    ``name`` starts the cache keys, so two limits never share a counter.
    """

    name: str
    limit: int
    period: int

    @classmethod
    def from_rate(cls, name, rate):
        """A limit from a ``"60/m"``-style rate (see ``parse_rate``)."""
        return cls(name, *parse_rate(rate))

    def hit(self, key, *, now=None):
        """Count one hit for ``key``; returns the seconds to wait when it is one too many
        (at least 1), or 0 when it is allowed."""
        now = time.time() if now is None else now
        window = int(now // self.period)
        count = increment(f"{self.name}:{key}:{window}", timeout=self.period + 1)
        if count > self.limit:
            return max(1, int((window + 1) * self.period - now))
        return 0
