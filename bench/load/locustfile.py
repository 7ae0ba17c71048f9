"""Who visits Engage during `make load`, and what they do (Locust, headless).

The mix (``bench/load/run.py`` starts it with ``--users 20``; Locust shares users out by
``weight``): 14 anonymous visitors browsing (home, lists, idea and report pages, search,
the map), 4 logged-in residents (vote and take votes back, comment, file a report on the
web form), 1 anonymous survey respondent and 1 Open311 app filing reports. The bare run
uses ``BarePageVisitor`` alone, on a Wagtail page with a title and nothing else.

In the mix and the bare run nobody waits between requests: each user sends the next one
as soon as the last is answered, so requests per second is what the server can do, and
the mix and the bare page are compared at the same concurrency. In the steady run
(``LOAD_PACING``) each user starts a task every so many seconds, so the server is asked
for a set rate below what it can do, and the times are those of a server keeping up.

Everything the users need (ids, references, sessions, the API key, prepared survey
answers) comes from the plan, a JSON file the runner writes (``LOAD_PLAN``). Each write
the server confirms is counted; when Locust quits the counts go to ``LOAD_COUNTS``, and
the runner compares them with what the database gained. A write counts only when the
answer proves it was stored (the new vote state, the redirect to the new comment or
report, the Open311 id, the survey's thank-you page).
"""

import csv
import json
import os
import random
import time
from collections import Counter
from functools import cache
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, events, task
from locust.exception import StopUser
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

from bench.load import traffic

FORM = {"Content-Type": "application/x-www-form-urlencoded"}

# Writes the server confirmed, by kind ("votes" is votes cast minus votes taken back),
# and what the runner reads besides: "tasks" done, and of the pages asked for ("pages"),
# how many the page cache answered ("page_cache_hits").
accepted = Counter()

# The mean number of seconds between the starts of one user's tasks (the steady run); 0:
# the next task starts as soon as the last is answered (the mix and the bare page).
PACING = float(os.environ.get("LOAD_PACING") or 0)
# The first of the plan's resident sessions this run uses: a run after another has its own
# residents, whose votes start from nothing, as its users' memory does.
FIRST_SESSION = int(os.environ.get("LOAD_FIRST_SESSION") or 0)


@cache
def plan():
    return json.loads(Path(os.environ["LOAD_PLAN"]).read_text())


@events.quitting.add_listener
def write_results(environment, **_kwargs):
    """The counted writes, and the final figures: every user has stopped by now.

    Locust's own ``--csv`` files are rewritten once a second while the run goes on, so
    they miss what was answered in the last second and during ``--stop-timeout``; this
    file, in the same format, has every request.
    """
    if target := os.environ.get("LOAD_COUNTS"):
        Path(target).write_text(json.dumps(dict(accepted)))
    if target := os.environ.get("LOAD_FINAL_STATS"):
        with open(target, "w", newline="") as stats:
            StatsCSV(environment, PERCENTILES_TO_REPORT).requests_csv(csv.writer(stats))


def json_or_none(response):
    try:
        return response.json()
    except (ValueError, TypeError):
        return None


class Visitor(FastHttpUser):
    abstract = True
    next_start = None

    def wait_time(self):
        # Locust calls this once after every task: where the tasks are counted.
        accepted["tasks"] += 1
        if not PACING:
            return 0
        # Starts drawn at random, PACING seconds apart on average (a Poisson stream for
        # each user, and so for all of them): at fixed intervals the users, started
        # together, would keep sending their requests in bursts of twenty at once. A
        # task that overran its gap is followed by the next one at once.
        now = time.monotonic()
        self.next_start = max(self.next_start or now, now - PACING) + random.expovariate(1 / PACING)
        return max(0.0, self.next_start - now)

    def get_page(self, path, name=None):
        """GET a page that must answer 200: the response, or None (counted as a failure)."""
        with self.client.get(path, name=name or path, catch_response=True) as response:
            accepted["pages"] += 1
            if response.headers.get("X-Page-Cache") == "hit":
                accepted["page_cache_hits"] += 1
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return None
            return response

    def post_form(self, path, fields, name, **headers):
        """POST ``fields`` (pairs, names may repeat) without following the redirect."""
        return self.client.post(
            path,
            data=urlencode(fields),
            name=name,
            headers={**FORM, **headers},
            allow_redirects=False,
            catch_response=True,
        )


class AnonymousVisitor(Visitor):
    """Browsing without an account: the pages most visits are made of."""

    weight = 14

    @task(3)
    def home(self):
        self.get_page("/en/")

    @task(2)
    def idea_list(self):
        self.get_page(random.choice(["/en/ideas/", "/en/ideas/?sort=trending"]), "/en/ideas/")

    @task(3)
    def idea_page(self):
        self.get_page(f"/en/ideas/{random.choice(plan()['ideas'])}/", "/en/ideas/[id]/")

    @task(2)
    def report_list(self):
        self.get_page("/en/reports/")

    @task(2)
    def report_page(self):
        reference = random.choice(plan()["reports"])
        self.get_page(f"/en/reports/{reference}/", "/en/reports/[reference]/")

    @task(2)
    def search(self):
        words = random.choice(plan()["search_words"])
        self.get_page(f"/en/search/?{urlencode({'q': words})}", "/en/search/?q=")

    @task(1)
    def report_map(self):
        self.get_page("/en/reports/map/")
        self.get_page(
            f"/en/reports/reports.geojson?bbox={plan()['map_bbox']}", "/en/reports/reports.geojson"
        )

    @task(1)
    def survey_list(self):
        self.get_page("/en/surveys/")


