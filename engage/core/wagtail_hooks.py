"""The core's additions to the Wagtail admin: the work waiting on the dashboard, and the
audit trail's actions (``engage.core.audit``)."""

from wagtail import hooks

from . import audit
from .work_waiting import work_waiting_panels


@hooks.register("construct_homepage_panels")
def add_work_waiting(request, panels):
    # Ours go first: what needs doing matters more than recent edits.
    panels[:0] = work_waiting_panels(request.user)


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    audit.register_actions(actions)
