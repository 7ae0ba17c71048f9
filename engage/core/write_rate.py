"""One ceiling on every write: ``WRITE_RATE`` unsafe requests per minute (Decidim's 100).

Every request that is not GET, HEAD, OPTIONS or TRACE counts, whatever the view: the
public forms, the JSON endpoints, Open311, the Wagtail admin. Someone logged in counts
against their account, so a school, a library or the contact center behind one address
does not share one budget; anyone else counts against their address
(:func:`engage.core.ratelimit.client_address`, IPv6 by its /64). Nothing is left out: a
view that needs a tighter figure has its own limit as well (docs/abuse.md lists them).

Past the ceiling the request never reaches the view: the answer is 429 with
``Retry-After`` and a page in the visitor's language that says how long to wait and
offers to send the same form again then, so nothing typed is lost (files and passwords
excepted: a page never carries them). A client that does not ask for HTML gets JSON.
"""

import math

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .ratelimit import RateLimit, address_key, client_address

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def write_limit():
    return RateLimit.from_rate("write-rate", settings.WRITE_RATE)


def limit_key(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{address_key(client_address(request))}"


class WriteRateMiddleware:
    """Answers 429 to a write past ``WRITE_RATE`` (after the authentication middleware,
    which says whose account it is, and the locale middleware, which picks the page's
    language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS and settings.WRITE_RATE:
            wait = write_limit().hit(limit_key(request))
            if wait:
                return too_many_requests(request, wait)
        return self.get_response(request)


def wait_text(seconds):
    """ "1 minute", "45 seconds": how long to wait, in the visitor's language."""
    if seconds >= 90:
        minutes = math.ceil(seconds / 60)
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}


def wait_message(seconds):
    """What a form re-shown past its own limit says above what was typed."""
    return _(
        "You have sent a lot in a short time. Nothing you typed is lost: please send it "
        "again in %(wait)s."
    ) % {"wait": wait_text(seconds)}


def too_many_requests(request, wait):
    """The 429 answer: ``Retry-After: wait`` and what to do, as HTML or JSON."""
    message = _("Too many requests from your connection. Please try again in %(wait)s.") % {
        "wait": wait_text(wait)
    }
    if request.accepts("text/html") and not request.path.endswith(".json"):
        response = render(
            request,
            "429.html",
            {"message": message, "wait": wait},
            status=429,
        )
    else:
        response = JsonResponse({"error": message, "retry_after": wait}, status=429)
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response
