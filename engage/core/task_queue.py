"""How the background task queue is doing: what waits, for how long, what runs.

Read from django-tasks' database backend (``django_tasks_db``), whose table exists whether
or not ``TASKS_BACKEND=database`` is on: with the immediate backend it stays empty. The
readiness check and the ``/metrics`` page both ask here, at the moment they are asked.
"""

import dataclasses

from django.db.models import Case, Count, Min, Q, When
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max


@dataclasses.dataclass(frozen=True)
class QueueState:
    queue: str
    waiting: int  # due now, not yet picked up by a worker
    scheduled: int  # to run later (``run_after`` in the future)
    running: int
    oldest_wait_seconds: float  # how long the longest-waiting due task has waited; 0 if none


def queue_states(now=None):
    """One :class:`QueueState` per queue that has tasks waiting, scheduled or running."""
    now = now or timezone.now()
    # A task enqueued without run_after carries the far-future marker and is due from the
    # moment it was enqueued; one with run_after is due from then.
    no_delay = Q(run_after=get_date_max())
    due = Q(status=TaskResultStatus.READY) & (no_delay | Q(run_after__lte=now))
    rows = (
        DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
        .values("queue_name")
        .annotate(
            waiting=Count("pk", filter=due),
            scheduled=Count(
                "pk", filter=Q(status=TaskResultStatus.READY, run_after__gt=now) & ~no_delay
            ),
            running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
            due_since=Min(
                Case(When(no_delay, then="enqueued_at"), default="run_after"), filter=due
            ),
        )
        .order_by("queue_name")
    )
    return [
        QueueState(
            queue=row["queue_name"],
            waiting=row["waiting"],
            scheduled=row["scheduled"],
            running=row["running"],
            oldest_wait_seconds=(
                max((now - row["due_since"]).total_seconds(), 0.0) if row["due_since"] else 0.0
            ),
        )
        for row in rows
    ]
