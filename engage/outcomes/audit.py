"""The staff actions on outcomes that the audit trail records (``engage.core.audit``).

Outcome pages are Wagtail pages (their publishing is in Wagtail's own history); the
figures' CSV downloads are recorded by ``engage.core.exports``.
"""

from django.utils.translation import gettext_lazy as _

from engage.core.audit import AuditAction

ACTIONS = [
    AuditAction(
        "outcomes.snapshot", _("Monthly figures frozen"), _("Froze the figures of {month}")
    ),
]
