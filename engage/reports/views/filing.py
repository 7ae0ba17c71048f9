# Being written: filing a report, the tracking page, support, follow and reopen.
from django.http import Http404


def file_report(request):
    raise Http404


def report_detail(request, reference):
    raise Http404


def support_report(request, reference):
    raise Http404


def follow_report(request, reference):
    raise Http404


def reopen_report(request, reference):
    raise Http404
