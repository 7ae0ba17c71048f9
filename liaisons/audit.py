"""The staff and liaison actions the audit trail records (``engage.core.audit``).

Roles given or taken with a liaison's term are recorded by the core, whichever screen
changes the group; exports by ``engage.core.exports``.
"""

from django.utils.translation import gettext_lazy as _

from engage.core.audit import AuditAction

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
    AuditAction("liaisons.event_cancel", _("Volunteer event cancelled"), _("Cancelled: {reason}")),
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
