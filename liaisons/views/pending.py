"""SCAFFOLDING, deleted when the slices are merged: every URL of the part exists from the
start (so each slice can link to the others' pages); each slice replaces its own lines in
``liaisons/urls.py`` with its real views."""

from django.http import Http404


def not_built_yet(request, **kwargs):
    raise Http404
