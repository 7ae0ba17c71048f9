"""Votes from 16 logged-in residents at once for 30 s, through a real server.

gunicorn (4 workers) serves the benchmark database. Each of 16 threads is a different
resident with their own session: it opens the idea page (for the CSRF token, as a
browser would), then votes and takes votes back on the same ``VOLUME`` ideas of an open
campaign, as fast as the server answers, with the form the page sends
(``POST /en/ideas/<pk>/vote/``, ``action=vote|unvote``, the CSRF token; asking for JSON as
the page's script does). Every answer must be a 200 with the new count.

Afterwards, for each idea, ``Idea.vote_count`` must equal its number of Vote rows, and
both must equal the votes the server accepted minus the votes it took back; the trending
score must equal the sum of the remaining votes' weights. ``mismatches`` counts the ideas
where any of these differs. On SQLite (WAL, BEGIN IMMEDIATE, a busy timeout:
``SQLITE_OPTIONS``) writers queue for the one write lock; the run must show 0 errors there
too.
"""

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from bench.ideas import campaigns
from ideas import services
from ideas.models import Idea, Vote

from .open311_post_concurrency import free_port, wait_until_up

NAME = "ideas-vote-concurrency"
VOLUME = 4  # the ideas everyone votes on
CLIENTS = 16
WORKERS = 4
EMAIL = "bench-concurrent-{}@example.org"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _verified_user(email, name):
    user, _ = get_user_model().objects.get_or_create(email=email, defaults={"display_name": name})
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed(volume):
    campaign = campaigns(timezone.now())[0]
    author = _verified_user(EMAIL.format("author"), "Bench author")
    for number in range(volume):
        services.submit_idea(
            author=author,
            campaign=campaign,
            title=f"Concurrent voting {number}",
            summary="Everyone votes at once.",
            body="<p>Everyone votes at once.</p>",
        )
    for number in range(CLIENTS):
        _verified_user(EMAIL.format(number), f"Voter {number}")


def session_cookie(user):
    """A logged-in session for ``user``, as after logging in (stored in the database)."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class Resident:
    """One browser: its cookies, its CSRF token, and what it voted for."""

    def __init__(self, base, session):
        self.base = base
        self.cookies = {settings.SESSION_COOKIE_NAME: session}
        self.token = None

    def _open(self, request):
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            for header in response.headers.get_all("Set-Cookie") or []:
                for key, morsel in SimpleCookie(header).items():
                    self.cookies[key] = morsel.value
            return response.status, response.read()

    def open_idea(self, pk):
        status, body = self._open(urllib.request.Request(f"{self.base}/en/ideas/{pk}/"))  # noqa: S310
        found = TOKEN.search(body.decode())
        if status != 200 or not found:
            raise RuntimeError(f"The idea page answered {status} without a vote form")
        self.token = found[1]

    def vote(self, pk, action):
        """POST the vote form; the new count, or raise."""
        data = urllib.parse.urlencode({"action": action, "csrfmiddlewaretoken": self.token})
        request = urllib.request.Request(  # noqa: S310
            f"{self.base}/en/ideas/{pk}/vote/",
            data=data.encode(),
            headers={"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"},
        )
        try:
            status, body = self._open(request)
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{action}: {error.code} {error.read()[:200]!r}") from None
        answer = json.loads(body)  # a redirect to a page (not logged in) is not JSON
        if status != 200 or answer["voted"] != (action == "vote"):
            raise RuntimeError(f"{action}: {status} {answer}")
        return answer["vote_count"]


def run(harness):
    seconds = int(os.environ.get("BENCH_CONCURRENCY_SECONDS", "30"))
    ideas = list(Idea.objects.filter(title__startswith="Concurrent voting").order_by("pk"))
    people = [get_user_model().objects.get(email=EMAIL.format(n)) for n in range(CLIENTS)]
    sessions = [session_cookie(person) for person in people]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "engage.wsgi:application",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=settings.BASE_DIR,
        env=environ,
    )
    lock = threading.Lock()
    accepted = {idea.pk: 0 for idea in ideas}  # votes counted minus votes taken back
    totals = {"requests": 0, "votes": 0, "unvotes": 0}
    errors = []
    try:
        wait_until_up(base, server)
        stop_at = time.monotonic() + seconds

        def client(number):
            resident = Resident(base, sessions[number])
            voted = dict.fromkeys(accepted, False)
            step = number  # clients start on different ideas, then all go round them
            try:
                resident.open_idea(ideas[0].pk)
            except (OSError, RuntimeError) as error:
                with lock:
                    errors.append(repr(error))
                return
            while time.monotonic() < stop_at:
                pk = ideas[step % len(ideas)].pk
                step += 1
                action = "unvote" if voted[pk] else "vote"
                try:
                    resident.vote(pk, action)
                except (OSError, RuntimeError, ValueError, KeyError) as error:
                    with lock:
                        totals["requests"] += 1
                        errors.append(repr(error))
                    continue
                voted[pk] = not voted[pk]
                with lock:
                    totals["requests"] += 1
                    totals[f"{action}s"] += 1
                    accepted[pk] += 1 if action == "vote" else -1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    mismatches = []
    for idea in Idea.objects.filter(pk__in=accepted).annotate(weights=Sum("votes__weight")):
        rows = Vote.objects.filter(idea=idea).count()
        score_ok = abs(idea.trending_score - (idea.weights or 0.0)) <= 1e-6 * max(
            1.0, abs(idea.weights or 0.0)
        )
        if not (idea.vote_count == rows == accepted[idea.pk]) or not score_ok:
            mismatches.append(
                f"#{idea.pk}: vote_count {idea.vote_count}, {rows} rows, "
                f"{accepted[idea.pk]} accepted, score {idea.trending_score} vs {idea.weights}"
            )
    for line in mismatches:
        harness.log(f"{NAME}: MISMATCH {line}")
    if errors:
        harness.log(f"{NAME}: {len(errors)} errors, e.g. {errors[0]}")
    harness.log(
        f"{NAME}: final votes " + ", ".join(f"#{pk}: {count}" for pk, count in accepted.items())
    )
    return {
        "scenario": NAME,
        "clients": CLIENTS,
        "seconds": round(elapsed, 1),
        "requests": totals["requests"],
        "votes": totals["votes"],
        "unvotes": totals["unvotes"],
        "errors": len(errors),
        "mismatches": len(mismatches),
        "database": connection.vendor,
    }
