"""What every map on the site is told: the tile layer, where the city is, and the
neighborhood outlines, as the JSON ``static/js`` reads from a ``json_script`` element.

Three kinds of map, one helper each; a part adds its own keys and passes its own
neighborhoods:

* ``picker_config()``: a form's map, where a person places a point
  (``static/js/location-picker.js``, element ``filing-map-config``).
* ``location_config(lat, lng)``: the small map of where one record is, or None when it has
  no point (``static/js/report-location.js``, element ``report-location-config``).
* ``browse_map_config(bbox, **extra)``: a map to browse records in a box
  (``static/js/report-map.js``, element ``report-map-config``).

The keys are the ones those scripts read: ``center`` ([lat, lng]), ``tileUrl`` and
``tileAttribution`` (empty when no tile server is configured: the map then shows only the
outlines), ``neighborhoods`` (a GeoJSON FeatureCollection), ``point`` and ``bbox``
((west, south, east, north), the order of RFC 7946).
"""

from django.conf import settings

from .models import Neighborhood

# Half the height and width of the default box around MAP_CENTER: the whole city.
DEFAULT_BOX_HALF_LAT = 0.11
DEFAULT_BOX_HALF_LNG = 0.14


def neighborhoods_geojson(neighborhoods=None):
    """The outlines of ``neighborhoods`` (every neighborhood when None) as a FeatureCollection
    whose features carry the neighborhood's name and slug."""
    if neighborhoods is None:
        neighborhoods = Neighborhood.objects.all()
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": n.name, "slug": n.slug},
                "geometry": n.boundary,
            }
            for n in neighborhoods
        ],
    }


def tile_layer():
    """The tile server and the credit it asks for (both from settings, maybe empty)."""
    return {"tileUrl": settings.MAP_TILE_URL, "tileAttribution": settings.MAP_TILE_ATTRIBUTION}


def default_bbox():
    """The box around ``settings.MAP_CENTER`` that holds the whole city."""
    lat, lng = settings.MAP_CENTER
    return (
        lng - DEFAULT_BOX_HALF_LNG,
        lat - DEFAULT_BOX_HALF_LAT,
        lng + DEFAULT_BOX_HALF_LNG,
        lat + DEFAULT_BOX_HALF_LAT,
    )


def picker_config(neighborhoods=None):
    """A form's map: it opens on the city, with the outlines of ``neighborhoods``."""
    return {
        "center": list(settings.MAP_CENTER),
        **tile_layer(),
        "neighborhoods": neighborhoods_geojson(neighborhoods),
    }


def location_config(lat, lng, neighborhoods=None):
    """The map of one point with the outlines of ``neighborhoods``, or None without a point."""
    if lat is None or lng is None:
        return None
    return {
        "point": [float(lat), float(lng)],
        **tile_layer(),
        "neighborhoods": neighborhoods_geojson(neighborhoods),
    }


def browse_map_config(bbox, **extra):
    """A map to browse records: its first view ``bbox``, the city centre, the tiles, and
    the part's own keys (where to load records from, its messages…)."""
    return {
        "bbox": bbox,
        "center": list(settings.MAP_CENTER),
        **tile_layer(),
        **extra,
    }
