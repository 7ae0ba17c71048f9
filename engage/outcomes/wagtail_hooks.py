"""The outcomes part in the Wagtail admin."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


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
            "performance/tables/<slug:section>/<slug:table>.csv",
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
