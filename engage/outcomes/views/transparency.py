"""The public transparency page (``/performance/``): the figures the city publishes, for a
period offered in one click and the whole city or one neighborhood, each beside the
previous period's, each table with its chart and its CSV; and the frozen monthly reports.

The city-wide figures of the periods offered are read as prepared ahead by a task
(``engage.outcomes.prepared``), a neighborhood's are counted; either is then kept in the
cache (``performance.cached_sections``): a busy page costs no more than a quiet one.
"""

import datetime

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from engage.core.filters import LenientFilterForm
from engage.neighborhoods.models import Neighborhood

from .. import monthly_report, performance
from ..exports import TableCsvExport
from ..models import MonthlySnapshot

PUBLISHED_REPORTS = 24


class TransparencyFilterForm(LenientFilterForm):
    period = forms.ChoiceField(label=_("Period"), required=False)
    neighborhood = forms.ModelChoiceField(
        Neighborhood.objects.order_by("name"),
        label=_("Neighborhood"),
        required=False,
        empty_label=_("The whole city"),
        to_field_name="slug",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.presets = performance.presets()
        self.fields["period"].choices = [
            (key, label) for key, (label, _period) in self.presets.items()
        ]

    def chosen(self):
        """(preset key, Period, Neighborhood or None) the filters ask for."""
        filters = self.filters()
        key = filters.get("period") or performance.DEFAULT_PRESET
        return key, self.presets[key][1], filters.get("neighborhood")


def _figures(request):
    form = TransparencyFilterForm(TransparencyFilterForm.own_params(request.GET) or None)
    key, period, neighborhood = form.chosen()
    current = performance.cached_sections(period, neighborhood, public=True)
    previous = performance.cached_sections(period.previous(), neighborhood, public=True)
    return form, key, period, neighborhood, current, previous


@require_GET
def transparency(request):
    form, key, period, neighborhood, current, previous = _figures(request)
    params = {"period": key}
    if neighborhood:
        params["neighborhood"] = neighborhood.slug
    return render(
        request,
        "outcomes/transparency.html",
        {
            "form": form,
            "ignored_filters": form.ignored(),
            "period_label": performance.period_label(period),
            "previous_label": performance.period_label(period.previous()),
            "neighborhood": neighborhood,
            "sections": performance.compare(current, previous),
            "query": urlencode(params),
            "reports": MonthlySnapshot.objects.only("month", "checksum")[:PUBLISHED_REPORTS],
        },
    )


@require_GET
def transparency_csv(request, section, table):
    _form, _key, period, neighborhood, current, _previous = _figures(request)
    found_section, found_table = performance.find_table(current, section, table)
    if found_table is None:
        raise Http404
    return TableCsvExport(period, found_section, found_table, neighborhood).response()


@require_GET
def monthly_report_pdf(request, month):
    """The published copy of a frozen month's report (the public figures)."""
    try:
        first = datetime.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise Http404 from None
    snapshot = get_object_or_404(MonthlySnapshot, month=first)
    try:
        pdf = monthly_report.render(snapshot, public=True, request=request)
    except monthly_report.SnapshotError as error:
        return render(
            request, "outcomes/report_unavailable.html", {"message": str(error)}, status=503
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{monthly_report.filename(snapshot, public=True)}"'
    )
    return response
