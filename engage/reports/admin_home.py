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


# --- Contact center: knowledge base [knowledge] ---------------------------------------------
def _knowledge_work_waiting(user):
    """Knowledge-base answers past their review date: all for staff, a department's own for
    its members."""
    from .knowledge.rules import review_departments
    from .knowledge.services import answers_due_for_review

    departments = review_departments(user)
    if departments is not None:
        departments = list(departments)
        if not departments:
            return []
    count = len(answers_due_for_review(departments=departments))
    return [
        WaitingWork(
            ngettext(
                "knowledge-base answer due for review",
                "knowledge-base answers due for review",
                count,
            ),
            count,
            reverse("reports_answers_review"),
        )
    ]


_reports_work_waiting = work_waiting


def work_waiting(user):  # noqa: F811 (each job of the contact center adds its own counts)
    return _reports_work_waiting(user) + _knowledge_work_waiting(user)


# [/knowledge]
