"""`make load`: a mixed load on a production-like server, measured against a bare page.

1. A fresh PostgreSQL database (``LOAD_DATABASE_NAME``, default ``load_engage``, on the
   server of ``DATABASE_URL``), migrated, ``seed_demo``, the volume of ``bench/load/build.py``,
   40 verified residents with their sessions (20 for each run of the mix), an Open311 API
   key; the Redis database of ``LOAD_REDIS_URL`` emptied; ``collectstatic`` into a
   temporary folder.
2. gunicorn (2 workers) and the task worker (``db_worker``) on loopback, with
   ``bench.load.settings`` (production, over plain HTTP) and the rate limits raised.
3. Locust, headless, with ``LOAD_USERS`` (20) users: the mix as fast as the server
   answers for ``LOAD_MIX_SECONDS`` (60), then the bare page the same way for
   ``LOAD_BARE_SECONDS`` (30), then the mix again at a steady pace for
   ``LOAD_STEADY_SECONDS`` (60): ``LOAD_STEADY_SHARE`` (0.5) of the tasks per second the
   first run reached.
4. One table: requests per second, p50/p95/p99 and errors of each run, the throughput
   ratio of the first two, the share of pages the page cache answered, and the writes
   Locust saw accepted next to what the database gained. Exit status 1 when a request
   failed or a count differs, 2 when the run could not be made; a missed speed target is
   printed but does not fail the command (the figures depend on the machine).

See docs/performance.md.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
RESULTS = Path(os.environ.get("LOAD_RESULTS", ROOT / "bench" / "load" / "results"))
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
MIX_USERS = ("AnonymousVisitor", "Resident", "SurveyRespondent", "Open311App")
BARE_USERS = ("BarePageVisitor",)
# The runs of the mix: each has resident sessions of its own (see the locustfile).
RUNS_WITH_RESIDENTS = ("mix", "steady")
WORKERS = 2
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
# Every limit that one loopback address would hit within a minute, raised for the run.
RAISED_LIMITS = {
    "OPEN311_RATE_LIMIT": "1000000/m",
    "SURVEY_ANONYMOUS_RATE": "1000000",
    "PLACES_RATE": "1000000/m",
    "WRITE_RATE": "1000000/m",
    "COMMENT_RATE": "1000000/h",
}


class LoadError(Exception):
    """The run could not be made (no database server, a server that did not start…)."""


STARTED = time.monotonic()


def log(message):
    print(f"load: [{time.monotonic() - STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


def env_int(name, default):
    value = os.environ.get(name, str(default))
    if not value.isdigit() or int(value) < 1:
        raise LoadError(f"{name} must be a whole number above 0, not {value!r}.")
    return int(value)


def env_share(name, default):
    value = os.environ.get(name, str(default))
    try:
        share = float(value)
    except ValueError:
        share = 0.0
    if not 0 < share <= 1:
        raise LoadError(f"{name} must be a number above 0 and at most 1, not {value!r}.")
    return share


def database_url(name):
    """The URL of the load test's own database, on the server DATABASE_URL names."""
    from urllib.parse import urlsplit, urlunsplit

    server = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    parts = urlsplit(server)
    if parts.scheme not in ("postgres", "postgresql"):
        raise LoadError(f"The load test runs on PostgreSQL; DATABASE_URL is {parts.scheme}://.")
    return server, urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(server, name):
    import psycopg

    try:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise LoadError(f"Cannot reach PostgreSQL at {server}: {error}") from None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, process, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LoadError("gunicorn exited before it answered (its errors are above).")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.5)
    raise LoadError(f"gunicorn did not answer {url} within {timeout} s.")


def server_environment(database, redis, workdir):
    sys.path.insert(0, str(ROOT))
    from bench.load import traffic

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load.settings",
        "DATABASE_URL": database,
        "REDIS_URL": redis,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "LOG_LEVEL": "WARNING",
        # The yardstick is Wagtail rendering a page, as in `make bench`: answered from the
        # page cache it would measure Redis, and nothing the site's pages could be held to.
        "PAGE_CACHE_EXCLUDED_PATHS": f"/admin/,/documents/,/en/{traffic.BASELINE_SLUG}/",
        **RAISED_LIMITS,
    }


