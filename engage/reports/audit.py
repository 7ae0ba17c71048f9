"""The staff actions on service reports that the audit trail records (``engage.core.audit``).

Knowledge-base answers are Wagtail pages: their edits and publishing are in Wagtail's own
page history, in the same report.
"""

from django.utils.translation import gettext_lazy as _

from engage.core.audit import AuditAction

from .models import ServiceReport

ACTIONS = [
    AuditAction(
        "reports.status",
        _("Report status changed"),
        _("Status: {from_label} → {to_label}"),
    ),
    AuditAction("reports.assign", _("Report assigned"), _("Assigned to {department}")),
    AuditAction("reports.merge", _("Reports merged"), _("Merged into {into_reference}")),
    AuditAction("reports.assign_crew", _("Report given to a crew"), _("Given to crew {crew}")),
    AuditAction("reports.api_key_create", _("Open311 API key created")),
    AuditAction("reports.api_key_revoke", _("Open311 API key revoked")),
    AuditAction("reports.person_create", _("Caller record created")),
    AuditAction(
        "reports.person_merge",
        _("Caller records merged"),
        _("Merged caller record {duplicate} into this one"),
    ),
]


def status_data(previous, status, **extra):
    """The ``data`` of a status change: the codes, and their labels as read then."""
    labels = dict(ServiceReport.Status.choices)
    return {
        "from": previous,
        "to": status,
        "from_label": labels.get(previous, previous),
        "to_label": labels.get(status, status),
        **extra,
    }
