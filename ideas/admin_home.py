"""The ideas waiting for a moderator, on the Wagtail dashboard (see engage.core.work_waiting)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext

from engage.core.work_waiting import WaitingWork

from . import rules
from .admin_views.common import FLAGGED, QUEUE
from .models import Flag, Idea


def work_waiting(user):
    """Ideas awaiting moderation and open flags: moderators' (and staff's) work."""
    if not rules.can_moderate(user):
        return []
    awaiting = Idea.objects.awaiting_moderation().count()
    flagged = Flag.objects.filter(resolved_at=None).aggregate(
        ideas=Count("idea", distinct=True), comments=Count("comment", distinct=True)
    )
    flagged_url = reverse(f"{FLAGGED}:index")
    return [
        WaitingWork(
            ngettext("idea awaiting moderation", "ideas awaiting moderation", awaiting),
            awaiting,
            reverse(f"{QUEUE}:index"),
        ),
        WaitingWork(
            ngettext("flagged idea", "flagged ideas", flagged["ideas"]),
            flagged["ideas"],
            flagged_url,
        ),
        WaitingWork(
            ngettext("flagged comment", "flagged comments", flagged["comments"]),
            flagged["comments"],
            flagged_url + "#flagged-comments-heading",
        ),
    ]
