"""Not built yet: this job's slice replaces the whole module."""

from django.http import Http404


def review_queue(request, *args, **kwargs):
    raise Http404


def review_field_report(request, *args, **kwargs):
    raise Http404


def field_photo(request, *args, **kwargs):
    raise Http404


def class_results(request, *args, **kwargs):
    raise Http404
