"""The files in deploy/ are ones their own tools accept: HAProxy (``haproxy -c``), nginx
(``nginx -t``) and systemd (``systemd-analyze verify``), each skipped only when the tool is
not installed (``make haproxy`` installs HAProxy and nginx; systemd-analyze comes with
systemd). The balancer's configuration also does what docs/deploy.md says it does."""

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
CONFIG = DEPLOY / "haproxy.cfg"
HAPROXY = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
OPENSSL = shutil.which("openssl")
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


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


# nginx ---------------------------------------------------------------------------------

# The example site's paths on a server, and where in the test's folder they go.
NGINX_PATHS = {"/etc/letsencrypt/live/engage.example.gov/": "tls/", "/srv/engage/": "srv/"}
NGINX_PATH_DIRECTIVES = {"ssl_certificate", "ssl_certificate_key", "alias", "root", "include"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def has_ipv6():
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


def nginx_site(folder):
    """deploy/nginx/engage.conf with its paths moved into ``folder`` and its ports 80 and
    443 replaced by free ones: ``nginx -t`` opens the ports it would listen on, which a
    user other than root may not, and which another server may hold."""
    site = (DEPLOY / "nginx" / "engage.conf").read_text()
    for path, inside in NGINX_PATHS.items():
        site = site.replace(path, f"{folder}/{inside}")
    ports = {"80": free_port(), "443": free_port()}
    site = re.sub(
        r"(?m)^(\s*listen\s+(?:\[::\]:)?)(80|443)\b",
        lambda match: f"{match.group(1)}{ports[match.group(2)]}",
        site,
    )
    if not has_ipv6():  # a container without IPv6: the site's IPv4 half is checked
        site = re.sub(r"(?m)^\s*listen\s+\[::\]:.*$", "", site)
    for line in site.splitlines():
        words = line.split("#")[0].split()
        if words and words[0] in NGINX_PATH_DIRECTIVES:
            assert words[1].startswith(str(folder)), (
                f"{words[1]} in engage.conf: add its place to NGINX_PATHS in this test"
            )
    return site


def self_signed_certificate(folder):
    folder.mkdir()
    subprocess.run(  # noqa: S603
        [
            OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=engage.example.gov",
            "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip


@pytest.mark.skipif(not NGINX, reason="Debian's nginx is not installed (make haproxy)")
@pytest.mark.skipif(not OPENSSL, reason="openssl is not installed (the test's certificate)")
def test_nginx_accepts_the_example_site(tmp_path):
    self_signed_certificate(tmp_path / "tls")
    (tmp_path / "engage.conf").write_text(nginx_site(tmp_path))
    # What /etc/nginx/nginx.conf gives the site, with every file nginx writes in tmp_path.
    (tmp_path / "nginx.conf").write_text(
        f"""
        pid {tmp_path}/nginx.pid;
        events {{}}
        http {{
            access_log off;
            client_body_temp_path {tmp_path}/body;
            proxy_temp_path {tmp_path}/proxy;
            fastcgi_temp_path {tmp_path}/fastcgi;
            uwsgi_temp_path {tmp_path}/uwsgi;
            scgi_temp_path {tmp_path}/scgi;
            include {tmp_path}/engage.conf;
        }}
        """
    )

    result = subprocess.run(  # noqa: S603
        [NGINX, "-t", "-p", str(tmp_path), "-e", "stderr", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    # A deprecated or ignored directive is a warning, not a failure: none is expected.
    assert "[warn]" not in result.stderr, result.stderr


# systemd -------------------------------------------------------------------------------


def units_in(folder):
    """deploy/systemd's units with /srv/engage in ``folder``, whose .venv has this
    Python and gunicorn: verify checks that each command exists and may run."""
    engage = folder / "srv" / "engage"
    bin_folder = engage / ".venv" / "bin"
    bin_folder.mkdir(parents=True)
    for program in ("python", "gunicorn"):
        (bin_folder / program).symlink_to(Path(sys.executable).parent / program)
    units = folder / "units"
    units.mkdir()
    for unit in (DEPLOY / "systemd").glob("*.service"):
        (units / unit.name).write_text(unit.read_text().replace("/srv/engage", str(engage)))
    return units


def verify(*unit_paths):
    # --man=no: the container has no manual pages to look the Documentation= links up in.
    return subprocess.run(  # noqa: S603
        [SYSTEMD_ANALYZE, "verify", "--man=no", *map(str, unit_paths)],
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(not SYSTEMD_ANALYZE, reason="systemd-analyze is not installed (systemd)")
def test_systemd_accepts_the_units(tmp_path):
    units = units_in(tmp_path)
    instances = [units / "engage-web@8001.service", units / "engage-worker@1.service"]
    assert {path.name.split("@")[0] for path in units.iterdir()} == {"engage-web", "engage-worker"}

    result = verify(*instances)

    assert result.returncode == 0, result.stdout + result.stderr
    # verify only warns about an unknown key or a value it cannot read: none is expected.
    assert result.stdout + result.stderr == ""


@pytest.mark.skipif(not SYSTEMD_ANALYZE, reason="systemd-analyze is not installed (systemd)")
def test_systemd_verify_here_reports_a_mistake_in_a_unit(tmp_path):
    """The check above means something on this machine: a unit with a misspelt key and a
    command that does not exist is reported."""
    unit = tmp_path / "broken@.service"
    unit.write_text("[Service]\nExecStart=/nonexistent/gunicorn\nRestartt=always\n")

    result = verify(tmp_path / "broken@1.service")

    output = result.stdout + result.stderr
    assert re.search(r"Unknown key '?Restartt'?", output), output
    assert "/nonexistent/gunicorn" in output
