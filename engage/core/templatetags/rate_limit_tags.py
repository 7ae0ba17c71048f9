"""What the "please wait" page (429.html) needs, whichever limit refused the request: the
site's write ceiling, a part's own limit or allauth's."""

from django import template

from engage.core import honeypot

register = template.Library()

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Never written into a page: passwords, and the honeypot (a person sends it empty).
NOT_CARRIED = ("password", honeypot.FIELD_NAME)


@register.simple_tag(takes_context=True)
def resend_fields(context):
    """The form that was sent, as ``(name, value)`` pairs to send again from the page, or
    ``None`` when the request carried no form."""
    request = context.get("request")
    if request is None or request.method != "POST" or request.content_type not in FORM_TYPES:
        return None
    return [
        (name, value)
        for name, values in request.POST.lists()
        if not any(word in name.lower() for word in NOT_CARRIED)
        for value in values
    ]
