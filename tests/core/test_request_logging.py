"""Every request has an id, on its response and on every log line written for it."""

import importlib
import io
import json
import logging
import logging.config
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from engage.core.request_logging import (
    JsonFormatter,
    RequestIdFilter,
    current_request_id,
    request_id_for,
)


@pytest.fixture
def log_lines():
    """What the site's console handler would write, as plain lines, for every logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter("%(request_id)s %(name)s %(message)s"))
    root = logging.getLogger()
    requests = logging.getLogger("engage.requests")
    level = requests.level
    requests.setLevel(logging.INFO)
    root.addHandler(handler)
    yield lambda: stream.getvalue().splitlines()
    root.removeHandler(handler)
    requests.setLevel(level)


def test_a_request_gets_a_new_id_on_its_response(client):
    first = client.get("/health/live")
    second = client.get("/health/live")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_an_incoming_id_is_kept(client):
    response = client.get("/health/live", HTTP_X_REQUEST_ID="lb-7f3a9c2e-0001")

    assert response["X-Request-ID"] == "lb-7f3a9c2e-0001"


@pytest.mark.parametrize("incoming", ["", "x" * 129, "<script>", "a b", "id\x00", "-leading"])
def test_an_id_that_does_not_look_like_one_is_replaced(incoming):
    replaced = request_id_for(incoming)

    assert replaced != incoming
    assert len(replaced) == 32


def test_every_line_of_a_request_carries_its_id(client, db, log_lines):
    response = client.get("/en/no-such-page-here/", HTTP_X_REQUEST_ID="abc123")

    assert response.status_code == 404
    lines = log_lines()
    # The request's own line, and Django's warning, written after the middleware returned.
    assert "abc123 engage.requests GET /en/no-such-page-here/ 404" in "\n".join(lines)
    assert "abc123 django.request Not Found: /en/no-such-page-here/" in lines
    assert all(line.startswith("abc123 ") for line in lines)


def test_after_the_request_lines_carry_no_id(client, log_lines):
    client.get("/health/live", HTTP_X_REQUEST_ID="abc123")
    logging.getLogger("engage.tests").warning("between requests")

    assert current_request_id() == "-"
    assert log_lines()[-1] == "- engage.tests between requests"


def test_json_lines_hold_the_fields_a_collector_reads():
    record = logging.makeLogRecord(
        {
            "name": "engage.requests",
            "levelno": logging.INFO,
            "levelname": "INFO",
            "msg": "GET %s",
            "args": ("/en/",),
            "request_id": "abc123",
            "status": 200,
            "view": object(),
        }
    )

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "GET /en/"
    assert line["level"] == "INFO"
    assert line["logger"] == "engage.requests"
    assert line["request_id"] == "abc123"
    assert line["status"] == 200
    assert line["view"].startswith("<object")  # what JSON cannot hold, as text
    assert line["time"].endswith("+00:00")
    assert "args" not in line and "msg" not in line


def test_json_lines_keep_the_traceback():
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.getLogger("engage.tests").makeRecord(
            "engage.tests", logging.ERROR, __file__, 1, "failed", (), exc_info=sys.exc_info()
        )

    line = json.loads(JsonFormatter().format(record))

    assert line["request_id"] == "-"
    assert "ValueError: broken" in line["exception"]


def test_production_logging_writes_json_with_the_request_id(client, db, monkeypatch):
    """The settings' LOGGING, with the JSON format, configures and writes what it says."""
    stream = io.StringIO()
    config = {
        **settings.LOGGING,
        "handlers": {
            "console": {
                **settings.LOGGING["handlers"]["console"],
                "formatter": "json",
                "stream": stream,
            }
        },
        "loggers": {"engage.requests": {"level": "INFO"}},
    }
    root, requests = logging.getLogger(), logging.getLogger("engage.requests")
    kept_handlers, kept_level, kept_requests_level = root.handlers[:], root.level, requests.level
    try:
        logging.config.dictConfig(config)
        client.get("/health/live", HTTP_X_REQUEST_ID="prod-1")
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
        for handler in kept_handlers:
            root.addHandler(handler)
        root.setLevel(kept_level)
        requests.setLevel(kept_requests_level)

    [line] = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert line["request_id"] == "prod-1"
    assert line["path"] == "/health/live"
    assert line["status"] == 200
    assert line["view"] == "health_live"
    assert line["duration_ms"] >= 0


def test_an_unknown_log_format_stops_the_site_from_starting(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "xml")
    try:
        with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
            importlib.reload(importlib.import_module("engage.settings.base"))
    finally:
        monkeypatch.undo()
        importlib.reload(importlib.import_module("engage.settings.base"))
