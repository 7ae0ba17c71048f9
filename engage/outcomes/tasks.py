"""Background tasks of the outcomes part (take primary keys or nothing, idempotent)."""

from django_tasks import task

from .follow_up import ask_if_fixed
from .service_levels import send_digests

# --- Follow-up and service levels ---


@task()
def ask_if_fixed_task():
    """Ask the reporters of reports resolved the set delay ago whether they are fixed;
    each resolution is asked about once, however often this runs."""
    return len(ask_if_fixed())


@task()
def send_service_level_digests_task():
    """Queue last week's digest for each department, once per department and week."""
    _period, queued = send_digests()
    return len(queued)
