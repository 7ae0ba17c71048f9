"""The staff actions on service reports that the audit trail records (``engage.core.audit``).

Knowledge-base answers are Wagtail pages: their edits and publishing are in Wagtail's own
page history, in the same report. Crews are snippets: creating or changing one (its
members, its department) is Wagtail's own ``wagtail.create`` / ``wagtail.edit``; what a
crew member sends from the field is a status change (``reports.status``) by them.

What a caller said stays out of the entries: a contact's entry has its kind, channel and
numbers, never its notes or topic, and a note's entry only the note's number.
"""

from django.utils.translation import gettext_lazy as _

from engage.core.audit import AuditAction, record

from .models import Contact, ServiceReport

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
    AuditAction("reports.contact_log", _("Contact logged"), _("{kind_label} ({channel_label})")),
    AuditAction("reports.person_note", _("Note written on a caller record")),
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


def record_contact(contact):
    """The entry of a contact an agent logged (a call, a visit, a message, or the request
    filed for the caller), by that agent."""
    data = {
        "kind": contact.kind,
        "kind_label": Contact.Kind(contact.kind).label,
        "channel": contact.channel,
        "channel_label": Contact.Channel(contact.channel).label,
        "person": contact.person_id,
        "resolved_first_contact": contact.resolved_first_contact,
    }
    if contact.answer_id:
        data["answer"] = contact.answer_id
    if contact.report_id:
        data["report"] = contact.report.reference
    return record(contact, "reports.contact_log", user=contact.agent, data=data)
