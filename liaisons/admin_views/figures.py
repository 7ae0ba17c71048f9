"""The program's figures in the Wagtail admin: liaisons, volunteers, events, hours and bags
per neighborhood and month, with the CSV downloads. Staff only."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..exports import EXPORTS, FiguresCsvExport
from ..figures import COLUMNS, compute, default_period
from ..forms.dashboard import FiguresFilterForm
from ..rules import can_see_figures


class StaffOnly:
    def dispatch(self, request, *args, **kwargs):
        if not can_see_figures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filter_form(self):
        form = FiguresFilterForm(self.request.GET or None, default_period=default_period())
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            return form, data["first"], data["last"], data["neighborhood"]
        first, last = default_period()
        return form, first, last, None


class FiguresView(StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "liaisons/admin/figures.html"
    page_title = _("Volunteering figures")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, first, last, neighborhood = self.filter_form()
        query = self.request.GET.urlencode() if form.is_bound and form.is_valid() else ""
        context |= {
            "form": form,
            "figures": compute(first, last, neighborhood),
            "columns": COLUMNS,
            "query": query,
            "exports": [
                ("figures", _("This table")),
                ("volunteers", _("Volunteers who registered")),
                ("events", _("Events")),
                ("sign-ups", _("Sign-ups")),
                ("hours", _("Hours")),
            ],
        }
        return context


class FiguresExportView(StaffOnly, View):
    """``figures`` (the table) or one of ``exports.EXPORTS``, for the period asked for."""

    def get(self, request, kind):
        form, first, last, neighborhood = self.filter_form()
        if kind == "figures":
            export = FiguresCsvExport(compute(first, last, neighborhood), neighborhood=neighborhood)
        elif kind in EXPORTS:
            export = EXPORTS[kind](first=first, last=last, neighborhood=neighborhood)
        else:
            raise Http404
        return export.response()
