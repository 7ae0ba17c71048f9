"""Rate limits counted in the Django cache (Redis when ``REDIS_URL`` is set, so every web
server sees the same counts).

A ``RateLimit`` allows ``limit`` hits per key in each fixed window of ``period`` seconds.
The windows are keyed by their start, so each counter expires on its own shortly after its
window ends and nothing needs cleaning up. ``increment`` is the counting underneath: an
atomic ``incr`` on any cache, for limits that read their counters differently (the log-in
limits' sliding windows).
"""

import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def client_address(request):
    """The address the request came from, as limits count it.

    ``REMOTE_ADDR``, unless ``TRUSTED_PROXY_COUNT`` says that many proxies of our own
    (a load balancer, a CDN) stand in front: then the address the outermost of them saw,
    read from the right of ``X-Forwarded-For``, where a client cannot write it. Entries to
    the left of it are whatever the client sent and are never read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    if len(hops) < trusted:
        return remote  # came round the proxies: only the connection's address is known
    try:
        return str(ipaddress.ip_address(hops[-trusted]))
    except ValueError:
        return remote


def address_key(ip):
    """The address a limit counts against: an IPv6 address by its /64 network, what one
    household gets."""
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False).network_address)


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
