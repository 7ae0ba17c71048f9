"""``/metrics``: request latency and the task queue, in Prometheus's text format.

Latency is a histogram by view name (not by path: a path per idea would make a series per
idea), method and status, recorded by :class:`RequestMetricsMiddleware` in each process.
With several gunicorn workers each has its own figures: when ``PROMETHEUS_MULTIPROC_DIR``
names a folder (empty when the server starts), prometheus_client writes them there and the
scrape adds up every worker's, whichever worker answers (``gunicorn.conf.py`` removes a
dead worker's live figures). The task queue's gauges are counted from the database at
each scrape, never kept.

The page shows nothing to whoever asks: the scraper sends ``Authorization: Bearer
<METRICS_TOKEN>``, or comes from an address in ``METRICS_ALLOWED_IPS`` (addresses or
networks). With neither set, it answers 403 to everyone.
"""

import hmac
import ipaddress
import os
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from .task_queue import queue_states

REQUEST_LATENCY = Histogram(
    "engage_http_request_duration_seconds",
    "Time from the request's arrival to the response, by view, method and status.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
# Anything else a client sends counts as one, so a scanner cannot add series.
_KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
UNRESOLVED = "unresolved"  # no view: a 404, or an answer from a middleware (a redirect)


class RequestMetricsMiddleware:
    """Times every request; second in ``MIDDLEWARE``, after the request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        REQUEST_LATENCY.labels(
            view=(match.view_name or UNRESOLVED) if match else UNRESOLVED,
            method=request.method if request.method in _KNOWN_METHODS else "other",
            status=str(response.status_code),
        ).observe(time.perf_counter() - started)
        return response


class TaskQueueCollector:
    """The task queue's gauges, counted when Prometheus asks."""

    def collect(self):
        gauges = {
            "waiting": GaugeMetricFamily(
                "engage_task_queue_waiting",
                "Background tasks due to run that no worker has picked up yet.",
                labels=["queue"],
            ),
            "scheduled": GaugeMetricFamily(
                "engage_task_queue_scheduled",
                "Background tasks waiting for a later time to run.",
                labels=["queue"],
            ),
            "running": GaugeMetricFamily(
                "engage_task_queue_running",
                "Background tasks a worker is running now.",
                labels=["queue"],
            ),
            "oldest_wait_seconds": GaugeMetricFamily(
                "engage_task_queue_oldest_wait_seconds",
                "How long the longest-waiting due task has waited (0 when none waits).",
                labels=["queue"],
            ),
        }
        for state in queue_states():
            for field, gauge in gauges.items():
                gauge.add_metric([state.queue], getattr(state, field))
        yield from gauges.values()


class _ThisProcess:
    """What this process recorded, when there is one process (no multiprocess folder)."""

    def collect(self):
        yield from REGISTRY.collect()


def scrape_registry():
    """A registry for one scrape: the latency of every worker (or this process), the queue."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(TaskQueueCollector())
    return registry


def may_scrape(request):
    token = settings.METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "")
        if hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            return True
    return _address_allowed(request.META.get("REMOTE_ADDR", ""))


def _address_allowed(address):
    # Behind a proxy, configure it to set REMOTE_ADDR (gunicorn --forwarded-allow-ips).
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        client in ipaddress.ip_network(allowed, strict=False)
        for allowed in settings.METRICS_ALLOWED_IPS
    )


@never_cache
@require_GET
def metrics(request):
    if not may_scrape(request):
        return HttpResponseForbidden(
            _("Metrics are only shown to a scraper with the token or from an allowed address."),
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_LATEST)
