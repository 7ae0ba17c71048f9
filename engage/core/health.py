"""Liveness and readiness, for a load balancer, an orchestrator or a person.

- ``/health/live`` answers as soon as the process can serve a request, and asks nothing
  else: a database outage must not get every web process restarted.
- ``/health/ready`` asks the database, the cache and the task queue (django-tasks' database
  table: can it be read, how many tasks wait and for how long), and answers 500 while one
  of them fails (django-health-check's code, which its ``health_check`` command reads), so
  the balancer sends no traffic to a process that could not serve it.

Both are django-health-check views (its checks run concurrently, each with a time limit),
outside the language prefix, without a session, and answer JSON when asked
(``Accept: application/json`` or ``?format=json``), plain text, or a small HTML page.
"""

import dataclasses

from asgiref.sync import sync_to_async
from csp.constants import UNSAFE_INLINE
from django.db import DatabaseError
from django.http import JsonResponse
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from .task_queue import queue_states


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The task table can be read; what waits there is reported, not judged.

    A long queue means too few workers, not a web process that cannot serve: taking
    web processes out of the balancer would not help, so the figures are shown here and
    alerted on from ``/metrics`` (``engage_task_queue_oldest_wait_seconds``).
    """

    def __post_init__(self):
        self.states = []

    async def run(self):
        # In the request's own thread, on its own database connection (which Django closes
        # when the request ends), rather than in a pool thread that would keep one open.
        try:
            self.states = await sync_to_async(queue_states, thread_sensitive=True)()
        except DatabaseError as error:
            raise ServiceUnavailable("The task table cannot be read.") from error

    def details(self):
        return {
            "waiting": sum(state.waiting for state in self.states),
            "running": sum(state.running for state in self.states),
            "oldest_wait_seconds": max(
                (state.oldest_wait_seconds for state in self.states), default=0.0
            ),
        }


class ProbeView(HealthCheckView):
    """django-health-check's view with JSON that names each check and shows its figures."""

    async def dispatch(self, request, *args, **kwargs):
        response = await super().dispatch(request, *args, **kwargs)
        # The status page's HTML comes from django-health-check with its own <style>.
        response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return response

    def render_to_response_json(self, status):
        checks = {}
        for result in self.results:
            entry = {
                "status": "error" if result.error else "ok",
                "seconds": round(result.time_taken, 4),
            }
            if result.error:
                entry["error"] = str(result.error)
            if hasattr(result.check, "details"):
                entry.update(result.check.details())
            checks[_name(result.check)] = entry
        healthy = not any(result.error for result in self.results)
        return JsonResponse(
            {"status": "ok" if healthy else "error", "checks": checks}, status=status
        )


def _name(check):
    """``task_queue`` for ``TaskQueue()``, ``cache`` for ``Cache(alias='default')``."""
    name = type(check).__name__
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
    alias = getattr(check, "alias", "default")
    return snake if alias == "default" else f"{snake}:{alias}"


live = ProbeView.as_view(checks=())
ready = ProbeView.as_view(checks=(Database, Cache, TaskQueue))
