"""The public face of service reports: a filterable list, a map and its GeoJSON feed.

The views read the request and render; the queries are in ``engage.reports.listing``
(what is public, how a box is read, why the map walks the newest reports first), the
filter form in ``engage.reports.filters`` and the map configuration in
``engage.reports.maps`` (on ``engage.neighborhoods.maps``).
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from engage.core.inputs import checks_own_input
from engage.neighborhoods import maps

from .. import listing
from ..filters import ReportFilterForm
from ..maps import legend_statuses, report_map_config


@require_GET
def report_list(request):
    names = listing.CategoryNames()
    form = ReportFilterForm(request.GET or None, category_names=names)
    filters = form.filters()
    page = listing.report_page(filters, request.GET.get("page"), names)
    return render(
        request,
        "reports/report_list.html",
        {
            "form": form,
            "filters": filters,
            "ignored_filters": form.ignored(),
            "page_obj": page,
            "reports": page.object_list,
            "filter_query": listing.filter_query(filters),
        },
    )


@require_GET
def report_map(request):
    names = listing.CategoryNames()
    form = ReportFilterForm(request.GET or None, category_names=names, with_neighborhood=False)
    filters = form.filters()
    bbox = maps.default_bbox()
    reports = listing.reports_in_view(filters, bbox, names)
    return render(
        request,
        "reports/report_map.html",
        {
            "form": form,
            "filters": filters,
            "ignored_filters": form.ignored(),
            "reports": reports[: listing.MAP_LIST_SIZE],
            "has_more": len(reports) > listing.MAP_LIST_SIZE,
            "map_config": report_map_config(bbox, filters),
            "neighborhoods": maps.neighborhoods_geojson(),
            "legend_statuses": legend_statuses(),
            "filter_query": listing.filter_query(filters),
        },
    )


def _json_error(message):
    return JsonResponse({"error": message}, status=400)


@checks_own_input  # a bbox or filter that cannot be used gets the JSON error
@require_GET
def report_geojson(request):
    try:
        west, south, east, north, clamped = listing.parse_bbox(request.GET.get("bbox"))
    except listing.BadRequest as error:
        return _json_error(str(error))
    names = listing.CategoryNames()
    form = ReportFilterForm(request.GET, category_names=names, with_neighborhood=False)
    if ignored := form.ignored():
        first = ignored[0]
        return _json_error(
            gettext("Unknown %(filter)s: “%(value)s”.")
            % {"filter": first.label, "value": first.value}
        )
    return JsonResponse(
        listing.geojson(form.filters(), (west, south, east, north), clamped, names),
        content_type="application/geo+json",
    )