class Resident(Visitor):
    """A logged-in resident (a session the runner made): votes, comments, files reports."""

    weight = 4

    def on_start(self):
        sessions = plan()["sessions"]
        taken = getattr(self.environment, "sessions_taken", FIRST_SESSION)
        if taken >= len(sessions):
            raise StopUser()  # more residents than sessions: the runner's mistake, visible
        self.environment.sessions_taken = taken + 1
        cookie = session_cookie(
            plan()["session_cookie"], sessions[taken], urlsplit(self.host).hostname
        )
        self.client.cookiejar.set_cookie(cookie)
        self.voted = set()

    def idea_form_token(self, pk):
        page = self.get_page(f"/en/ideas/{pk}/", "/en/ideas/[id]/")
        return page and traffic.form_token(page.text)

    @task(4)
    def vote(self):
        pk = random.choice(plan()["ideas"])
        token = self.idea_form_token(pk)
        if not token:
            return
        action = "unvote" if pk in self.voted else "vote"
        fields = traffic.vote_fields(token, action)
        name = f"/en/ideas/[id]/vote/ ({action})"
        with self.post_form(
            f"/en/ideas/{pk}/vote/", fields, name, Accept="application/json"
        ) as response:
            if not traffic.vote_stored(response.status_code, json_or_none(response), action):
                response.failure(f"{response.status_code}: not {action}d")
                return
        if action == "vote":
            self.voted.add(pk)
            accepted["votes"] += 1
        else:
            self.voted.discard(pk)
            accepted["votes"] -= 1

    @task(2)
    def comment(self):
        pk = random.choice(plan()["ideas"])
        token = self.idea_form_token(pk)
        if not token:
            return
        fields = traffic.comment_fields(token, random)
        with self.post_form(
            f"/en/ideas/{pk}/comment/", fields, "/en/ideas/[id]/comment/"
        ) as response:
            if not traffic.comment_posted(response.status_code, response.headers.get("Location")):
                response.failure(f"{response.status_code}: no comment posted")
                return
        accepted["comments"] += 1

    @task(2)
    def file_report(self):
        code = random.choice(plan()["categories"])
        path = f"/en/reports/new/?{urlencode({'category': code})}"
        page = self.get_page(path, "/en/reports/new/?category=")
        token = page and traffic.form_token(page.text)
        if not token:
            return
        fields = traffic.report_fields(token, code, plan()["map_bbox"], random)
        with self.post_form("/en/reports/new/", fields, "/en/reports/new/ (file)") as response:
            if not traffic.report_filed(response.status_code, response.headers.get("Location")):
                response.failure(f"{response.status_code}: no report filed")
                return
        accepted["web_reports"] += 1

    @task(2)
    def browse(self):
        self.get_page(random.choice(["/en/", "/en/ideas/"]))


class SurveyRespondent(Visitor):
    """Answers the load survey again and again, each time as a new anonymous visitor."""

    weight = 1

    def on_start(self):
        prepared = plan()["survey_responses"]
        self.answers = iter(random.sample(prepared, k=len(prepared)))

    @task
    def answer(self):
        self.client.cookiejar.clear()
        path = plan()["survey_path"]
        page = self.get_page(path, "/en/surveys/[survey]/")
        token = page and traffic.form_token(page.text)
        if not token:
            return
        pages = next(self.answers)
        for number, fields in enumerate(pages, 1):
            name = f"/en/surveys/[survey]/ (page {number})"
            with self.post_form(path, [("csrfmiddlewaretoken", token), *fields], name) as response:
                status = response.status_code
                if number == len(pages):
                    if not traffic.survey_answered(status, response.headers.get("Location")):
                        response.failure(f"{status}: the response was not taken")
                        return
                elif status != 200 or "survey-error-summary" in (response.text or ""):
                    response.failure(f"{status}: page {number} was not taken")
                    return
                else:
                    token = traffic.form_token(response.text) or token
        accepted["survey_responses"] += 1


class Open311App(Visitor):
    """A phone app speaking Open311 GeoReport v2 with its API key."""

    weight = 1

    @task(1)
    def services(self):
        self.get_page("/open311/v2/services.json")

    @task(3)
    def post_request(self):
        code = random.choice(plan()["categories"])
        fields = traffic.open311_fields(plan()["open311_key"], code, plan()["map_bbox"], random)
        path = "/open311/v2/requests.json"
        with self.post_form(path, fields, path) as response:
            if not traffic.open311_filed(response.status_code, json_or_none(response)):
                response.failure(f"{response.status_code}: no service_request_id")
                return
        accepted["open311_reports"] += 1


class BarePageVisitor(Visitor):
    """The yardstick: a Wagtail page with a title and nothing else, as fast as it answers."""

    # Never part of the mix: the runner names the classes of each run on the command line.

    @task
    def bare_page(self):
        self.get_page(plan()["baseline_path"], "bare page")


def session_cookie(name, value, host):
    """The session cookie the browser would hold after logging in on ``host``."""
    return Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain=host,
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={"HttpOnly": None},
        rfc2109=False,
    )
