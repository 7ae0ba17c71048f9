"""``{% honeypot_fields %}``: the honeypot for a form a view reads from ``POST`` itself."""

from django import template
from django.template.loader import render_to_string

from engage.core import honeypot

register = template.Library()


@register.simple_tag
def honeypot_fields():
    """The honeypot input and a fresh start stamp (engage/core/honeypot.py)."""
    return render_to_string(
        "core/includes/honeypot_fields.html",
        {
            "field_name": honeypot.FIELD_NAME,
            "started_name": honeypot.STARTED_NAME,
            "started": honeypot.started_stamp(),
        },
    )
