"""allauth's own limits (``ACCOUNT_RATE_LIMITS``) answered like every other limit of the site.

Past one of its limits allauth calls ``respond_429(request)``, which calls the
``handler429`` of the root URLconf (``engage.urls``). It passes only the request, not the
limit that was spent, so :func:`too_many_requests` finds that again: the limit of the view
the request reached (:data:`ACTIONS`; every limit when the view is not named there), read
from allauth's own counts in the cache. The wait is the time until the oldest attempt
that fills a spent limit leaves its period, then one more attempt fits. The answer is
the site's 429 (``engage.core.write_rate.too_many_requests``): ``Retry-After``, and the
"please wait" page in the visitor's language with the form ready to send again.
"""

import math
import time

from allauth.account import app_settings
from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from engage.core.write_rate import too_many_requests as site_too_many_requests

APP = "allauth.account"

# allauth's views that answer 429, by URL name, and the action of ACCOUNT_RATE_LIMITS each
# spends.
ACTIONS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_confirm_password_reset_code": "reset_password_from_key",
    "account_complete_password_reset": "reset_password_from_key",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_email": "manage_email",
    "account_reauthenticate": "reauthenticate",
    "account_confirm_email": "confirm_email",
    "account_email_verification_sent": "confirm_email",
}


def too_many_requests(request):
    """allauth's answer past one of its limits (``handler429``)."""
    return site_too_many_requests(request, seconds_to_wait(request))


def seconds_to_wait(request, now=None):
    """Seconds until the limit this request spent lets one more attempt through.

    When no spent limit is found (the cache was busy, or the key allauth counted is not the
    e-mail address sent), the longest period of the view's limits: never too short."""
    moment = time.time() if now is None else now
    rates = _rates(request)
    waits = [wait for action, rate in rates if (wait := _wait(request, action, rate, moment))]
    if waits:
        return max(waits)
    return math.ceil(max((rate.duration for _, rate in rates), default=60))


def _rates(request):
    limits = app_settings.RATE_LIMITS
    match = getattr(request, "resolver_match", None)
    action = ACTIONS.get(match.url_name) if match else None
    actions = [action] if action in limits else list(limits)
    return [
        (name, rate)
        for name in actions
        for rate in ratelimit.get_rates(app=APP, action=name, config=limits)
    ]


def _wait(request, action, rate, now):
    try:
        key = ratelimit.get_cache_key(
            request, app=APP, action=action, rate=rate, key=_key(request), user=None
        )
    except ImproperlyConfigured:  # per account for a visitor, or per key without one
        return None
    # allauth keeps the newest attempt first.
    history = [at for at in cache.get(key, []) if at > now - rate.duration]
    if len(history) < rate.amount:
        return None
    return max(1, math.ceil(history[rate.amount - 1] + rate.duration - now))


def _key(request):
    # What allauth's "per key" limits count here: the e-mail address typed, as its form
    # cleans it.
    email = request.POST.get("email", "").strip().lower()
    return email or None
