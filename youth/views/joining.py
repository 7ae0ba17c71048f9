"""Not built yet: this job's slice replaces the whole module."""

from django.http import Http404


def join(request, *args, **kwargs):
    raise Http404


def choose_name(request, *args, **kwargs):
    raise Http404


def participant_home(request, *args, **kwargs):
    raise Http404


def start_survey(request, *args, **kwargs):
    raise Http404


def file_field_report(request, *args, **kwargs):
    raise Http404


def leave(request, *args, **kwargs):
    raise Http404