def prepare(environment, workdir, users):
    """Build the database and the static files in this process; return the plan's path."""
    # Whatever the build queues (search index, reference index) is done as it goes, so
    # the worker starts with an empty queue instead of working through it during the run.
    os.environ.update({**environment, "TASKS_BACKEND": "immediate"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections

    from bench.load import build

    cache.clear()  # LOAD_REDIS_URL's database: what an earlier run left there
    plan = build.build(log, users * len(RUNS_WITH_RESIDENTS))
    log("collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)
    path = workdir / "plan.json"
    path.write_text(json.dumps(plan))
    connections.close_all()
    return path


def start(command, environment, name, output):
    log(f"starting {name} (its output: {output})")
    # A process group of its own, so the whole of it (gunicorn's workers) is stopped.
    with open(output, "w") as sink:
        return subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=environment,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def warm_up(base, plan):
    """Each page of the mix a few times, untimed: both workers load their templates first."""
    idea, report = plan["ideas"][0], plan["reports"][0]
    paths = [
        "/en/", "/en/ideas/", f"/en/ideas/{idea}/", "/en/reports/", f"/en/reports/{report}/",
        "/en/search/?q=park", "/en/reports/map/", "/en/surveys/", plan["survey_path"],
        f"/en/reports/new/?category={plan['categories'][0]}", "/open311/v2/services.json",
        plan["baseline_path"],
    ]  # fmt: skip
    for _ in range(WORKERS * 2):
        for path in paths:
            with urllib.request.urlopen(base + path, timeout=60):  # noqa: S310 - loopback
                pass


def run_locust(base, plan_path, workdir, label, users, seconds, classes, pacing=0.0):
    """One headless Locust run (each user starting a task every ``pacing`` seconds, or
    at once when 0); its CSV prefix and what it counted (the locustfile's ``accepted``)."""
    prefix = workdir / label
    counts = workdir / f"{label}-accepted.json"
    command = [
        sys.executable, "-m", "locust",
        "--locustfile", str(LOCUSTFILE),
        "--headless", "--only-summary",
        "--host", base,
        "--users", str(users), "--spawn-rate", str(users),
        "--run-time", f"{seconds}s",
        # A user stopping halfway through a write would leave a row Locust never counted.
        "--stop-timeout", "30",
        "--csv", str(prefix),
        "--loglevel", "WARNING",
        *classes,
    ]  # fmt: skip
    paced = f", a task every {pacing:.2f} s each on average" if pacing else ""
    log(f"{label}: {users} users for {seconds} s{paced}")
    environment = {
        **os.environ,
        "LOAD_PLAN": str(plan_path),
        "LOAD_COUNTS": str(counts),
        "LOAD_FINAL_STATS": f"{prefix}_final_stats.csv",
        "LOAD_PACING": str(pacing),
        "LOAD_FIRST_SESSION": str(users * RUNS_WITH_RESIDENTS.index(label))
        if label in RUNS_WITH_RESIDENTS
        else "0",
    }
    finished = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, check=False
    )
    # Locust exits 1 when a request failed: that is for the table, not a crash.
    if finished.returncode not in (0, 1) or not Path(f"{prefix}_final_stats.csv").exists():
        raise LoadError(f"Locust ({label}) stopped with status {finished.returncode}.")
    accepted = json.loads(counts.read_text()) if counts.exists() else {}
    return prefix, accepted


def cpu_seconds(process):
    """CPU time gunicorn's workers have used so far (user and system)."""
    import psutil

    total = 0.0
    for worker in psutil.Process(process.pid).children():
        try:
            times = worker.cpu_times()
        except psutil.NoSuchProcess:  # a worker restarted: counted as lost time, not an error
            continue
        total += times.user + times.system
    return total


def measure(base, plan_path, workdir, users, seconds, steady_share, web):
    """The three runs and their table; ``seconds`` = (mix, bare page, steady mix)."""
    from bench.load import build, figures

    mix_seconds, bare_seconds, steady_seconds = seconds
    load_before = os.getloadavg()[0]
    before = build.counts()
    cpu_start = cpu_seconds(web)
    mix_prefix, accepted = run_locust(
        base, plan_path, workdir, "mix", users, mix_seconds, MIX_USERS
    )
    cpu_mix = cpu_seconds(web)
    # Tasks queued by the writes (e-mails) may still be running: they add no counted row.
    after = build.counts()
    bare_prefix, _ = run_locust(base, plan_path, workdir, "bare", users, bare_seconds, BARE_USERS)
    cpu_bare = cpu_seconds(web)
    # Each user's share of the tasks per second asked for: one every `pacing` seconds.
    pacing = figures.pacing(users, accepted.get("tasks", 0), mix_seconds, steady_share)
    steady_before = build.counts()
    steady_prefix, steady_accepted = run_locust(
        base, plan_path, workdir, "steady", users, steady_seconds, MIX_USERS, pacing
    )
    steady_after = build.counts()
    mix = figures.read_stats(f"{mix_prefix}_final_stats.csv")
    bare = figures.read_stats(f"{bare_prefix}_final_stats.csv")
    steady = figures.read_stats(f"{steady_prefix}_final_stats.csv")
    for prefix in (mix_prefix, bare_prefix, steady_prefix):
        for method, name, error, occurrences in figures.read_failures(f"{prefix}_failures.csv"):
            log(f"failed {occurrences}×: {method} {name}: {error}")
    print("\n".join(figures.table(mix, bare, steady, accepted, before, after)))
    steady_writes = figures.writes_lines("steady mix", steady_accepted, steady_before, steady_after)
    print("\n".join(steady_writes))
    print(figures.steady_line(steady_share, pacing, users, steady))
    print(figures.page_cache_line(accepted, steady_accepted))
    print(
        figures.cpu_line(
            figures.cpu_ms_per_request(cpu_mix - cpu_start, mix),
            figures.cpu_ms_per_request(cpu_bare - cpu_mix, bare),
        )
    )
    # Other work on the machine slows both runs: the figures mean little without it.
    print(
        f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before the mix, "
        f"{os.getloadavg()[0]:.1f} after the bare page"
    )
    differences = {
        **figures.count_differences(accepted, before, after),
        **{
            f"{kind} (steady)": counts
            for kind, counts in figures.count_differences(
                steady_accepted, steady_before, steady_after
            ).items()
        },
    }
    missed = figures.verdict(mix, bare, steady, differences)
    for line in missed:
        print(f"target missed: {line}")
    if not missed:
        print("every target met")
    failed = mix.failures or bare.failures or steady.failures
    return 1 if failed or differences else 0


def main():
    users = env_int("LOAD_USERS", 20)
    mix_seconds = env_int("LOAD_MIX_SECONDS", 60)
    bare_seconds = env_int("LOAD_BARE_SECONDS", 30)
    steady_seconds = env_int("LOAD_STEADY_SECONDS", 60)
    steady_share = env_share("LOAD_STEADY_SHARE", 0.5)
    name = os.environ.get("LOAD_DATABASE_NAME", "load_engage")
    server, database = database_url(name)
    redis = os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS)
    # What is worth reading afterwards (Locust's CSV files, the server's and worker's
    # output, the plan) stays in RESULTS; static files, uploads and e-mails do not.
    RESULTS.mkdir(parents=True, exist_ok=True)
    for pattern in ("mix*", "bare*", "steady*", "plan.json", "*.log"):  # only what a run writes
        for earlier in RESULTS.glob(pattern):
            earlier.unlink()
    with tempfile.TemporaryDirectory(prefix="engage-load-") as folder:
        log(f"creating the database {name}")
        recreate_database(server, name)
        environment = server_environment(database, redis, Path(folder))
        plan_path = prepare(environment, RESULTS, users)
        log("built")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = [
            sys.executable, "-m", "gunicorn", "engage.wsgi:application",
            f"--workers={WORKERS}", f"--bind=127.0.0.1:{port}", "--log-level=warning",
        ]  # fmt: skip
        worker = start(
            [sys.executable, "manage.py", "db_worker"],
            environment,
            "the task worker",
            RESULTS / "worker.log",
        )
        web = start(gunicorn, environment, f"gunicorn on {base}", RESULTS / "web.log")
        try:
            plan = json.loads(plan_path.read_text())
            wait_until_up(base + plan["baseline_path"], web)
            warm_up(base, plan)
            seconds = (mix_seconds, bare_seconds, steady_seconds)
            return measure(base, plan_path, RESULTS, users, seconds, steady_share, web)
        finally:
            stop(web)
            stop(worker)
            log(f"done; Locust's CSV files and the servers' output are in {RESULTS}")


if __name__ == "__main__":
    # `python bench/load/run.py` puts bench/load/ first on the path; the project root is
    # what the imports need.
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    try:
        sys.exit(main())
    except LoadError as error:
        print(f"load: {error}", file=sys.stderr)
        sys.exit(2)
