# Being written: the public list, the map and the GeoJSON endpoint.
from django.http import Http404


def report_list(request):
    raise Http404


def report_map(request):
    raise Http404


def report_geojson(request):
    raise Http404
