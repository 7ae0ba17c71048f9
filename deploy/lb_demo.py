"""Two gunicorn instances behind HAProxy, sharing PostgreSQL, Redis and a task worker, on
loopback: `make lb-demo` (docs/deploy.md). Prints each thing it checks and exits non-zero
if one fails. Every process it starts is stopped at exit, and its database dropped
(LB_DEMO_KEEP=1 keeps them running until Ctrl-C).

Settings (environment): LB_DEMO_PG (a PostgreSQL server URL, default
postgres://postgres@127.0.0.1:5432), LB_DEMO_REDIS_URL (default redis://127.0.0.1:6379/12),
LB_DEMO_PORT (the balancer's port; the instances take the next two, default 8400),
LB_DEMO_WRITES (writes in the fail-over loop, default 60), LB_DEMO_KEEP_DATABASE=1 (keep the
database, and reuse it next time).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
TASK_COUNTS = (
    "SELECT status, count(*) FROM django_tasks_database_dbtaskresult"
    " WHERE enqueued_at >= %s GROUP BY status"
)
PG_SERVER = os.environ.get("LB_DEMO_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("LB_DEMO_REDIS_URL", "redis://127.0.0.1:6379/12")
PORT = int(os.environ.get("LB_DEMO_PORT", "8400"))
WRITES = int(os.environ.get("LB_DEMO_WRITES", "60"))
DATABASE = "engage_lb_demo"
PASSWORD = os.environ.get("DEMO_PASSWORD", "engage-demo-2026")
BALANCER = f"http://127.0.0.1:{PORT}"
INSTANCES = {"app1": PORT + 1, "app2": PORT + 2}
RUN = f"lb-demo-{os.getpid()}"

ENVIRONMENT = {
    **os.environ,
    # The dev settings with DEBUG off: production's secure-only cookies need TLS, which a
    # loopback demo has not got (docs/deploy.md shows production's settings).
    "DJANGO_SETTINGS_MODULE": "engage.settings.dev",
    "DEBUG": "false",
    "DATABASE_URL": f"{PG_SERVER}/{DATABASE}",
    "DATABASE_CONN_MAX_AGE": "60",
    "REDIS_URL": REDIS_URL,
    "CACHE_KEY_PREFIX": RUN,
    "TASKS_BACKEND": "database",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "BASE_URL": BALANCER,
    "LOG_LEVEL": "WARNING",
    # Anonymous pages from the shared cache, as production serves them: the vote check
    # then shows the cache emptied on both instances by a write through one.
    "PAGE_CACHE_SECONDS": "300",
    # The fail-over loop is one resident commenting 60 times in a minute; the comment
    # limit (30 an hour) is checked by the tests, not here.
    "COMMENT_RATE": "1000/h",
}

processes = {}
failures = []


def say(text):
    print(text, flush=True)


def check(ok, text):
    say(f"  [{'ok' if ok else 'FAIL'}] {text}")
    if not ok:
        failures.append(text)
    return ok


def manage(*arguments, capture=False):
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, "manage.py", *arguments],
        cwd=ROOT,
        env=ENVIRONMENT,
        check=True,
        capture_output=capture,
        text=True,
    ).stdout


def sql(query, *params):
    with psycopg.connect(f"{PG_SERVER}/{DATABASE}", autocommit=True) as connection:
        return connection.execute(query, params).fetchall()


def start(name, command, log_dir, **extra_env):
    log = open(log_dir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    processes[name] = subprocess.Popen(  # noqa: S603
        command,
        cwd=ROOT,
        env={**ENVIRONMENT, **extra_env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(name, sig=signal.SIGTERM, wait=30):
    process = processes.pop(name, None)
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def stop_everything():
    for name in list(processes):
        stop(name)


def wait_for(url, seconds=120, **kwargs):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            response = requests.get(url, timeout=30, allow_redirects=False, **kwargs)
            if response.status_code < 500:
                return response
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def fresh_database():
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def database_exists():
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        return connection.execute(query, (DATABASE,)).fetchone() is not None


def drop_database():
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def health_path():
    """/health/ready when the instances have it, else a page that reads the database."""
    for path in ("/health/ready", "/en/"):
        response = requests.get(f"http://127.0.0.1:{INSTANCES['app1']}{path}", timeout=30)
        if response.status_code == 200:
            return path
    raise SystemExit("app1 answers neither /health/ready nor /en/ with 200")


def csrf_token(session, path):
    page = session.get(f"{BALANCER}{path}", timeout=10)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    return match.group(1) if match else session.cookies.get("csrftoken")


def log_in(session, email, password, token=None):
    """Posts the log-in form (straight away when ``token`` is known, so that successive
    posts alternate between the instances)."""
    token = token or csrf_token(session, "/en/accounts/login/")
    return session.post(
        f"{BALANCER}/en/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        headers={"Referer": f"{BALANCER}/en/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )


def served_by(response):
    return response.headers.get("X-Served-By", "?")


def shown_vote_count(html):
    match = re.search(r'<span class="vote-count">(\d+)</span>', html)
    return int(match.group(1)) if match else None


def set_up(log_dir):
    if os.environ.get("LB_DEMO_KEEP_DATABASE") and database_exists():
        say(f"Setting up: reusing the database {DATABASE} (LB_DEMO_KEEP_DATABASE)")
    else:
        say("Setting up: a fresh PostgreSQL database, migrations, demo content")
        fresh_database()
        manage("migrate", "--noinput", "-v", "0")
        manage("seed_demo")
    gunicorn_options = ["--workers", "2", "--proxy-protocol", "auto", "--graceful-timeout", "20"]
    for name, port in INSTANCES.items():
        bind = f"127.0.0.1:{port}"
        start(name, [GUNICORN, "engage.wsgi", "--bind", bind, *gunicorn_options], log_dir)
    start("db_worker", [PYTHON, "manage.py", "db_worker"], log_dir)
    for port in INSTANCES.values():
        wait_for(f"http://127.0.0.1:{port}/en/")
    path = health_path()
    start(
        "haproxy",
        [HAPROXY, "-f", str(ROOT / "deploy" / "haproxy.cfg"), "-db"],
        log_dir,
        LB_BIND=f"127.0.0.1:{PORT}",
        APP1=f"127.0.0.1:{INSTANCES['app1']}",
        APP2=f"127.0.0.1:{INSTANCES['app2']}",
        HEALTH_PATH=path,
    )
    wait_for(f"{BALANCER}/en/")
    time.sleep(3)  # two health checks: both instances up
    say(f"  balancer {BALANCER} -> app1 :{INSTANCES['app1']}, app2 :{INSTANCES['app2']}")
    say(f"  health checks on {path}; logs in {log_dir}")


def check_log_in(resident):
    say("Log-in: the session holds on whichever instance answers")
    response = log_in(resident, "resident@example.org", PASSWORD)
    check(response.status_code == 302, f"log-in accepted by {served_by(response)}")
    seen = set()
    for _ in range(4):
        page = resident.get(f"{BALANCER}/en/profile/", allow_redirects=False, timeout=10)
        seen.add(served_by(page))
        if not check(page.status_code == 200, f"/en/profile/ logged in on {served_by(page)}"):
            break
    check(seen == set(INSTANCES), f"both instances served the session ({sorted(seen)})")


def choose_idea():
    code = (
        "from engage.accounts.models import User; from ideas.models import Idea; "
        "from ideas import rules; u = User.objects.get(email='resident@example.org'); "
        "print(next(i.pk for i in Idea.objects.order_by('pk') "
        "if rules.vote_refusal(u, i) is None))"
    )
    return int(manage("shell", "-v", "0", "-c", code, capture=True).strip().splitlines()[-1])


def check_vote(resident, anonymous):
    say("A vote on one instance shows on the other, to its voter and to anonymous visitors")
    idea = choose_idea()
    url = f"{BALANCER}/en/ideas/{idea}/"
    before = [anonymous.get(url, timeout=10) for _ in range(2)]  # both instances, cached
    count_before = shown_vote_count(before[0].text)
    response = resident.post(
        f"{url}vote/",
        data={"action": "vote", "csrfmiddlewaretoken": resident.cookies.get("csrftoken")},
        headers={"Accept": "application/json", "Referer": url},
        timeout=10,
    )
    voted_on = served_by(response)
    counted = response.json().get("vote_count") if response.ok else None
    check(counted == (count_before or 0) + 1, f"vote counted by {voted_on}: {counted}")
    for _ in range(2):
        page = resident.get(url, timeout=10)
        check(
            "You voted for this idea." in page.text and shown_vote_count(page.text) == counted,
            f"the voter sees the vote on {served_by(page)}",
        )
    for page in (anonymous.get(url, timeout=10) for _ in range(2)):
        check(
            shown_vote_count(page.text) == counted,
            f"an anonymous visitor sees {shown_vote_count(page.text)} votes on "
            f"{served_by(page)} (was {count_before})",
        )
    rows = sql("SELECT vote_count FROM ideas_idea WHERE id = %s", idea)
    check(rows[0][0] == counted, f"the database holds {rows[0][0]} votes")


def check_shared_rate_limit():
    say("Rate limits count in Redis: failed log-ins add up across both instances")
    limit = 5  # LOGIN_FAILURE_LIMITS["account_address"]
    stranger = requests.Session()
    token = csrf_token(stranger, "/en/accounts/login/")
    served, refused_on = [], None
    for attempt in range(1, limit + 2):
        response = log_in(stranger, "moderator@example.org", "not-the-password", token)
        served.append(served_by(response))
        if "Too many failed log-ins" in response.text:
            refused_on = attempt
            break
    check(
        refused_on == limit + 1,
        f"attempt {refused_on} refused after {limit} failures spread over {sorted(set(served))}",
    )
    response = log_in(stranger, "moderator@example.org", PASSWORD, token)
    check(
        response.status_code != 302,
        f"even the right password waits now, on {served_by(response)}",
    )


def check_fail_over(resident, idea):
    say(f"Fail-over: {WRITES} comments while app1 is stopped halfway")
    before = sql("SELECT count(*) FROM ideas_comment")[0][0]
    statuses, served = [], []
    stopper = None
    for number in range(1, WRITES + 1):
        if number == WRITES // 2:
            stopper = threading.Thread(target=stop, args=("app1",))
            stopper.start()
            say(f"  stopping app1 (SIGTERM) at write {number}")
        try:
            response = resident.post(
                f"{BALANCER}/en/ideas/{idea}/comment/",
                data={
                    "body": f"{RUN} write {number}",
                    "csrfmiddlewaretoken": resident.cookies.get("csrftoken"),
                },
                headers={"Referer": f"{BALANCER}/en/ideas/{idea}/"},
                allow_redirects=False,
                timeout=30,
            )
        except requests.RequestException as error:
            statuses.append(type(error).__name__)
            served.append("none")
            continue
        statuses.append(response.status_code)
        served.append(served_by(response))
    stopper.join()
    after = sql("SELECT count(*) FROM ideas_comment")[0][0]
    landed = sql("SELECT count(*) FROM ideas_comment WHERE body LIKE %s", f"%{RUN} write%")[0][0]
    half = WRITES // 2
    check(all(status == 302 for status in statuses), f"every write answered: {set(statuses)}")
    check(
        set(served[half + 2 :]) == {"app2"},
        f"after the stop: {served[half:].count('app2')} of {WRITES - half} served by app2",
    )
    check(
        after - before == WRITES and landed == WRITES,
        f"comments {before} -> {after}: {landed} of {WRITES} landed, none lost or doubled",
    )


def check_worker(since):
    say("The task worker runs what both instances queued during the checks")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        counts = dict(sql(TASK_COUNTS, since))
        if not counts.get("READY") and not counts.get("RUNNING"):
            break
        time.sleep(1)
    done = counts.get("SUCCESSFUL", 0)
    check(done > 0 and not counts.get("FAILED"), f"tasks by status: {json.dumps(counts)}")


def main():
    log_dir = Path(tempfile.mkdtemp(prefix="engage-lb-demo-"))
    try:
        set_up(log_dir)
        started = sql("SELECT now()")[0][0]
        resident, anonymous = requests.Session(), requests.Session()
        check_log_in(resident)
        check_vote(resident, anonymous)
        check_shared_rate_limit()
        check_fail_over(resident, choose_idea_for_comments())
        check_worker(started)
        if os.environ.get("LB_DEMO_KEEP"):
            say(f"Still running at {BALANCER} (app2 only); Ctrl-C stops everything.")
            signal.pause()
    finally:
        stop_everything()
        if not os.environ.get("LB_DEMO_KEEP_DATABASE"):
            drop_database()
    if failures:
        say(f"{len(failures)} check(s) failed; logs in {log_dir}")
        return 1
    say("Every check passed.")
    return 0


def choose_idea_for_comments():
    code = (
        "from engage.accounts.models import User; from ideas.models import Idea; "
        "from ideas import rules; u = User.objects.get(email='resident@example.org'); "
        "print(next(i.pk for i in Idea.objects.order_by('pk') "
        "if rules.comment_refusal(u, i) is None))"
    )
    return int(manage("shell", "-v", "0", "-c", code, capture=True).strip().splitlines()[-1])


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main())
