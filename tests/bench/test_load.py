"""`make load`'s pieces that can be checked in seconds, without the load itself.

The locustfile loads and names the users the runner asks for; Locust's CSV figures are
read right; the count comparison and the verdict catch what they must; and the forms the
load's users send (bench/load/traffic.py) are accepted by the site, through Django's test
client with CSRF checks on, and proven stored exactly as the locustfile proves them.
"""

import dataclasses
import math
import subprocess
import sys
from pathlib import Path
from random import Random
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from bench import surveys as bench_surveys
from bench.load import build, figures, traffic
from bench.load import run as load_run
from engage.reports.models import ServiceReport
from engage.reports.open311.keys import create_key
from tests.ideas.factories import IdeaFactory, home_page, make_campaign
from tests.reports.factories import CategoryFactory, add_attribute

ROOT = Path(__file__).resolve().parent.parent.parent
HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)
BBOX = "-75.25,39.90,-75.10,40.06"


# The locustfile ----------------------------------------------------------------------------


def test_the_locustfile_has_every_user_the_runner_names():
    # In a process of its own: importing Locust patches the standard library for gevent.
    listed = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "locust", "--locustfile", "bench/load/locustfile.py", "--list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    names = set(listed.stdout.split())
    assert set(load_run.MIX_USERS) | set(load_run.BARE_USERS) <= names
    assert "Visitor" not in names  # the abstract base sends nothing


# Locust's figures --------------------------------------------------------------------------


def write_stats(path, *rows):
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def test_the_aggregated_row_gives_the_figures(tmp_path):
    stats = write_stats(
        tmp_path / "mix_stats.csv",
        "GET,/en/,100,0,40,52.1,8.2,410.3,30000,10.5,0.0,40,50,60,60,90,120,200,310,400,410,410",
        ",Aggregated,1234,2,45,60.2,3.1,900.0,25000,20.57,0.03,"
        "45,55,65,70,110,180,260,340,800,900,900",
    )
    run = figures.read_stats(stats)
    assert run == figures.RunFigures(
        requests=1234,
        failures=2,
        requests_per_second=20.57,
        p50_ms=45.0,
        p95_ms=180.0,
        p99_ms=340.0,
    )


def test_percentiles_of_no_request_are_not_numbers(tmp_path):
    stats = write_stats(
        tmp_path / "s_stats.csv",
        ",Aggregated,0,0,0,0,0,0,0,0,0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A",
    )
    assert math.isnan(figures.read_stats(stats).p95_ms)


def test_a_run_without_an_aggregated_row_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no Aggregated row"):
        figures.read_stats(write_stats(tmp_path / "empty_stats.csv"))


def test_failures_are_read_and_a_missing_file_means_none(tmp_path):
    assert figures.read_failures(tmp_path / "none_failures.csv") == []
    failures = tmp_path / "mix_failures.csv"
    failures.write_text(
        'Method,Name,Error,Occurrences\nPOST,/en/reports/new/ (file),"200: no report filed",3\n'
    )
    assert figures.read_failures(failures) == [
        ("POST", "/en/reports/new/ (file)", "200: no report filed", 3)
    ]


# Counts and verdict ------------------------------------------------------------------------

BEFORE = dict.fromkeys(figures.WRITE_KINDS, 100)


def test_counts_that_match_show_no_difference():
    accepted = {"votes": 5, "comments": 3, "web_reports": 2, "open311_reports": 4}
    after = {**BEFORE, "votes": 105, "comments": 103, "web_reports": 102, "open311_reports": 104}
    assert figures.count_differences(accepted, BEFORE, after) == {}


def test_a_lost_write_and_an_uncounted_row_are_both_differences():
    accepted = {"votes": 5, "comments": 3}
    after = {**BEFORE, "votes": 104, "comments": 103, "survey_responses": 101}
    assert figures.count_differences(accepted, BEFORE, after) == {
        "votes": (5, 4),
        "survey_responses": (0, 1),
    }


def figures_of(rps, p95, failures=0):
    return figures.RunFigures(
        requests=1000, failures=failures, requests_per_second=rps, p50_ms=20, p95_ms=p95, p99_ms=p95
    )


