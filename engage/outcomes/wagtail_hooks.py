"""The outcomes part in the Wagtail admin."""

from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from engage.core.exports import NeutralisingSpreadsheetExportMixin

from . import admin_views
from .choosers import VIEWSETS as FEEDBACK_CHOOSERS
from .models import FixedCheck


@hooks.register("register_admin_viewset")
def register_feedback_choosers():
    return list(FEEDBACK_CHOOSERS)


class NotEditable(View):
    """An answer is the reporter's: staff read it, nobody types or deletes one here."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        raise Http404


def _answer(check):
    if check.fixed is None:
        return _("Not answered")
    return _("Fixed") if check.fixed else _("Not fixed (reopened)")


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# What each exported column holds: never the reporter's address.
EXPORT_COLUMNS = {
    "report": (_("Report"), lambda c: c.report.reference),
    "category": (_("Category"), lambda c: c.report.category.name),
    "department": (_("Department"), lambda c: c.report.department or ""),
    "resolved_at": (_("Resolved"), lambda c: _local(c.resolved_at)),
    "sent_at": (_("Asked"), lambda c: _local(c.sent_at)),
    "answered_at": (_("Answered"), lambda c: _local(c.answered_at)),
    "answer": (_("Answer"), lambda c: _answer(c)),
    "satisfaction": (_("Satisfaction"), lambda c: c.satisfaction or ""),
    "comment": (_("Comment"), lambda c: c.comment),
}


class FixedCheckIndexView(NeutralisingSpreadsheetExportMixin, SnippetIndexView):
    list_export = list(EXPORT_COLUMNS)
    export_headings = {field: label for field, (label, _getter) in EXPORT_COLUMNS.items()}

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("report__category", "report__department")

    def to_row_dict(self, item):
        return {field: EXPORT_COLUMNS[field][1](item) for field in self.list_export}


class FixedCheckViewSet(SnippetViewSet):
    model = FixedCheck
    icon = "tick"
    menu_label = _("“Is it fixed?” answers")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = FixedCheckIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = "-sent_at"
    list_per_page = 50
    list_filter = ["fixed", "satisfaction"]
    list_display = [
        Column("report", label=_("Report"), accessor=lambda c: c.report.reference),
        Column("category", label=_("Category"), accessor=lambda c: c.report.category.name),
        Column("department", label=_("Department"), accessor=lambda c: c.report.department),
        DateColumn("sent_at", label=_("Asked"), sort_key="sent_at"),
        Column("answer", label=_("Answer"), accessor=_answer),
        Column("satisfaction", label=_("Satisfaction"), sort_key="satisfaction"),
        Column("comment", label=_("Comment")),
    ]
    list_export = list(EXPORT_COLUMNS)
    export_headings = FixedCheckIndexView.export_headings
    export_filename = "is-it-fixed-answers"
    inspect_view_fields = [
        "report",
        "resolved_at",
        "sent_at",
        "answered_at",
        "fixed",
        "satisfaction",
        "comment",
    ]

    @property
    def add_view(self):
        return self.construct_view(NotEditable)

    @property
    def edit_view(self):
        # The list links each row to "edit": show the answer, read-only.
        return self.inspect_view

    @property
    def delete_view(self):
        return self.construct_view(NotEditable)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**{"add_url_name": None, **kwargs})


register_snippet(FixedCheckViewSet)


class PerformanceMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_see_performance(request.user)


@hooks.register("register_admin_urls")
def register_performance_urls():
    return [
        path("performance/", admin_views.DashboardView.as_view(), name="outcomes_performance"),
        path(
            "performance/figures.csv",
            admin_views.DashboardCsvView.as_view(),
            name="outcomes_performance_csv",
        ),
        path(
            "performance/tables/<slug:section>/<str:table>.csv",
            admin_views.DashboardCsvView.as_view(),
            name="outcomes_performance_table_csv",
        ),
        path(
            "performance/monthly/",
            admin_views.MonthlyReportsView.as_view(),
            name="outcomes_monthly_reports",
        ),
        path(
            "performance/monthly/<str:month>.pdf",
            admin_views.MonthlyReportPdfView.as_view(),
            name="outcomes_monthly_report_pdf",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_performance_menu_item():
    return PerformanceMenuItem(
        _("Performance"),
        reverse("outcomes_performance"),
        name="performance",
        icon_name="table",
        order=270,
    )
