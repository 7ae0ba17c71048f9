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
        return {
            "report": report,
            "event": event,
            "report_url": absolute_url(report.get_absolute_url()),
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
