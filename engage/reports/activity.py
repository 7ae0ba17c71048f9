"""The person's reports on their “My activity” page (see ``engage.core.activity``)."""

from django.utils.translation import gettext_lazy as _

from engage.core.activity import ActivitySection

from .models import ReportFollow, ServiceReport


def sections(user):
    filed = ServiceReport.objects.filter(filed_by=user).select_related("category")
    followed = (
        ReportFollow.objects.filter(user=user)
        .exclude(report__filed_by=user)
        .select_related("report__category")
        .order_by("-created_at", "-pk")
    )
    return [
        ActivitySection(
            key="reports",
            title=_("My reports"),
            items=filed.order_by("-submitted_at", "-pk"),
            template="reports/includes/activity_report.html",
            empty=_("You have not reported a problem yet."),
            order=10,
        ),
        ActivitySection(
            key="followed_reports",
            title=_("Reports I follow"),
            items=followed,
            template="reports/includes/activity_followed_report.html",
            empty=_("You do not follow any report filed by someone else."),
            order=60,
        ),
    ]
