"""Service reports in the Wagtail admin: one "Service reports" menu with the triage queue,
categories, departments and Open311 API keys.

Who sees what is decided by model permissions (see ``engage/accounts/roles.py`` and
``docs/roles.md``): staff manage everything; moderators triage the queue (view and change
reports) but do not see contact details and do not manage categories, departments or keys.
"""

from django.contrib.admin.utils import quote
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from engage.core.admin_views import UsesPublicForm

from . import figures_hooks as _figures_hooks  # noqa: F401
from .admin_views import (
    ApiKeyCreateView,
    ApiKeyRevokeView,
    AssignDepartmentBulkAction,
    ChangeStatusBulkAction,
    DueColumn,
    ReportDetailView,
    ReportIndexView,
)

# Each job of the contact center registers its own admin screens and menu items there
# (and the contact figures theirs, in figures_hooks).
from .contact_center import wagtail_hooks as _contact_center_hooks  # noqa: F401
from .contact_center import wagtail_hooks_people as _people_hooks  # noqa: F401
from .crews import wagtail_hooks as _crews_hooks  # noqa: F401
from .filters import ApiKeyFilterSet, CategoryFilterSet, ServiceReportFilterSet
from .knowledge import wagtail_hooks as _knowledge_hooks  # noqa: F401
from .models import Department, Open311ApiKey, ServiceCategory, ServiceReport


class ServiceReportViewSet(UsesPublicForm, SnippetViewSet):
    """The triage queue. Reports are filed through the public form, even by staff."""

    model = ServiceReport
    icon = "warning"
    menu_label = _("Queue")
    menu_order = 100
    index_view_class = ReportIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = "-submitted_at"
    list_per_page = 50
    filterset_class = ServiceReportFilterSet
    list_display = [
        "reference",
        Column("category", label=_("Category"), sort_key="category__name"),
        Column("neighborhood", label=_("Neighborhood"), sort_key="neighborhood__name"),
        StatusTagColumn(
            "get_status_display",
            label=_("Status"),
            sort_key="status",
            primary=lambda report: report.is_open,
        ),
        Column("get_channel_display", label=_("Channel"), sort_key="channel"),
        Column("department", label=_("Department"), sort_key="department__name"),
        DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
        DueColumn("due_at", label=_("Due"), sort_key="due_at"),
        Column("supporter_count", label=_("Supporters"), sort_key="supporter_count"),
    ]
    # Searching happens in the database (reports are not in the search index).
    search_fields = ["reference", "description", "address"]
    search_backend_name = None
    export_filename = "service-reports"
    public_form_url_name = "reports:new"
    public_form_message = _(
        "Reports are filed through the public form. For a phone call or a walk-in, "
        "fill it in while logged in and choose the channel."
    )

    @property
    def edit_view(self):
        return self.construct_view(ReportDetailView)

    @property
    def inspect_view(self):
        return self.construct_view(ReportDetailView, read_only=True)


class ServiceCategoryViewSet(SnippetViewSet):
    model = ServiceCategory
    icon = "list-ul"
    menu_label = _("Categories")
    menu_order = 200
    list_display = ["code", "name", "group", "department", "target_days", BooleanColumn("active")]
    filterset_class = CategoryFilterSet
    search_fields = ["code", "name", "keywords"]
    search_backend_name = None
    ordering = ["group", "name"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    menu_order = 300
    list_display = ["name", "email", "target_days", "goal_percent"]
    search_fields = ["name", "email"]
    search_backend_name = None
    copy_view_enabled = False


class ApiKeyIndexView(SnippetIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.revoked_at is None and self.user_has_permission("change"):
            buttons.append(
                Button(
                    _("Revoke"),
                    url=reverse(
                        "wagtailsnippets_reports_open311apikey:revoke", args=[quote(instance.pk)]
                    ),
                    icon_name="cross",
                    priority=25,
                )
            )
        return buttons


class Open311ApiKeyViewSet(SnippetViewSet):
    model = Open311ApiKey
    icon = "key"
    menu_label = _("Open311 API keys")
    menu_order = 400
    index_view_class = ApiKeyIndexView
    copy_view_enabled = False
    list_display = [
        "name",
        Column("prefix", label=_("Prefix")),
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
        DateColumn("last_used_at", label=_("Last used"), sort_key="last_used_at"),
        DateColumn("revoked_at", label=_("Revoked"), sort_key="revoked_at"),
    ]
    filterset_class = ApiKeyFilterSet
    # Renaming is the only edit; a key is made by the "add" view and ended by "Revoke".
    panels = [FieldPanel("name")]

    @property
    def add_view(self):
        return self.construct_view(ApiKeyCreateView)

    @property
    def revoke_view(self):
        return self.construct_view(ApiKeyRevokeView)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
        ]


class ServiceReportsGroup(SnippetViewSetGroup):
    menu_label = _("Service reports")
    menu_icon = "warning"
    menu_order = 250
    items = (
        ServiceReportViewSet,
        ServiceCategoryViewSet,
        DepartmentViewSet,
        Open311ApiKeyViewSet,
    )


register_snippet(ServiceReportsGroup)

hooks.register("register_bulk_action", AssignDepartmentBulkAction)
hooks.register("register_bulk_action", ChangeStatusBulkAction)
