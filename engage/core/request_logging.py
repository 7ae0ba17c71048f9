"""Logs that can be followed request by request.

Every request gets an id: the ``X-Request-ID`` a proxy or load balancer sent, when it looks
like an id, or a new one. The id goes back on the response's ``X-Request-ID`` header and,
through a context variable and :class:`RequestIdFilter`, into every log record written
while the request is served (Django's own error reports included), so one line in a
resident's complaint ("error abc123") finds every line the server wrote about it.

:class:`JsonFormatter` writes one JSON object per line for production, where logs are read
by a collector; a laptop keeps plain lines (``LOG_FORMAT`` in settings).
"""

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

from django.core.signals import request_finished
from django.dispatch import receiver

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id looks like (a UUID, a hex string, AWS's "Root=1-…"): anything else, too
# long or with characters that could break a log line or a header, is replaced.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:;=+/@-]{0,127}")
NO_REQUEST = "-"

_current_request_id = contextvars.ContextVar("request_id", default=NO_REQUEST)
request_logger = logging.getLogger("engage.requests")


def current_request_id():
    """The id of the request being served, ``"-"`` outside a request (a command, a task)."""
    return _current_request_id.get()


def request_id_for(incoming):
    """The incoming id when it is sane, else a new one."""
    if incoming and _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives the request its id, and logs one line when the response leaves.

    It comes first in ``MIDDLEWARE``, so the id is there for everything the other
    middleware logs, and the line's duration covers them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER, ""))
        request.request_id = request_id
        # Kept until the response is closed (:func:`_forget_request_id`): Django logs a 4xx
        # or 5xx answer after the last middleware has returned it.
        _current_request_id.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        _log_response(request, response, time.perf_counter() - started)
        return response


@receiver(request_finished, dispatch_uid="engage_forget_request_id")
def _forget_request_id(**kwargs):
    # A WSGI thread serves one request after another: what it logs between them (and a
    # request that never passes the middleware) must not carry the last one's id.
    _current_request_id.set(NO_REQUEST)


def _log_response(request, response, seconds):
    match = getattr(request, "resolver_match", None)
    request_logger.info(
        "%s %s %s %.1f ms",
        request.method,
        request.path,
        response.status_code,
        seconds * 1000,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            "view": match.view_name if match else None,
        },
    )


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record as ``request_id``.

    Attached to the handlers (a logger's filter would miss its children's records).
    """

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


# What every LogRecord has: the JSON line names these itself or leaves them out, and
# shows whatever else a caller passed in ``extra=``.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, extras."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        for name, value in vars(record).items():
            if name not in _RECORD_ATTRIBUTES and name not in entry:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # A value JSON cannot hold (a request, a model instance) is written as its str().
        return json.dumps(entry, default=str, ensure_ascii=False)
