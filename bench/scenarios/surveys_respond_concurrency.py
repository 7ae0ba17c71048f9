"""16 people answering the same survey at once for 30 s, through a real server and the real form.

gunicorn (4 workers) serves the benchmark database. The survey is the 15-question,
three-page benchmark survey (`bench/surveys.py`), under its own slug, seeded with
``VOLUME`` responses so the tallies already exist. Each of 16 threads is a browser that,
again and again as fast as the server answers, starts with no cookies (a new anonymous
respondent), opens the survey (for the CSRF token), and sends its three pages as the form
does (``step``, ``action``, the answers of that page): a 200 with the next page after the
first two, a redirect to ``thanks/`` after the last. Answers are drawn from the seed's
pools (so every response is valid, display condition included); the server is started
with a rate limit for anonymous respondents that the run cannot reach.

Afterwards the survey must have exactly ``VOLUME`` + the responses the server accepted
(`lost` counts the difference), and its stored tallies must equal the counts the
database computes from the answers (`mismatched_tallies` counts the keys that differ).
On SQLite (WAL, BEGIN IMMEDIATE, a busy timeout: ``SQLITE_OPTIONS``) writers
queue for the one write lock; the run must show 0 errors there too.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import connection
from django.utils import timezone

from bench import surveys
from bench.text import make_rng
from surveys import tallies
from surveys.models import Response

from .open311_post_concurrency import free_port, wait_until_up

NAME = "surveys-respond-concurrency"
VOLUME = 1_000  # responses already there when the run starts
CLIENTS = 16
WORKERS = 4
SLUG = "bench-concurrent-survey"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def seed(volume):
    survey = surveys.make_survey(slug=SLUG, title="Benchmark survey answered concurrently")
    surveys.seed_responses(volume, survey=survey)


def concurrent_survey():
    return surveys.SurveyPage.objects.get(slug=SLUG)


def form_fields(question, value):
    """The form fields (name, value) that send the clean answer ``value`` to ``question``."""
    name = question.name
    kind = question.kind
    if kind == "single_choice":
        return [(name, value["option"]), (f"{name}-other", value["other"])]
    if kind == "multiple_choice":
        return [(name, option) for option in value]
    if kind == "ranking":
        return [(f"{name}-{option}", str(place)) for place, option in enumerate(value, 1)]
    if kind == "matrix":
        return [(f"{name}-{row}", option) for row, option in value.items()]
    return [(name, str(value))]


class Respondent:
    """Draws complete, valid responses page by page from the seed's pools."""

    def __init__(self, structure, seed):
        self.structure = structure
        self.rng = make_rng(seed)
        self.pools = surveys.pools(structure, make_rng(surveys.SEED), timezone.localdate())

    def answers(self):
        """{question id: clean value} for one response (display conditions applied)."""
        chosen = {}
        for question in self.structure.questions:
            entries = self.pools[question.id]
            values = [value for value, _weight in entries]
            weights = [weight for _value, weight in entries]
            value = self.rng.choices(values, weights)[0]
            if value is not None:
                chosen[question.id] = value
        shown = set()
        kept = {}
        for question in self.structure.questions:
            if self.structure.is_shown(question, kept, shown):
                shown.add(question.id)
                if question.id in chosen:
                    kept[question.id] = chosen[question.id]
        return kept

    def pages(self):
        """The form data of each page of one response, in order."""
        answers = self.answers()
        for step in range(self.structure.page_count):
            data = [("step", str(step))]
            for question in self.structure.questions_on(step):
                if question.id in answers:
                    data += form_fields(question, answers[question.id])
            last = step == self.structure.page_count - 1
            data.append(("action", "submit" if last else "next"))
            yield data


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect comes back as an HTTPError we can read


def respond(base, path, pages, sent):
    """Answer once as a new anonymous visitor; raise unless the server accepted it.

    ``sent`` (a one-item list) counts the requests made."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    url = base + path
    sent[0] += 1
    with opener.open(url, timeout=60) as response:
        found = TOKEN.search(response.read().decode())
    if not found:
        raise RuntimeError("The survey page has no form")
    token = found[1]
    for data in pages:
        body = urllib.parse.urlencode([("csrfmiddlewaretoken", token), *data]).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
        last = data[-1] == ("action", "submit")
        sent[0] += 1
        try:
            with opener.open(request, timeout=60) as response:
                status, html = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, html = error.code, error.read().decode(errors="replace")
            if last and status == 302 and error.headers.get("Location", "").endswith("thanks/"):
                return
            raise RuntimeError(f"step {data[0][1]}: {status} {html[:200]!r}") from None
        if last or status != 200 or "survey-error-summary" in html:
            raise RuntimeError(f"step {data[0][1]}: {status}, not accepted")
        found = TOKEN.search(html)
        token = found[1] if found else token


def run(harness):
    seconds = int(os.environ.get("BENCH_CONCURRENCY_SECONDS", "30"))
    survey = concurrent_survey()
    before = Response.objects.filter(survey=survey).count()
    path = survey.url
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SURVEY_ANONYMOUS_RATE": "1000000000",
    }
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
    totals = {"accepted": 0, "requests": 0}
    errors = []
    structure = survey.structure
    try:
        wait_until_up(base, server)
        stop_at = time.monotonic() + seconds

        def client(number):
            respondent = Respondent(structure, seed=number)
            while time.monotonic() < stop_at:
                sent = [0]
                try:
                    respond(base, path, list(respondent.pages()), sent)
                except (OSError, RuntimeError) as error:
                    with lock:
                        errors.append(repr(error))
                        totals["requests"] += sent[0]
                    continue
                with lock:
                    totals["accepted"] += 1
                    totals["requests"] += sent[0]

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

    stored = Response.objects.filter(survey=survey).count()
    lost = before + totals["accepted"] - stored
    counted = tallies.stored_counts(survey.pk)
    computed = tallies.computed_counts(survey.pk, Response.objects.filter(survey=survey))
    mismatched = [key for key in set(counted) | set(computed) if counted[key] != computed[key]]
    for key in mismatched[:10]:
        harness.log(f"{NAME}: MISMATCH {key}: stored {counted[key]}, computed {computed[key]}")
    if errors:
        harness.log(f"{NAME}: {len(errors)} errors, e.g. {errors[0]}")
    harness.log(f"{NAME}: {stored - before} new responses ({before} before)")
    return {
        "scenario": NAME,
        "clients": CLIENTS,
        "seconds": round(elapsed, 1),
        "requests": totals["requests"],
        "responses": totals["accepted"],
        "errors": len(errors),
        "lost": lost,
        "mismatched_tallies": len(mismatched),
        "database": connection.vendor,
    }
