"""A program's results page: the paired pre/post change with its n, session by session,
attendance and field reports with their outcome; only for the program's educators and
staff."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engage.accounts.roles import EDUCATOR, STAFF
from engage.reports.models import ServiceReport
from engage.reports.services import change_status
from tests.factories import UserFactory
from tests.reports.factories import CategoryFactory, ReportFactory, translate_category
from tests.youth.factories import (
    ParticipantFactory,
    ProgramFactory,
    SessionFactory,
    answer_in_session,
    field_report,
    mark,
    survey_pair,
)
from youth.listing.results import program_results

Status = ServiceReport.Status
DAY = datetime.timedelta(days=1)


@pytest.fixture
def educator(db):
    return UserFactory(roles=[EDUCATOR])


@pytest.fixture
def program(educator):
    before, after = survey_pair()
    program = ProgramFactory(educators=[educator], pre_survey=before, post_survey=after)
    now = timezone.now()
    first = SessionFactory(program=program, title="Walk", survey="pre", starts_at=now - DAY * 14)
    SessionFactory(program=program, title="Visit", starts_at=now - DAY * 7)
    last = SessionFactory(program=program, title="Wrap-up", survey="post", starts_at=now)
    kids = [ParticipantFactory(program=program, consent=True) for _ in range(6)]
    # Before: one of the six knew what 311 is; after: five of the six (one never answered
    # after, one answered after only without a handout code).
    for number, kid in enumerate(kids):
        answer_in_session(first, before, {1: "Yes" if number == 0 else "No", 2: 1}, kid)
    for kid in kids[:5]:
        answer_in_session(last, after, {1: "Yes", 2: 4}, kid)
    answer_in_session(last, after, {1: "No", 2: 2})  # anonymous
    mark(first, kids)
    mark(last, kids[:5])
    mark(last, kids[5:], present=False)
    return program


def results_url(program):
    return reverse("youth:program_results", args=[program.pk])


def test_the_change_overall_counts_only_pairs(program):
    results = program_results(program)
    assert results.pairs == 5
    assert (results.pre_responses, results.post_responses) == (6, 6)
    known, sure = results.changes
    assert known.answered == 5
    shares = {o.label: (round(o.pre), round(o.post)) for o in known.comparison.overall}
    assert shares == {"Yes": (20, 100), "No": (80, 0)}  # 1 of 5 knew before, 5 of 5 after
    assert (sure.comparison.overall.pre, sure.comparison.overall.post) == (1.0, 4.0)


def test_session_by_session_everyone_who_answered_there(program):
    known = program_results(program).changes[0]
    rows = [(row.session.title, row.side, row.answered, row.shares) for row in known.sessions]
    assert rows == [
        ("Walk", "pre", 6, [("Yes", pytest.approx(100 / 6)), ("No", pytest.approx(500 / 6))]),
        ("Wrap-up", "post", 6, [("Yes", pytest.approx(500 / 6)), ("No", pytest.approx(100 / 6))]),
    ]


def test_attendance_by_session_and_overall(program):
    results = program_results(program)
    lines = {line.session.title: (line.present, line.marked) for line in results.sessions}
    assert lines == {"Walk": (6, 6), "Visit": (0, 0), "Wrap-up": (5, 6)}
    assert [line.session.title for line in results.sessions] == ["Walk", "Visit", "Wrap-up"]
    assert results.attendance_rate == pytest.approx(100 * 11 / 12)
    assert results.sessions[1].attendance_rate is None  # not taken yet


def test_field_reports_by_category_and_what_became_of_them(program):
    session = program.sessions.first()
    graffiti = CategoryFactory(name="Graffiti")
    dumping = CategoryFactory(name="Illegal dumping")
    for status in (Status.RESOLVED, Status.RESOLVED, Status.IN_PROGRESS, Status.CLOSED):
        report = ReportFactory(category=graffiti, channel=ServiceReport.Channel.YOUTH)
        if status != Status.SUBMITTED:
            change_status(report, status)
        field_report(session, graffiti, "released", report=report)
    field_report(session, graffiti, "held")
    field_report(session, dumping, "rejected")
    field_report(session, dumping, "held")
    (first, second) = program_results(program).categories
    assert (first.name, first.filed, first.released, first.resolved, first.open) == (
        "Graffiti",
        5,
        4,
        2,
        1,
    )
    assert (first.closed, first.held, first.rejected) == (1, 1, 0)
    assert (second.name, second.filed, second.held, second.rejected) == (
        "Illegal dumping",
        2,
        1,
        1,
    )
    assert program_results(program).sessions[0].field_reports == 7


def test_category_names_in_the_visitors_language(program, client, educator):
    graffiti = CategoryFactory(name="Graffiti")
    translate_category(graffiti, name="Grafiti")
    field_report(program.sessions.first(), graffiti)
    client.force_login(educator)
    page = client.get(reverse("youth:program_results", args=[program.pk]).replace("/en/", "/es/"))
    assert page.status_code == 200
    assert '<th scope="row">Grafiti</th>' in page.content.decode()


def test_the_page_for_the_programs_educator(client, program, educator):
    client.force_login(educator)
    page = client.get(results_url(program))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert 'id="pair-count">5<' in html
    assert html.count('role="img"') == 2  # a chart per compared question
    assert "5 participants answered it before and after." in html
    assert reverse("youth:program_report_pdf", args=[program.pk]) in html
    assert reverse("youth:program_report_csv", args=[program.pk]) in html
    # Nobody is named on it, even for the educator: it is about the group.
    for participant in program.participants.all():
        assert participant.first_name not in html


def test_staff_see_every_programs_results(client, program):
    client.force_login(UserFactory(roles=[STAFF]))
    assert client.get(results_url(program)).status_code == 200


def test_anyone_else_is_told_not_found(client, program, resident):
    other_educator = UserFactory(roles=[EDUCATOR])
    client.force_login(other_educator)
    assert client.get(results_url(program)).status_code == 404
    client.force_login(resident)
    assert client.get(results_url(program)).status_code == 404
    client.logout()
    assert client.get(results_url(program)).status_code == 302  # log in first


def test_a_program_without_surveys_says_so(client, educator):
    program = ProgramFactory(educators=[educator])
    client.force_login(educator)
    page = client.get(results_url(program))
    assert page.status_code == 200
    assert "no survey before and after" in page.content.decode()


def test_query_count_does_not_grow_with_the_program(client, program, educator):
    client.force_login(educator)
    client.get(results_url(program))

    with CaptureQueriesContext(connection) as small:
        client.get(results_url(program))
    sessions = [SessionFactory(program=program, title=f"Extra {n}") for n in range(5)]
    kids = [ParticipantFactory(program=program, consent=True) for _ in range(10)]
    for session in sessions:
        mark(session, kids)
    with CaptureQueriesContext(connection) as big:
        client.get(results_url(program))
    assert len(big.captured_queries) == len(small.captured_queries)


def answer_queries(captured):
    return [q for q in captured.captured_queries if "surveys_answer" in q["sql"]]


def test_the_comparison_is_cached_until_an_answer_comes_in(program, settings):
    settings.YOUTH_RESULTS_CACHE_SECONDS = 300
    program_results(program)
    with CaptureQueriesContext(connection) as cached:
        again = program_results(program)
    assert not answer_queries(cached)
    assert again.pairs == 5
    # A sixth child answers after: the next look counts them.
    last = program.sessions.get(title="Wrap-up")
    kid = program.participants.order_by("pk").last()
    answer_in_session(last, program.post_survey, {1: "Yes", 2: 5}, kid)
    with CaptureQueriesContext(connection) as fresh:
        now = program_results(program)
    assert answer_queries(fresh)
    assert now.pairs == 6


def test_without_the_cache_every_look_counts(program, settings):
    settings.YOUTH_RESULTS_CACHE_SECONDS = 0
    program_results(program)
    with CaptureQueriesContext(connection) as captured:
        program_results(program)
    assert answer_queries(captured)
