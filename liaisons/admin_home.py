"""The liaisons part's work waiting on the Wagtail dashboard (see engage.core.work_waiting)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext

from engage.core.work_waiting import WaitingWork

from .admin_views.events import pending_events_waiting
from .admin_views.network import APPLICATIONS
from .models import LiaisonApplication


def work_waiting(user):
    """Every count of the part's work waiting for ``user``'s role, one job after the other."""
    return [*_applications_waiting(user), *pending_events_waiting(user)]


def _applications_waiting(user):
    """Applications to become a liaison that wait for a decision: staff's work."""
    if not user.has_perm("liaisons.change_liaisonapplication"):
        return []
    pending = LiaisonApplication.objects.filter(status=LiaisonApplication.Status.PENDING).count()
    return [
        WaitingWork(
            ngettext(
                "liaison application waiting for a decision",
                "liaison applications waiting for a decision",
                pending,
            ),
            pending,
            reverse(f"{APPLICATIONS}:index") + "?" + urlencode({"status": "pending"}),
        )
    ]
