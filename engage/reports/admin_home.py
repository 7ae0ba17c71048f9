"""The reports waiting for triage, on the Wagtail dashboard (see engage.core.work_waiting)."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from engage.core.work_waiting import WaitingWork

from .filters import OPEN
from .models import ServiceReport

QUEUE_URL_NAME = "wagtailsnippets_reports_servicereport:list"


def work_waiting(user):
    """Overdue and unassigned open reports: for whoever may triage (change) reports."""
    if not user.has_perm("reports.change_servicereport"):
        return []
    counts = ServiceReport.objects.open().aggregate(
        overdue=Count("pk", filter=Q(due_at__lt=timezone.now())),
        unassigned=Count("pk", filter=Q(department__isnull=True)),
    )
    queue = reverse(QUEUE_URL_NAME)
    return [
        WaitingWork(
            ngettext("overdue report", "overdue reports", counts["overdue"]),
            counts["overdue"],
            # The queue's own filters (filters.ServiceReportFilterSet), so staff land on
            # exactly these reports and can refine from there.
            f"{queue}?{urlencode({'overdue': 'true'})}",
            urgent=True,
        ),
        WaitingWork(
            ngettext(
                "open report not assigned to a department",
                "open reports not assigned to a department",
                counts["unassigned"],
            ),
            counts["unassigned"],
            f"{queue}?{urlencode({'status': OPEN, 'department': 'null'})}",
        ),
    ]
