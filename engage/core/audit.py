"""The audit trail: what staff and moderators did, on Wagtail's own audit log.

Every action is a Wagtail log entry (``wagtail.log_actions.log``): a ``ModelLogEntry`` (or
``PageLogEntry`` for a page) with the acting user, the object, when, and ``data`` (the
old and new status, the reason, …). The admin's *Reports → Audit trail* (Wagtail's site
history, whose old address redirects there) lists them and filters them by action, user,
type and date; each person sees the entries about the kinds of object they hold a
permission on (Wagtail's ``viewable_by_user``).

A part names its actions in its own ``audit.py`` (``ACTIONS``, a list of
:class:`AuditAction`) and declares it on its AppConfig as ``audit_actions``; the
``register_log_actions`` hook (``engage.core.wagtail_hooks``) registers the core's and
every part's, so the report's action filter and each entry read in the person's
language. The part then records an action with :func:`record`, inside the service that
performs it, in the same transaction: a change rolled back leaves no entry.

Entries older than ``AUDIT_LOG_RETENTION_DAYS`` are deleted by ``manage.py
purge_audit_log`` (:func:`purge`), run by cron.
"""

import datetime
import decimal
import uuid

from django.conf import settings
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log
from wagtail.log_actions import registry as log_registry

from .parts import declared


class AuditAction:
    """An action of the audit trail: its name (``"<part>.<verb>"``), its label in the
    report's filter, and a message read in the report, which may name values of the
    entry's ``data`` (``_("Status: {from_status} → {to_status}")``)."""

    def __init__(self, name, label, message=None):
        self.name = name
        self.label = label
        self.message = message if message is not None else label

    def formatter(self):
        action_label, message = self.label, self.message

        class Formatter(LogFormatter):
            label = action_label

            def format_message(self, log_entry):
                template = str(message)
                try:
                    return template.format(**(log_entry.data or {}))
                except (KeyError, IndexError, ValueError):
                    # An entry written before a message named a new value still reads.
                    return str(self.label)

        return Formatter


# What the core itself records: accounts and exports happen in every part.
ACTIONS = [
    AuditAction("engage.role_granted", _("Role granted"), _("Role granted: {role}")),
    AuditAction("engage.role_removed", _("Role removed"), _("Role removed: {role}")),
    AuditAction("engage.export", _("Data exported"), _("Exported {export} ({format})")),
]


def all_actions():
    """The core's actions, then each part's, in INSTALLED_APPS order."""
    actions = list(ACTIONS)
    for _app_config, path in declared("audit_actions"):
        actions.extend(import_string(path))
    return actions


def register_actions(actions_registry):
    """For the ``register_log_actions`` hook."""
    for action in all_actions():
        actions_registry.register_action(action.name)(action.formatter())


def _plain(value):
    """``value`` as JSON takes it: translated labels as text, models as their key."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    if isinstance(value, (datetime.date, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def record(instance, action, *, user=None, data=None, title=None):
    """Write the audit entry of ``action`` on ``instance`` by ``user``.

    ``user`` defaults to the person of the admin request being served (Wagtail's log
    context); an action without one (a command, a task) is recorded as the system's.
    """
    if log_registry.get_log_model_for_instance(instance) is None:
        return None
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    extra = {"title": str(title)[:255]} if title else {}
    return log(instance, action, user=user, data=_plain(data or {}), **extra)


PURGE_BATCH = 5000


def retention_days():
    return int(settings.AUDIT_LOG_RETENTION_DAYS)


def purge(*, now=None, days=None):
    """Delete the entries older than the retention period; the number deleted per kind.

    Every entry goes, Wagtail's own (page edits, publishing) included: the period is the
    site's promise about how long it keeps who did what.
    """
    days = retention_days() if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted = {}
    for model in log_registry.get_log_entry_models():
        expired = model.objects.filter(timestamp__lt=cutoff)
        count = 0
        # In batches: the first purge of a site that has kept everything for years must
        # not hold one long lock on the table every admin action writes to.
        while batch := list(expired.values_list("pk", flat=True)[:PURGE_BATCH]):
            count += model.objects.filter(pk__in=batch).delete()[0]
        deleted[str(model._meta.verbose_name_plural)] = count
    return deleted
