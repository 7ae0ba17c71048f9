"""A fixed-window counter per API key in the Django cache, from ``OPEN311_RATE_LIMIT``."""

import time

from django.conf import settings
from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """``"60/m"`` → ``(60, 60)``: that many requests per that many seconds.

    Also accepts ``"100/5m"`` and the long unit names (``sec``, ``min``, ``hour``, ``day``).
    """
    count, _, period = (rate or "").partition("/")
    period = period.strip().lower()
    digits = "".join(ch for ch in period if ch.isdigit())
    unit = period[len(digits) :][:1]
    return int(count), int(digits or 1) * PERIODS[unit]


def hit(key_id, *, now=None):
    """Count one request for ``key_id``; returns seconds to wait, or 0 when allowed."""
    rate = getattr(settings, "OPEN311_RATE_LIMIT", "")
    if not rate:
        return 0
    limit, period = parse_rate(rate)
    now = time.time() if now is None else now
    window = int(now // period)
    cache_key = f"open311:rate:{key_id}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        return max(1, int((window + 1) * period - now))
    return 0
