"""What a service report's page says about the volunteer events that set out to fix it.

Reports never import liaisons: the report page includes
``liaisons/includes/report_events.html``, which loads this library and asks for the
events through the ``volunteer_events`` relation that liaisons declares on reports."""

from django import template
from django.utils import timezone

from ..listing.events import events_for_report

register = template.Library()


@register.simple_tag
def report_volunteer_events(report):
    """{"upcoming": [...], "past": [...]} of the public events that target ``report``
    (cancelled ones are left out: the report page speaks of help that is coming or came)."""
    now = timezone.now()
    events = [e for e in events_for_report(report) if e.status == e.Status.PUBLISHED]
    return {
        "upcoming": [event for event in events if event.ends_at >= now],
        "past": [event for event in events if event.ends_at < now],
    }
