"""The staff and liaison actions the audit trail records (``engage.core.audit``).

Roles given or taken with a liaison's term are recorded by the core, whichever screen
changes the group; exports by ``engage.core.exports``. A check-in is recorded on the event,
naming the volunteer by number only (some are minors).
"""

from django.utils.translation import gettext_lazy as _

from engage.core.audit import AuditAction, record

# How a volunteer was checked in (``on_the_day``), as the entry reads.
CHECK_IN_WAYS = {
    "roster": _("from the roster"),
    "code": _("by their personal code"),
    "walk_in": _("as a walk-in"),
    "registered": _("registered on the spot"),
}

ACTIONS = [
    AuditAction("liaisons.application_approve", _("Liaison application approved")),
    AuditAction(
        "liaisons.application_decline",
        _("Liaison application declined"),
        _("Declined: {reason}"),
    ),
    AuditAction("liaisons.term_remove", _("Liaison removed"), _("Removed: {reason}")),
    AuditAction(
        "liaisons.term_neighborhoods",
        _("Liaison's neighborhoods changed"),
        _("Neighborhoods: {before} → {after}"),
    ),
    AuditAction("liaisons.event_review", _("Volunteer event reviewed"), _("Decision: {decision}")),
    AuditAction("liaisons.event_publish", _("Volunteer event published by staff")),
    AuditAction("liaisons.event_cancel", _("Volunteer event cancelled"), _("Cancelled: {reason}")),
    AuditAction(
        "liaisons.check_in", _("Volunteer checked in"), _("Checked in a volunteer {way_label}")
    ),
    AuditAction("liaisons.hours_review", _("Volunteer hours reviewed"), _("Decision: {decision}")),
    AuditAction(
        "liaisons.broadcast",
        _("Message sent to volunteers"),
        _("“{subject}” sent to {recipients} volunteers"),
    ),
    AuditAction("liaisons.paper_consent", _("Guardian's paper consent recorded")),
]


def names(neighborhoods):
    return ", ".join(sorted(str(neighborhood) for neighborhood in neighborhoods))


def record_check_in(event, signup, *, by, way):
    return record(
        event,
        "liaisons.check_in",
        user=by,
        data={
            "way": way,
            "way_label": CHECK_IN_WAYS[way],
            "volunteer": signup.volunteer_id,
            "signup": signup.pk,
            "walk_in": signup.walk_in,
        },
    )
