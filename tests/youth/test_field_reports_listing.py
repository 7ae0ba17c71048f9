"""What a session's field reports came to: the educator's summary, the class's page, and the
work waiting on the staff dashboard."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from engage.accounts.roles import EDUCATOR, STAFF
from engage.reports import services as report_services
from engage.reports.models import ServiceReport
from tests.factories import UserFactory
from tests.reports.factories import CategoryFactory, translate_category
from youth.admin_home import work_waiting
from youth.listing.field_reports import class_results, session_summary
from youth.models import FieldReport, SessionJoin
from youth.services import field_reports as services

from .factories import FieldReportFactory, ParticipantFactory, ProgramFactory, SessionFactory

pytestmark = pytest.mark.django_db

Status = ServiceReport.Status


@pytest.fixture
def educator():
    return UserFactory(roles=[EDUCATOR])


@pytest.fixture
def session(educator):
    return SessionFactory(program=ProgramFactory(educators=[educator]), title="Neighborhood walk")


@pytest.fixture
def graffiti():
    category = CategoryFactory(code="graffiti", name="Graffiti")
    translate_category(category, name="Grafiti")
    return category


@pytest.fixture
def dumping():
    return CategoryFactory(code="dumping", name="Illegal dumping")


def file_and_review(session, educator, category, *, release=True, reject=False, **fields):
    child = ParticipantFactory(program=session.program, consent=True)
    held = FieldReportFactory(session=session, participant=child, category=category, **fields)
    if release:
        return services.release(held, by=educator).report
    if reject:
        services.reject(held, by=educator, reason="Not for the city")
    return None


def test_the_summary_counts_by_review_state_category_and_status(
    session, educator, graffiti, dumping
):
    sent = [file_and_review(session, educator, graffiti) for _ in range(3)]
    file_and_review(session, educator, dumping)
    file_and_review(session, educator, dumping, release=False)
    file_and_review(session, educator, graffiti, release=False, reject=True)
    report_services.change_status(sent[0], Status.RESOLVED)
    # A report filed in Spanish counts with its English category.
    spanish = graffiti.get_translations().get()
    FieldReportFactory(session=session, category=spanish)

    summary = session_summary(session)

    assert (summary.held, summary.released, summary.rejected) == (2, 4, 1)
    assert summary.total == 7
    assert [(c.name, c.total, c.released) for c in summary.categories] == [
        ("Graffiti", 5, 3),
        ("Illegal dumping", 2, 1),
    ]
    assert {(s.value, s.count) for s in summary.statuses} == {
        (Status.SUBMITTED, 3),
        (Status.RESOLVED, 1),
    }
    assert summary.resolved == 1
    assert len(summary.map_config["reports"]) == 4
    first = next(r for r in summary.map_config["reports"] if r["reference"] == sent[0].reference)
    assert first["status"] == Status.RESOLVED
    assert first["url"] == sent[0].get_absolute_url()


def test_the_summary_speaks_the_visitors_language(session, educator, graffiti):
    file_and_review(session, educator, graffiti)

    with translation.override("es"):
        summary = session_summary(session)

    assert summary.categories[0].name == "Grafiti"
    assert summary.reports[0].category_name == "Grafiti"


def test_other_sessions_reports_are_not_counted(session, educator, graffiti):
    other = SessionFactory(program=session.program)
    file_and_review(other, educator, graffiti)
    file_and_review(other, educator, graffiti, release=False)

    summary = session_summary(session)

    assert summary.total == 0 and summary.reports == [] and summary.map_config is None


def test_the_summary_costs_the_same_queries_for_many_reports(session, educator, graffiti, dumping):
    file_and_review(session, educator, graffiti)
    few_count = _count_queries(session)
    for _number in range(5):
        file_and_review(session, educator, graffiti)
        file_and_review(session, educator, dumping, release=False)

    assert _count_queries(session) == few_count


def _count_queries(session):
    with CaptureQueriesContext(connection) as queries:
        summary = session_summary(session)
        [report.get_status_display() for report in summary.reports]
    return len(queries.captured_queries)


def test_the_session_page_include_renders_the_summary(session, educator, graffiti):
    report = file_and_review(session, educator, graffiti)
    file_and_review(session, educator, graffiti, release=False)
    request = RequestFactory().get("/")
    request.user = educator

    html = render_to_string(
        "youth/includes/session_field_reports.html",
        {"field_reports": session_summary(session)},
        request=request,
    )

    assert "1 waiting for your review" in html
    assert "1 sent to the city" in html
    assert reverse("youth:review", args=[session.pk]) in html
    assert report.reference in html
    assert 'id="youth-field-reports-map-config"' in html
    assert reverse("youth:class_results", args=[session.results_key]) in html


def test_the_include_says_when_nothing_was_filed(session):
    html = render_to_string(
        "youth/includes/session_field_reports.html", {"field_reports": session_summary(session)}
    )

    assert 'id="field-reports-none"' in html
    assert "youth-field-reports-map" not in html


# The class's public page ---------------------------------------------------------------------


def test_the_class_page_shows_released_reports_only_and_no_names(
    client, session, educator, graffiti
):
    sent = [file_and_review(session, educator, graffiti) for _ in range(5)]
    ParticipantFactory(program=session.program, first_name="Eustacia", consent=True)
    held = FieldReportFactory(
        session=session, category=graffiti, description="Held text about Eustacia"
    )

    response = client.get(reverse("youth:class_results", args=[session.results_key]))

    assert response.status_code == 200
    page = response.content.decode()
    for report in sent:
        assert report.reference in page
    assert held.description not in page
    assert "Eustacia" not in page
    assert "Kid" not in page  # the factory's first names
    assert "Filed by 5 participants." in page
    assert '<meta name="robots" content="noindex">' in page


def test_fewer_than_five_participants_is_all_the_class_page_says(session, educator, graffiti):
    for _ in range(4):
        file_and_review(session, educator, graffiti)

    assert class_results(session).reporters == "fewer than 5"


def test_anonymous_devices_count_as_participants_once_each(session, educator, graffiti):
    joins = [
        SessionJoin.objects.create(session=session, device_key=f"device-{n}") for n in range(5)
    ]
    for join in joins:
        for _ in range(2):
            held = FieldReportFactory(session=session, category=graffiti, joined=join)
            services.release(held, by=educator)

    results = class_results(session)

    assert results.released == 10
    assert results.reporters == "5"


def test_an_unknown_class_page_is_not_found(client, session):
    assert client.get(reverse("youth:class_results", args=["nope"])).status_code == 404


def test_the_class_page_before_anything_was_sent(client, session):
    FieldReportFactory(session=session)

    page = client.get(reverse("youth:class_results", args=[session.results_key])).content

    assert b'id="class-none"' in page


# The staff dashboard ------------------------------------------------------------------------


def test_staff_see_the_sessions_with_reports_waiting_oldest_first(session, educator, graffiti):
    later = SessionFactory(program=session.program, title="Second walk")
    FieldReportFactory(session=session, category=graffiti)
    FieldReportFactory(session=later, category=graffiti)
    FieldReportFactory(session=later, category=graffiti)
    file_and_review(session, educator, graffiti)  # released: not waiting
    staff = UserFactory(roles=[STAFF])

    items = work_waiting(staff)

    assert [(item.count, item.url) for item in items] == [
        (1, reverse("youth:review", args=[session.pk])),
        (2, reverse("youth:review", args=[later.pk])),
    ]
    assert "Neighborhood walk" in items[0].label
    assert "field reports waiting for review" in items[1].label


def test_beyond_five_sessions_the_rest_are_summed(session, graffiti):
    for _ in range(7):
        FieldReportFactory(session=SessionFactory(program=session.program), category=graffiti)

    items = work_waiting(UserFactory(roles=[STAFF]))

    assert len(items) == 6
    assert items[-1].count == 2
    assert items[-1].url == reverse("youth:educator")


def test_nothing_waiting_means_no_panel_and_others_see_nothing(session, educator, graffiti):
    assert work_waiting(UserFactory(roles=[STAFF])) == []
    FieldReportFactory(session=session, category=graffiti)
    assert work_waiting(educator) == []
    assert work_waiting(UserFactory()) == []
    assert FieldReport.objects.count() == 1
