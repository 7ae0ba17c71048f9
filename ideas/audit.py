"""The staff and moderator actions on ideas that the audit trail records
(``engage.core.audit``)."""

from django.utils.translation import gettext_lazy as _

from engage.core.audit import AuditAction, record

from .models import Idea

ACTIONS = [
    AuditAction("ideas.decide", _("Idea status decided"), _("Status: {from_label} → {to_label}")),
    AuditAction("ideas.publish", _("Idea approved"), _("Approved after moderation")),
    AuditAction("ideas.merge", _("Ideas merged"), _("Merged into idea {into}")),
    AuditAction("ideas.hide", _("Hidden by a moderator"), _("Hidden: {reason}")),
    AuditAction("ideas.restore", _("Shown again by a moderator")),
    AuditAction("ideas.dismiss_flags", _("Flags dismissed")),
    AuditAction("ideas.block", _("Posting blocked"), _("Blocked from posting: {reason}")),
    AuditAction("ideas.unblock", _("Posting unblocked")),
]


def record_status(idea, previous, to_status, *, action, user, **extra):
    """The entry of a status ``idea`` took from ``previous`` by a staff member's hand."""
    labels = dict(Idea.Status.choices)
    data = {
        "from": previous,
        "to": to_status,
        "from_label": labels.get(previous, previous),
        "to_label": labels.get(to_status, to_status),
        **extra,
    }
    return record(idea, action, user=user, data=data)


def record_moderation(moderation_action, action):
    """The entry of a ``ModerationAction``: on the comment, the idea or the person it is about."""
    target = moderation_action.comment or moderation_action.idea or moderation_action.target_user
    data = {"reason": moderation_action.reason, "moderation_action": moderation_action.pk}
    if moderation_action.comment_id:
        data["idea"] = moderation_action.comment.idea_id
    return record(target, action, user=moderation_action.moderator, data=data)
