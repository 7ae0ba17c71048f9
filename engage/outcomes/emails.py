"""The outcomes part's e-mails (templates under ``templates/outcomes/emails/``)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from engage.notifications.emails import NotificationEmail, absolute_url, register
from engage.reports.models import Department

from .metrics import Period, service_levels
from .models import FixedCheck

# --- Follow-up and service levels ---


@register
class FixedCheckEmail(NotificationEmail):
    """ "Is it really fixed?": asked once, some days after the report was resolved."""

    key = "outcomes-fixed-check"
    topic = "reports"
    template_prefix = "outcomes/emails/fixed_check"

    def get_context(self, user, params):
        check = FixedCheck.objects.select_related("report__category").get(pk=params["check"])
        report = check.report
        return {
            "check": check,
            "report": report,
            "answer_url": absolute_url(reverse("outcomes:fixed_check", args=[check.token()])),
            "report_url": absolute_url(report.get_absolute_url()),
            "answer_until": timezone.localtime(check.answer_until),
        }


@register
class ServiceLevelDigestEmail(NotificationEmail):
    """The week's service levels of one department, to the department's address."""

    key = "outcomes-service-level-digest"
    topic = "reports"
    template_prefix = "outcomes/emails/service_level_digest"

    def get_context(self, user, params):
        department = Department.objects.get(pk=params["department"])
        period = Period(
            datetime.date.fromisoformat(params["start"]),
            datetime.date.fromisoformat(params["end"]),
        )
        week = service_levels.department_week(department, period)
        return {
            **week,
            "department": department,
            "period": period,
            "last_day": period.end - datetime.timedelta(days=1),
            "compliance_percent": (
                None
                if week["counts"].compliance is None
                else round(week["counts"].compliance * 100)
            ),
            "queue_url": absolute_url(
                reverse("reports_department_queue", args=[department.pk]) + "?tab=overdue"
            ),
        }
