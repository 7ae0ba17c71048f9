"""What a person did with service reports through their account, for staff reading their
record in the contact center (``engage.core.person_record``): the reports they filed for
themselves, those they supported and those they follow.

Reports staff, liaisons or educators filed *for* someone else (phone, walk-in, liaison,
youth session) are not the filer's own doing: they belong to the record of the person
they were filed for (``ServiceReport.person``), and a youth session's report to no one."""

from django.contrib.admin.utils import quote
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from engage.core.person_record import EntrySource, TimelineEntry

from .models import ReportFollow, ReportSupport, ServiceReport

REPORT_ADMIN = "wagtailsnippets_reports_servicereport:edit"
# The channels through which a person files a report for themselves.
OWN_CHANNELS = (ServiceReport.Channel.WEB, ServiceReport.Channel.OPEN311)


def filed_by_themselves(user):
    """The reports ``user`` filed for themselves (a condition on ``ServiceReport``)."""
    return Q(filed_by=user, channel__in=OWN_CHANNELS)


def report_title(report):
    return f"{report.reference} · {report.category.name}"


def report_admin_url(report_pk):
    return reverse(REPORT_ADMIN, args=[quote(report_pk)])


def entries(user):
    return [
        EntrySource(
            rows=ServiceReport.objects.filter(filed_by_themselves(user))
            .select_related("category")
            .order_by("-submitted_at", "-pk"),
            entry=_filed,
        ),
        EntrySource(
            rows=ReportSupport.objects.filter(user=user)
            .select_related("report__category")
            .order_by("-created_at", "-pk"),
            entry=_supported,
        ),
        EntrySource(
            # The filer follows their own report from the start: that is not news.
            rows=ReportFollow.objects.filter(user=user)
            .exclude(report__filed_by=user)
            .select_related("report__category")
            .order_by("-created_at", "-pk"),
            entry=_followed,
        ),
    ]


def _filed(report):
    return TimelineEntry(
        when=report.submitted_at,
        kind=_("Service request filed"),
        title=report_title(report),
        url=report_admin_url(report.pk),
        detail=report.get_status_display(),
    )


def _supported(support):
    return TimelineEntry(
        when=support.created_at,
        kind=_("Service request supported"),
        title=report_title(support.report),
        url=report_admin_url(support.report_id),
    )


def _followed(follow):
    return TimelineEntry(
        when=follow.created_at,
        kind=_("Service request followed"),
        title=report_title(follow.report),
        url=report_admin_url(follow.report_id),
    )
