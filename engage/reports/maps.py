"""The configuration of the public map of service reports: where it loads reports from,
how many it lists, and its messages. The tiles, the centre and the neighborhood outlines,
like the filing form's and a report's maps, come from ``engage.neighborhoods.maps``.
"""

from django.urls import reverse
from django.utils.translation import gettext

from engage.neighborhoods.maps import browse_map_config

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
