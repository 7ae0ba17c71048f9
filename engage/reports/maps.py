"""The configuration of the maps of service reports: the public map (where it loads
reports from, how many it lists, its messages) and the triage map on a report's admin page
(the report and the open reports near it). The tiles, the centre and the neighborhood
outlines, like the filing form's and a report's maps, come from
``engage.neighborhoods.maps``."""

from django.urls import reverse
from django.utils.translation import gettext

from engage.neighborhoods.maps import browse_map_config, location_config

from .listing import MAP_LIST_SIZE, MAX_BOX_DEGREES
from .models import ServiceReport


def legend_statuses():
    """(value, name) of every status a dot on the map can have, for the map's legend."""
    return ServiceReport.Status.choices


def report_map_config(bbox, filters):
    """The public map: its first view, where it loads reports from, and its messages."""
    return browse_map_config(
        bbox,
        geojsonUrl=reverse("reports:geojson"),
        listUrl=reverse("reports:list"),
        listSize=MAP_LIST_SIZE,
        maxBox=MAX_BOX_DEGREES,
        filters=filters,
        text={
            "loading": gettext("Loading the reports in view…"),
            "none": gettext("No reports in this part of the map."),
            "one": gettext("1 report in view."),
            # %s is replaced by a number in the browser.
            "many": gettext("%s reports in view."),
            "more": gettext("Only the %s newest are listed."),
            "truncated": gettext("There are too many to show: zoom in to see them all."),
            "clamped": gettext("Only the middle of the map is shown: zoom in to see more."),
            "error": gettext("The reports could not be loaded. The list below may be out of date."),
            "supporters": gettext("Supporters"),
            "submitted": gettext("Submitted"),
            "status": gettext("Status"),
            "neighborhood": gettext("Neighborhood"),
            "noNeighborhood": gettext("Not in a mapped neighborhood"),
            "report": gettext("Report %s"),
        },
    )


def triage_map_config(report, candidates):
    """The admin report page's map: the report, the open reports near it (``(report,
    metres)`` pairs, as in the list beside the map) and its neighborhood's outline, or None
    when the report has no point."""
    neighborhoods = [report.neighborhood] if report.neighborhood_id else []
    config = location_config(report.lat, report.lng, neighborhoods)
    if config is None:
        return None
    config["reference"] = report.reference
    config["nearby"] = [
        {
            "reference": other.reference,
            "point": [other.lat, other.lng],
            "title": str(other.category),
            "distance": round(metres),
            "status": str(other.get_status_display()),
        }
        for other, metres in candidates
    ]
    config["text"] = {
        # %s is replaced by a reference in the browser.
        "this": gettext("This report (%s)"),
    }
    return config
