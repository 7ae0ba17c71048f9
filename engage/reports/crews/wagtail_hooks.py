"""Registered by engage.reports.wagtail_hooks (Wagtail loads only the app's own module): the
"Department queues" screens and menu item, and the crews as snippets."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import Crew
from .admin_views import DepartmentQueueView, QueuesView
from .services import departments_for


class QueuesMenuItem(MenuItem):
    def is_shown(self, request):
        return departments_for(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_queues_menu_item():
    return QueuesMenuItem(
        _("Department queues"),
        reverse("reports_queues"),
        name="reports-queues",
        icon_name="tasks",
        order=260,
    )


@hooks.register("register_admin_urls")
def register_queue_urls():
    return [
        path("queues/", QueuesView.as_view(), name="reports_queues"),
        path("queues/<int:pk>/", DepartmentQueueView.as_view(), name="reports_department_queue"),
    ]


class CrewViewSet(SnippetViewSet):
    model = Crew
    icon = "group"
    menu_label = _("Crews")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["name", "department", "active"]
    list_filter = ["department", "active"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False


register_snippet(CrewViewSet)
