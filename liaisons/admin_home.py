"""The liaisons part's work waiting on the Wagtail dashboard (see engage.core.work_waiting).

Each slice of the part counts its own queue in its admin module; this gathers them."""

from .admin_views.events import pending_events_waiting


def work_waiting(user):
    return [*pending_events_waiting(user)]
