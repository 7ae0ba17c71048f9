from django.urls import reverse

from engage.notifications.emails import NotificationEmail, absolute_url, register

from .models import ReportEvent, ServiceReport


@register
class ReportUpdateEmail(NotificationEmail):
    """A public change to a report the person filed or follows."""

    key = "report-update"
    topic = "reports"
    template_prefix = "reports/emails/report_update"

    def get_context(self, user, params):
        report = ServiceReport.objects.select_related("category").get(pk=params["report"])
        event = ReportEvent.objects.get(pk=params["event"])
        report_url = absolute_url(report.get_absolute_url())
        return {
            "report": report,
            "event": event,
            "report_url": report_url,
            # A fix is only done when the neighbours see it: ask whoever can answer.
            "asks_to_confirm": event.kind == ReportEvent.Kind.STATUS
            and event.to_status == ServiceReport.Status.RESOLVED,
            "is_filer": user is not None and report.filed_by_id == user.pk,
            "confirm_url": f"{report_url}#confirm-fixed",
            "not_fixed_url": f"{report_url}#not-fixed",
            "new_report_url": absolute_url(reverse("reports:new")),
        }


@register
class ReportReceiptEmail(NotificationEmail):
    """The receipt after filing: the reference, and where to follow the report."""

    key = "report-receipt"
    topic = "reports"
    template_prefix = "reports/emails/report_receipt"

    def get_context(self, user, params):
        report = ServiceReport.objects.select_related("category").get(pk=params["report"])
        return {"report": report, "report_url": absolute_url(report.get_absolute_url())}
