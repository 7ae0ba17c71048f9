"""The city's branding (the ``CityBranding`` setting) outside page templates.

Page templates read it through Wagtail's settings context processor
(``settings.core.CityBranding``); e-mails and the optional colour style sheet come here.
"""

import hashlib
import re

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from .models import CityBranding

COLOUR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")

# The parts that carry the primary colour: the bar above the header, buttons, the current
# page in the navigation and the step indicator. The rest keeps USWDS's palette.
COLOUR_RULES = """\
.engage-utility-bar, .usa-nav__primary > .usa-nav__primary-item > a.usa-current::after,
.usa-button:not(.usa-button--outline):not(.usa-button--unstyled):not(.usa-button--secondary),
.usa-step-indicator__segment--current::after, .usa-step-indicator__segment--complete::after {
    background-color: %(colour)s;
}
.usa-button:not(.usa-button--outline):not(.usa-button--unstyled):not(.usa-button--secondary):hover {
    background-color: %(colour)s;
    filter: brightness(0.85);
}
.usa-step-indicator__segment--current .usa-step-indicator__segment-label,
.usa-button--outline:not(.usa-button--unstyled), .usa-footer__primary-link {
    color: %(colour)s;
}
.usa-button--outline:not(.usa-button--unstyled) { box-shadow: inset 0 0 0 2px %(colour)s; }
"""


def for_request(request):
    return CityBranding.for_request(request)


def city_name():
    """The city's name for messages sent outside a request (e-mails, feeds)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.WAGTAIL_SITE_NAME
    return CityBranding.for_site(site).name


def colour_version(branding):
    """A short fingerprint of the colour, so the style sheet's address changes with it."""
    return hashlib.sha256(branding.primary_colour.encode()).hexdigest()[:10]


@require_GET
def colour_stylesheet(request):
    """The primary colour chosen in the admin, as a small style sheet (no inline style:
    the public site's CSP allows none). Linked only when a colour is set."""
    colour = for_request(request).primary_colour
    # Checked again here: the value goes into CSS, and not every save runs validators.
    css = COLOUR_RULES % {"colour": colour} if COLOUR_PATTERN.fullmatch(colour) else ""
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # The link carries the colour's fingerprint, so a changed colour is a new address.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
