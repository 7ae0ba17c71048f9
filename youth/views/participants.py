"""Not built yet: this job's slice replaces the whole module."""

from django.http import Http404


def roster(request, *args, **kwargs):
    raise Http404


def participant_new(request, *args, **kwargs):
    raise Http404


def participant_edit(request, *args, **kwargs):
    raise Http404


def record_consent(request, *args, **kwargs):
    raise Http404


def guardian_consent(request, *args, **kwargs):
    raise Http404


def school_consent(request, *args, **kwargs):
    raise Http404


def handouts_pdf(request, *args, **kwargs):
    raise Http404


def privacy(request, *args, **kwargs):
    raise Http404


def send_consent_link(request, *args, **kwargs):
    raise Http404


def consent_form_pdf(request, *args, **kwargs):
    raise Http404
