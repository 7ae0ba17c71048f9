"""Not built yet: this job's slice replaces the whole module."""

from django.http import Http404


def educator_home(request, *args, **kwargs):
    raise Http404


def program_new(request, *args, **kwargs):
    raise Http404


def program_detail(request, *args, **kwargs):
    raise Http404


def program_edit(request, *args, **kwargs):
    raise Http404
