"""What the maps of service reports are told: the tile layer, the neighborhood outlines,
and the configuration of each map (the public map, the filing form, a report's page).

``neighborhoods_geojson()`` and ``tile_layer()`` name nothing of reports: they are the
pieces other parts' maps will share, once they move to ``engage.neighborhoods``.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from engage.neighborhoods.models import Neighborhood

from .listing import MAP_LIST_SIZE, MAX_BOX_DEGREES


def neighborhoods_geojson():
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": n.name, "slug": n.slug},
                "geometry": n.boundary,
            }
            for n in Neighborhood.objects.all()
        ],
    }


def tile_layer():
    return {"tileUrl": settings.MAP_TILE_URL, "tileAttribution": settings.MAP_TILE_ATTRIBUTION}


def report_map_config(bbox, filters):
    """The public map: its first view, where it loads reports from, and its messages."""
    return {
        "geojsonUrl": reverse("reports:geojson"),
        "listUrl": reverse("reports:list"),
        "bbox": bbox,
        "center": list(settings.MAP_CENTER),
        **tile_layer(),
        "listSize": MAP_LIST_SIZE,
        "maxBox": MAX_BOX_DEGREES,
        "filters": filters,
        "text": {
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
    }


def filing_map_config():
    """The map on the filing form, where the resident places the problem."""
    return {
        "center": list(settings.MAP_CENTER),
        **tile_layer(),
        "neighborhoods": neighborhoods_geojson(),
    }


def location_map_config(report):
    """The small map on a report's page, or None when the report has no point."""
    if report.lat is None or report.lng is None:
        return None
    return {
        "point": [report.lat, report.lng],
        **tile_layer(),
        "neighborhoods": neighborhoods_geojson(),
    }
