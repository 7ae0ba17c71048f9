"""Not built yet: this job's slice replaces the whole module."""

from django.http import Http404


def program_results(request, *args, **kwargs):
    raise Http404


def program_report_pdf(request, *args, **kwargs):
    raise Http404


def program_report_csv(request, *args, **kwargs):
    raise Http404
