"""The core's additions to the Wagtail admin: the work waiting on the dashboard, and the
audit trail's actions (``engage.core.audit``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import audit
from .admin_views import AuditTrailView
from .work_waiting import work_waiting_panels


@hooks.register("construct_homepage_panels")
def add_work_waiting(request, panels):
    # Ours go first: what needs doing matters more than recent edits.
    panels[:0] = work_waiting_panels(request.user)


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    audit.register_actions(actions)


@hooks.register("register_admin_urls")
def register_audit_trail_urls():
    return [
        path("reports/audit-trail/", AuditTrailView.as_view(), name="audit_trail"),
        path(
            "reports/audit-trail/results/",
            AuditTrailView.as_view(results_only=True),
            name="audit_trail_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_audit_trail_menu_item():
    return MenuItem(
        _("Audit trail"), reverse("audit_trail"), name="audit-trail", icon_name="history", order=990
    )


@hooks.register("construct_reports_menu")
def hide_site_history(request, menu_items):
    # The audit trail is the site history with a working user filter: one entry, not two.
    menu_items[:] = [item for item in menu_items if item.name != "site-history"]