def test_the_verdict_names_every_missed_target():
    bare = figures_of(100, 50)
    # The mix as fast as it answers may wait long: the p95 target is the steady mix's.
    assert figures.verdict(figures_of(60, 900), bare, figures_of(30, 200), {}) == []
    missed = figures.verdict(
        figures_of(40, 200, failures=2), bare, figures_of(20, 350), {"votes": (5, 4)}
    )
    assert len(missed) == 4
    assert "errors: 2 in the mix, 0 on the bare page, 0 in the steady mix" in missed[0]
    assert "votes" in missed[1]
    assert "40%" in missed[2]
    assert "steady mix 350 ms" in missed[3]
    assert figures.verdict(figures_of(60, 200), bare, figures_of(30, 100, failures=1), {})


def test_the_steady_mix_asks_for_its_share_of_the_tasks_the_mix_did():
    # 20 users did 1,200 tasks in 60 s (20 a second): half is 10 a second, so each
    # user starts one every 2 s.
    assert figures.pacing(20, 1200, 60, 0.5) == 2.0
    assert figures.pacing(20, 1200, 60, 1.0) == 1.0
    with pytest.raises(ValueError, match="no task"):
        figures.pacing(20, 0, 60, 0.5)
    line = figures.steady_line(0.5, 2.0, 20, figures_of(25, 120))
    assert "50% of the mix's tasks per second" in line
    assert "(10.0 tasks/s)" in line


def test_the_page_cache_share_is_counted_per_run():
    line = figures.page_cache_line({"pages": 200, "page_cache_hits": 50}, {"pages": 0})
    assert line == (
        "pages answered from the page cache: mix 50 of 200 (25%), steady mix 0 of 0 (n/a)"
    )


def test_the_bare_page_is_rendered_by_wagtail_not_read_from_the_page_cache(tmp_path):
    environment = load_run.server_environment("postgres://x/y", "redis://x/9", tmp_path)
    excluded = environment["PAGE_CACHE_EXCLUDED_PATHS"].split(",")
    assert f"/en/{traffic.BASELINE_SLUG}/" in excluded
    assert "/admin/" in excluded


def test_the_table_marks_a_count_that_differs():
    after = {**BEFORE, "votes": 104}
    lines = figures.table(
        figures_of(60, 200), figures_of(100, 50), figures_of(30, 90), {"votes": 5}, BEFORE, after
    )
    assert "throughput of the mix / the bare page: 60%" in lines
    assert any(line.startswith("steady mix") and " 90 " in line for line in lines)
    votes = next(line for line in lines if line.startswith("votes"))
    assert votes.split()[:3] == ["votes", "5", "4"]
    assert votes.endswith("DIFFERENT")
    comments = next(line for line in lines if line.startswith("comments"))
    assert "DIFFERENT" not in comments


# The forms the load sends, through the site ------------------------------------------------


