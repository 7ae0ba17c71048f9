"""The performance dashboard in the Wagtail admin, for staff: every figure of a period beside
the previous period's, for the city or one neighborhood, each table with its chart and its
CSV; and the monthly reports, frozen on demand (or by ``snapshot_month``) and printed."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from engage.accounts.roles import STAFF, has_role
from engage.core.exports import record_pdf

from . import monthly_report, performance
from .admin_forms import DashboardForm, FreezeMonthForm
from .exports import FiguresCsvExport, TableCsvExport
from .models import MonthlySnapshot


def can_see_performance(user):
    return has_role(user, STAFF)


class StaffOnly:
    def dispatch(self, request, *args, **kwargs):
        if not can_see_performance(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PeriodMixin:
    """The period, neighborhood and figures the query string asks for."""

    def read_period(self):
        self.form = DashboardForm(self.request.GET or None)
        self.period = self.form.period()
        self.neighborhood = self.form.chosen_neighborhood()

    def figures(self):
        current = performance.cached_sections(self.period, self.neighborhood)
        previous = performance.cached_sections(self.period.previous(), self.neighborhood)
        return current, previous

    def query(self):
        """The query string that asks for the period shown (for the CSV links)."""
        params = {
            "start": self.period.start.isoformat(),
            "end": (self.period.end - datetime.timedelta(days=1)).isoformat(),
        }
        if self.neighborhood:
            params["neighborhood"] = self.neighborhood.slug
        return urlencode(params)


class DashboardView(StaffOnly, PeriodMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "outcomes/admin/dashboard.html"
    page_title = _("Performance")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.read_period()
        current, previous = self.figures()
        context |= {
            "form": self.form,
            "period": self.period,
            "period_label": performance.period_label(self.period),
            "previous_label": performance.period_label(self.period.previous()),
            "neighborhood": self.neighborhood,
            "sections": performance.compare(current, previous),
            "query": self.query(),
            "presets": self.preset_links(),
        }
        return context

    def preset_links(self):
        links = []
        for label, period in performance.presets().values():
            params = {
                "start": period.start.isoformat(),
                "end": (period.end - datetime.timedelta(days=1)).isoformat(),
            }
            if self.neighborhood:
                params["neighborhood"] = self.neighborhood.slug
            links.append((label, urlencode(params), period == self.period))
        return links


class DashboardCsvView(StaffOnly, PeriodMixin, View):
    """``figures``: every figure; ``<section>/<table>``: that table."""

    def get(self, request, section=None, table=None):
        self.read_period()
        current, previous = self.figures()
        if section is None:
            return FiguresCsvExport(self.period, current, previous, self.neighborhood).response()
        found_section, found_table = performance.find_table(current, section, table)
        if found_table is None:
            raise Http404
        return TableCsvExport(self.period, found_section, found_table, self.neighborhood).response()


class MonthlyReportsView(StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "outcomes/admin/monthly_reports.html"
    page_title = _("Monthly performance reports")
    header_icon = "doc-full"
    per_page = 24

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("outcomes_performance"), "label": _("Performance")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(MonthlySnapshot.objects.all(), self.per_page)
        page = paginator.get_page(self.request.GET.get("p"))
        context |= {
            "form": form or FreezeMonthForm(),
            "snapshots": page.object_list,
            "page_obj": page,
        }
        return context

    def post(self, request):
        form = FreezeMonthForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            snapshot, created = monthly_report.freeze_month(
                form.cleaned_data["month"], user=request.user
            )
        except monthly_report.SnapshotError as error:
            form.add_error("month", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if created:
            messages.success(
                request,
                _("The figures of %(month)s are frozen.")
                % {"month": monthly_report.month_name(snapshot.month)},
            )
        else:
            messages.info(
                request,
                _("The figures of %(month)s were already frozen; they stay as they were.")
                % {"month": monthly_report.month_name(snapshot.month)},
            )
        return redirect("outcomes_monthly_reports")


class MonthlyReportPdfView(StaffOnly, View):
    """The report of a frozen month: every figure (staff), or with ``?audience=public`` the
    copy the transparency page publishes."""

    def get(self, request, month):
        try:
            first = datetime.date.fromisoformat(f"{month}-01")
        except ValueError:
            raise Http404 from None
        snapshot = get_object_or_404(MonthlySnapshot, month=first)
        public = request.GET.get("audience") == "public"
        try:
            pdf = monthly_report.render(snapshot, public=public, request=request)
        except monthly_report.SnapshotError as error:
            messages.error(request, str(error))
            return redirect("outcomes_monthly_reports")
        filename = monthly_report.filename(snapshot, public=public)
        record_pdf(request, filename=filename)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
