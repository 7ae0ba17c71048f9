"""The Open311 rate limit: a fixed window per API key, from ``OPEN311_RATE_LIMIT``."""

import time

from django.conf import settings

from engage.core.ratelimit import RateLimit


def hit(key_id, *, now=None):
    """Count one request for ``key_id``; returns seconds to wait, or 0 when allowed."""
    rate = getattr(settings, "OPEN311_RATE_LIMIT", "")
    if not rate:
        return 0
    limit = RateLimit.from_rate("open311:rate", rate)
    return limit.hit(key_id, now=time.time() if now is None else now)