@pytest.fixture
def resident_client(db):
    """A client holding one of the runner's resident sessions, CSRF checks on."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = build.resident_session(0)
    return client


def test_a_resident_session_is_logged_in(resident_client):
    assert resident_client.get(reverse("profile")).status_code == 200
    assert Client().get(reverse("profile")).status_code == 302


def test_categories_with_a_required_question_are_left_out(db):
    plain = CategoryFactory(code="load-plain")
    asking = CategoryFactory(code="load-asking")
    add_attribute(asking, "size", datatype="number", required=True)
    codes = build.categories_without_required_questions()
    assert plain.code in codes
    assert asking.code not in codes


def token_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    token = traffic.form_token(response.content.decode())
    assert token
    return token


def test_each_write_of_the_load_is_stored_and_proven(resident_client):
    """Vote, take back and vote again, comment, file on the web and through Open311, answer
    the survey: each proven as the locustfile proves it, each counted by `counts()`."""
    rng = Random(1)
    home_page()
    idea = IdeaFactory(campaign=make_campaign())
    category = CategoryFactory(code="load-pothole")
    survey = bench_surveys.make_survey(slug=build.SURVEY_SLUG, title="Load test survey")
    before = build.counts()
    idea_path = f"/en/ideas/{idea.pk}/"

    for action in ("vote", "unvote", "vote"):
        token = token_of(resident_client, idea_path)
        response = resident_client.post(
            f"{idea_path}vote/",
            dict(traffic.vote_fields(token, action)),
            headers={"accept": "application/json"},
        )
        assert traffic.vote_stored(response.status_code, response.json(), action), action

    token = token_of(resident_client, idea_path)
    response = resident_client.post(
        f"{idea_path}comment/", dict(traffic.comment_fields(token, rng))
    )
    assert traffic.comment_posted(response.status_code, response.headers["Location"])

    token = token_of(resident_client, f"/en/reports/new/?category={category.code}")
    fields = dict(traffic.report_fields(token, category.code, BBOX, rng))
    response = resident_client.post("/en/reports/new/", fields)
    assert traffic.report_filed(response.status_code, response.headers["Location"])

    fields = dict(traffic.open311_fields(create_key("test")[1], category.code, BBOX, rng))
    response = Client().post("/open311/v2/requests.json", fields)
    assert traffic.open311_filed(response.status_code, response.json())

    respondent = Client(enforce_csrf_checks=True)
    token = token_of(respondent, survey.url)
    (pages,) = build.prepared_responses(survey, count=1)
    for number, page in enumerate(pages, 1):
        response = respondent.post(
            survey.url,
            urlencode([("csrfmiddlewaretoken", token), *page]),
            content_type="application/x-www-form-urlencoded",
        )
        body = response.content.decode()
        if number < len(pages):
            assert response.status_code == 200
            assert "survey-error-summary" not in body
            token = traffic.form_token(body) or token
    assert traffic.survey_answered(response.status_code, response.headers["Location"])

    after = build.counts()
    accepted = dict.fromkeys(figures.WRITE_KINDS, 1)
    assert figures.count_differences(accepted, before, after) == {}
    assert ServiceReport.objects.get(channel=ServiceReport.Channel.WEB).filed_by is not None


def test_a_refused_write_is_not_proven():
    assert not traffic.vote_stored(400, {"voted": False}, "vote")
    assert not traffic.vote_stored(200, {"voted": True}, "unvote")
    assert not traffic.comment_posted(302, "/en/accounts/login/?next=/en/ideas/5/")
    assert not traffic.report_filed(200, None)
    assert not traffic.report_filed(302, "/en/reports/new/?category=x")
    assert not traffic.survey_answered(302, "/en/surveys/load-survey/")
    assert not traffic.open311_filed(400, [{"code": 400, "description": "bad"}])
    assert traffic.report_filed(302, "http://127.0.0.1:8000/en/reports/Z9ABC234/")


def test_cpu_per_request_and_its_line():
    run = figures_of(60, 200)  # 1,000 requests
    assert figures.cpu_ms_per_request(12.5, run) == 12.5
    assert math.isnan(figures.cpu_ms_per_request(1.0, dataclasses.replace(run, requests=0)))
    line = figures.cpu_line(40.0, 10.0)
    assert "mix 40.0 ms, bare page 10.0 ms" in line
    assert "25%" in line


# The runner's settings -------------------------------------------------------------------


def test_the_load_database_is_on_the_server_database_url_names(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@db.example:5433/postgres")
    server, database = load_run.database_url("load_engage")
    assert server == "postgres://postgres@db.example:5433/postgres"
    assert database == "postgres://postgres@db.example:5433/load_engage"
    monkeypatch.delenv("DATABASE_URL")
    assert load_run.database_url("x")[1] == "postgres://postgres@127.0.0.1:5432/x"


def test_sqlite_and_bad_numbers_are_refused_with_a_reason(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    with pytest.raises(load_run.LoadError, match="PostgreSQL"):
        load_run.database_url("load_engage")
    monkeypatch.setenv("LOAD_USERS", "twenty")
    with pytest.raises(load_run.LoadError, match="LOAD_USERS"):
        load_run.env_int("LOAD_USERS", 20)
    monkeypatch.setenv("LOAD_USERS", "0")
    with pytest.raises(load_run.LoadError, match="LOAD_USERS"):
        load_run.env_int("LOAD_USERS", 20)
