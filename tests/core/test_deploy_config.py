"""The balancer's configuration in deploy/ is one HAProxy accepts, and checks what
docs/deploy.md says it does."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "haproxy.cfg"
HAPROXY = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")


@pytest.mark.skipif(not HAPROXY, reason="Debian's haproxy is not installed (make lb-demo)")
def test_haproxy_accepts_the_configuration():
    environ = {
        **os.environ,
        "LB_BIND": "127.0.0.1:8400",
        "APP1": "127.0.0.1:8401",
        "APP2": "127.0.0.1:8402",
        "HEALTH_PATH": "/health/ready",
    }

    result = subprocess.run(  # noqa: S603
        [HAPROXY, "-c", "-f", str(CONFIG)], env=environ, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_configuration_retries_refused_requests_and_passes_the_visitor_address():
    lines = [line.split("#")[0].strip() for line in CONFIG.read_text().splitlines()]

    assert "option redispatch 1" in lines
    assert "retry-on conn-failure empty-response" in lines
    assert "option http-buffer-request" in lines
    default_server = next(line for line in lines if line.startswith("default-server"))
    assert {"check", "send-proxy", "check-send-proxy"} <= set(default_server.split())
    assert 'http-check send meth GET uri "${HEALTH_PATH}" ver HTTP/1.1 hdr Host localhost' in lines
