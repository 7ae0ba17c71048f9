"""Failed log-ins, counted so that nobody can use them to lock a resident out.

Three counts, kept in the cache (Redis when ``REDIS_URL`` is set, so every web server
sees them), with the figures in ``settings.LOGIN_FAILURE_LIMITS``:

``account_address``
    failures for one account from one address. Past the limit that address may not try
    that account again for a while; every other account, and that account from every
    other address, stay open. This is what stops one person guessing one password.
``address``
    failures from one address, whatever the account: a ceiling high enough for a library
    or a school behind one address, low enough to stop one machine trying many accounts.
``account``
    failures for one account from every address. Past it, an address that has already
    failed for that account within the same period may not try it again, so an attacker
    with many addresses gets one guess per address; an address that has not been failing
    (the resident at home) still gets through.

Each attempt is counted *before* the password is checked and taken back if it was right,
so many guesses sent at once cannot all slip through before the first failure is counted.
A count is a sliding window made of two fixed buckets (the older one weighted by how much
of it is still inside the window): atomic ``incr`` on any cache (``engage.core.ratelimit``
counts the buckets), and a lock ends at most one window after the failures that caused it.

Addresses are the client's as the adapter sees it (``engage.core.ratelimit.client_address``:
``REMOTE_ADDR``, or the trusted proxies' ``X-Forwarded-For`` entry when
``TRUSTED_PROXY_COUNT`` is set); IPv6 addresses count per /64, what one household gets.
"""

import contextlib
import hashlib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from engage.core.ratelimit import address_key, increment

KEY_PREFIX = "login-failures"

ACCOUNT = "account"
ADDRESS = "address"


def now():
    """The clock the windows read (tests move it)."""
    return time.time()


def account_key(login):
    # A hash: the cache holds no e-mail addresses.
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Window:
    """At most ``limit`` failures of ``name`` for ``subject`` in ``seconds``."""

    name: str
    subject: str
    limit: int
    seconds: int

    def _key(self, bucket):
        return f"{KEY_PREFIX}:{self.name}:{self.seconds}:{self.subject}:{bucket}"

    def count(self, at):
        bucket, into = divmod(at, self.seconds)
        current, previous = self._key(int(bucket)), self._key(int(bucket) - 1)
        counts = cache.get_many([current, previous])
        return counts.get(current, 0) + counts.get(previous, 0) * (1 - into / self.seconds)

    def over(self, at):
        return self.count(at) > self.limit

    def add(self, at):
        """Count one attempt; returns the key to ``take_back`` it with."""
        key = self._key(int(at // self.seconds))
        # Kept for two windows: the next window still reads this one as its older bucket.
        increment(key, timeout=2 * self.seconds)
        return key

    @staticmethod
    def take_back(key):
        with contextlib.suppress(ValueError):  # expired meanwhile: nothing to take back
            cache.decr(key)

    def clear(self, at):
        bucket = int(at // self.seconds)
        cache.delete_many([self._key(bucket), self._key(bucket - 1)])


def _windows(login, ip):
    limits = settings.LOGIN_FAILURE_LIMITS
    account, address = account_key(login), address_key(ip)
    pair = f"{account}:{address}"
    failures, seconds = limits["account_address"]
    account_failures, account_seconds = limits["account"]
    return {
        "account_address": Window("account-address", pair, failures, seconds),
        # "has this address been failing for this account?", over the account's period
        "account_address_long": Window("account-address-long", pair, 1, account_seconds),
        "address": Window("address", address, *limits["address"]),
        "account": Window("account", account, account_failures, account_seconds),
    }


@dataclass
class Attempt:
    """One log-in attempt, counted as a failure until ``succeeded`` takes it back.

    ``refused``: ``None``, ``ADDRESS`` (this address has failed too often, whatever the
    account) or ``ACCOUNT`` (this address may not try this account for now). A refused
    attempt is not counted.
    """

    keys: list = field(default_factory=list)
    refused: str | None = None

    def succeeded(self):
        for key in self.keys:
            Window.take_back(key)
        self.keys = []


def attempt(login, ip):
    """Count a log-in attempt for ``login`` from ``ip``; see ``Attempt``."""
    at = now()
    windows = _windows(login, ip)
    had_failed_here = windows["account_address_long"].count(at) > 0
    counted = Attempt([window.add(at) for window in windows.values()])
    # The attempt itself is in the counts: more than the limit means one too many.
    if windows["address"].over(at):
        refused = ADDRESS
    elif windows["account_address"].over(at) or (had_failed_here and windows["account"].over(at)):
        refused = ACCOUNT
    else:
        return counted
    counted.succeeded()  # a refused attempt is not counted
    return Attempt(refused=refused)


def forgive(login, ip):
    """Forget this address's failures for this account (its owner has just reset the
    password from here)."""
    at = now()
    windows = _windows(login, ip)
    for name in ("account_address", "account_address_long"):
        windows[name].clear(at)
