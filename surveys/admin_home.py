"""Today's survey responses, on the Wagtail dashboard (see engage.core.work_waiting)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import ngettext

from engage.core.work_waiting import WaitingWork, local_today_range

from .admin_views import RESPONSES
from .models import Response


def work_waiting(user):
    """How many responses came in today (local time), for whoever reads responses."""
    if not user.has_perm("surveys.view_response"):
        return []
    start, end = local_today_range()
    count = Response.objects.filter(submitted_at__gte=start, submitted_at__lt=end).count()
    today = start.date().isoformat()
    query = urlencode({"submitted_at_after": today, "submitted_at_before": today})
    return [
        WaitingWork(
            ngettext("survey response today", "survey responses today", count),
            count,
            f"{reverse(f'{RESPONSES}:index')}?{query}",
        )
    ]
