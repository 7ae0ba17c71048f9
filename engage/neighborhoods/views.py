"""Address suggestions and reverse look-ups for the maps on the report and idea forms:
small JSON answers, rate-limited per visitor, that never fail with a server error."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from engage.core.inputs import checks_own_input, has_control_characters, parse_number
from engage.core.ratelimit import RateLimit, client_address

from . import places
from .addresses import MAX_QUERY_LENGTH


def _error(message, status=400):
    return JsonResponse({"error": message}, status=status)


def _rate_limited(request):
    """The seconds to wait when this visitor asked too often, else 0."""
    limit = RateLimit.from_rate("places", settings.PLACES_RATE)
    return limit.hit(client_address(request))


def _too_often(wait):
    response = _error(_("Too many look-ups. Please wait a moment and try again."), status=429)
    response["Retry-After"] = str(wait)
    return response


@checks_own_input
@require_GET
def suggest(request):
    """``?q=123 mark`` → ``{"results": [{label, lat, lng, neighborhood}], "message": …}``."""
    text = request.GET.get("q", "")
    if len(text) > MAX_QUERY_LENGTH or has_control_characters(text):
        return _error(
            _("Type an address of at most %(limit)d characters.") % {"limit": MAX_QUERY_LENGTH}
        )
    if wait := _rate_limited(request):
        return _too_often(wait)
    found = places.suggest(text)
    if found:
        message = ngettext("%(count)d address found.", "%(count)d addresses found.", len(found))
        message %= {"count": len(found)}
    else:
        message = _("No address found.")
    return JsonResponse({"results": [place.as_json() for place in found], "message": message})


def _coordinate(value, low, high):
    number = float(parse_number(value))
    if not low <= number <= high:
        raise ValueError(value)
    return number


@checks_own_input
@require_GET
def reverse(request):
    """``?lat=&lng=`` → ``{"result": {label, lat, lng, neighborhood} or null}``."""
    try:
        lat = _coordinate(request.GET.get("lat", ""), -90, 90)
        lng = _coordinate(request.GET.get("lng", ""), -180, 180)
    except ValueError:
        return _error(_("Give the latitude (-90 to 90) and longitude (-180 to 180) as numbers."))
    if wait := _rate_limited(request):
        return _too_often(wait)
    place = places.reverse(lat, lng)
    neighborhood = places.neighborhood_at(lat, lng)
    return JsonResponse(
        {
            "result": place.as_json() if place else None,
            # The neighborhood of the point itself, which the nearest address may not share.
            "neighborhood": (
                {"id": neighborhood.pk, "name": neighborhood.name, "slug": neighborhood.slug}
                if neighborhood
                else None
            ),
        }
    )
