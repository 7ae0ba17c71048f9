"""What other parts' pages show of outcomes, without their code importing this part:
``{% load outcome_tags %}`` in a template is the only way in.

``{% outcomes_for item as outcomes %}``: the live outcomes an idea, service report,
survey, volunteer event or youth program led to (through merges, in the visitor's
language). ``{% outcome_progress outcome %}``: its status and progress, in words and as a
bar. Most pages need neither: ``{% include "outcomes/includes/led_to.html" with item=… %}``
shows "This led to …" and nothing when there is no outcome yet.
"""

from django import template

from .. import traceability
from ..models import OutcomePage

register = template.Library()


@register.simple_tag
def outcomes_for(item):
    if item is None:
        return []
    return traceability.outcomes_for(item)


@register.inclusion_tag("outcomes/includes/progress.html")
def outcome_progress(outcome, heading_id=""):
    """The progress of ``outcome`` (its children's, weighted, for a parent outcome)."""
    cancelled = outcome.status == OutcomePage.Status.CANCELLED
    # Worked out for a whole tree at once by the page that shows it, when it did.
    percent = getattr(outcome, "known_progress", None)
    if percent is None:
        percent = outcome.overall_progress()
    return {
        "outcome": outcome,
        "percent": percent,
        "cancelled": cancelled,
        "heading_id": heading_id,
    }
