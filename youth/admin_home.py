"""The youth part's work waiting on the Wagtail dashboard (see engage.core.work_waiting):
field reports that participants filed and nobody has reviewed yet.

A held report reaches neither the public nor the city's queue until an educator of its
program (or staff) reviews it, so staff see which sessions' reports are waiting, oldest
first, each linking to that session's review queue (the review happens there, on the
educator area's pages, which staff may use for every program).
"""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import ngettext

from engage.core.work_waiting import WaitingWork

from .models import FieldReport

# The sessions listed one by one; the rest are summed on one last line.
SESSIONS_SHOWN = 5


def work_waiting(user):
    if not user.has_perm("youth.change_fieldreport"):
        return []
    waiting = list(
        FieldReport.objects.filter(review=FieldReport.Review.HELD)
        .values("session_id", "session__title", "session__program__name")
        .annotate(count=Count("pk"), oldest=Min("filed_at"))
        .order_by("oldest", "session_id")
    )
    items = [
        WaitingWork(
            ngettext(
                "field report waiting for review (%(session)s, %(program)s)",
                "field reports waiting for review (%(session)s, %(program)s)",
                row["count"],
            )
            % {"session": row["session__title"], "program": row["session__program__name"]},
            row["count"],
            reverse("youth:review", args=[row["session_id"]]),
        )
        for row in waiting[:SESSIONS_SHOWN]
    ]
    if rest := waiting[SESSIONS_SHOWN:]:
        count = sum(row["count"] for row in rest)
        items.append(
            WaitingWork(
                ngettext(
                    "field report waiting for review in other sessions",
                    "field reports waiting for review in other sessions",
                    count,
                ),
                count,
                # The educator area lists every program for staff, with each one's sessions.
                reverse("youth:educator"),
            )
        )
    return items
