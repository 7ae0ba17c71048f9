"""The work waiting on the Wagtail dashboard: each part's counts, shown only to the roles
that can act on them, each linking to the admin list filtered to those items."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from engage.accounts.roles import EDUCATOR, LIAISON, MODERATOR, STAFF
from engage.core.work_waiting import WaitingWork, work_waiting_panels
from engage.reports import services as report_services
from engage.reports.models import ServiceReport
from ideas import services as idea_services
from ideas.models import Flag, Moderation
from surveys.models import Response
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, add_threads, make_campaign
from tests.reports.factories import CategoryFactory
from tests.surveys.factories import make_survey, q

DASHBOARD = "/admin/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def work():
    """Two ideas awaiting moderation, one flagged idea and one flagged comment, three open
    reports (two overdue, one of them unassigned) and a closed overdue one, and survey
    responses: two today, one yesterday."""
    vetted = make_campaign("Vetted", moderation=Moderation.PRE)
    IdeaFactory(campaign=vetted)
    IdeaFactory(campaign=vetted)
    flagged = IdeaFactory()
    resident = UserFactory()
    idea_services.flag(resident, reason=Flag.Reason.SPAM, idea=flagged)
    comment = add_threads(flagged, 1, replies=0)[0]
    idea_services.flag(resident, reason=Flag.Reason.SPAM, comment=comment)
    idea_services.flag(UserFactory(), reason=Flag.Reason.SPAM, comment=comment)

    category = CategoryFactory(target_days=1)
    long_ago = timezone.now() - timedelta(days=5)
    report_services.file_report(category=category, description="late", submitted_at=long_ago)
    unassigned = report_services.file_report(
        category=category, description="late, nobody's", submitted_at=long_ago
    )
    ServiceReport.objects.filter(pk=unassigned.pk).update(department=None)
    report_services.file_report(category=category, description="new")
    closed = report_services.file_report(
        category=category, description="done", submitted_at=long_ago
    )
    report_services.change_status(closed, ServiceReport.Status.RESOLVED)

    survey = make_survey([q.short("Anything else?", required=False)])
    Response.objects.create(survey=survey)
    Response.objects.create(survey=survey)
    Response.objects.create(survey=survey, submitted_at=timezone.now() - timedelta(days=1))


def panel_items(user):
    return {
        panel.name: {item.label: item for item in panel.items}
        for panel in work_waiting_panels(user)
    }


def test_staff_see_every_part_with_its_counts(work):
    panels = panel_items(UserFactory(roles=[STAFF]))

    # In the order of INSTALLED_APPS.
    assert list(panels) == ["reports", "surveys", "ideas", "liaisons"]
    assert panels["liaisons"]["volunteer events awaiting approval"].count == 0
    ideas = panels["ideas"]
    assert ideas["ideas awaiting moderation"].count == 2
    assert ideas["flagged idea"].count == 1
    # Two flags on one comment: one comment to look at.
    assert ideas["flagged comment"].count == 1
    reports = panels["reports"]
    assert reports["overdue reports"].count == 2
    assert reports["overdue reports"].urgent
    assert reports["open report not assigned to a department"].count == 1
    assert panels["surveys"]["survey responses today"].count == 2
    assert panels["liaisons"]["liaison applications waiting for a decision"].count == 0


def test_moderators_see_ideas_and_reports_but_not_survey_responses(work):
    panels = panel_items(UserFactory(roles=[MODERATOR]))

    assert set(panels) == {"ideas", "reports"}


@pytest.mark.parametrize("role", [LIAISON, EDUCATOR])
def test_roles_without_admin_work_see_no_panel(work, role):
    assert work_waiting_panels(UserFactory(roles=[role])) == []
    assert work_waiting_panels(UserFactory()) == []


def _count_of(html, label):
    match = re.search(
        r'<a href="([^"]+)" data-work-item>\s*<span[^>]*>(\d+)</span>\s*' + re.escape(label), html
    )
    assert match, f"no {label!r} on the dashboard"
    return match.group(1).replace("&amp;", "&"), int(match.group(2))


def test_the_dashboard_links_each_count_to_the_filtered_list(client, work):
    client.force_login(UserFactory(roles=[STAFF]))
    html = client.get(DASHBOARD).content.decode()

    checks = {
        "ideas awaiting moderation": 2,
        "flagged idea": 1,
        "flagged comment": 1,
        "overdue reports": 2,
        "open report not assigned to a department": 1,
        "survey responses today": 2,
    }
    for label, expected in checks.items():
        url, count = _count_of(html, label)
        assert count == expected, label
        # The link leads to a list that shows exactly what was counted.
        listing = client.get(url)
        assert listing.status_code == 200, url

    url, _count = _count_of(html, "overdue reports")
    assert parse_qs(urlsplit(url).query) == {"overdue": ["true"]}
    url, _count = _count_of(html, "survey responses today")
    today = timezone.localdate().isoformat()
    assert parse_qs(urlsplit(url).query) == {
        "submitted_at_after": [today],
        "submitted_at_before": [today],
    }


def test_the_filtered_report_lists_hold_what_was_counted(client, work):
    client.force_login(UserFactory(roles=[STAFF]))
    html = client.get(DASHBOARD).content.decode()
    expected = {
        "overdue reports": ServiceReport.objects.overdue(),
        "open report not assigned to a department": ServiceReport.objects.open().filter(
            department=None
        ),
    }
    for label, reports in expected.items():
        url, _count = _count_of(html, label)
        listing = client.get(url).content.decode()
        shown = {r.reference for r in ServiceReport.objects.all() if r.reference in listing}
        assert shown == {r.reference for r in reports}, label


def test_a_moderator_sees_no_survey_panel_on_the_dashboard(client, work):
    client.force_login(UserFactory(roles=[MODERATOR]))
    html = client.get(DASHBOARD).content.decode()

    assert "ideas awaiting moderation" in html
    assert "overdue reports" in html
    assert "survey responses today" not in html


def test_the_dashboard_queries_stay_bounded(client, work, django_assert_max_num_queries):
    client.force_login(UserFactory(roles=[STAFF]))
    client.get(DASHBOARD)  # warm Wagtail's own caches (site root, user profile)
    with django_assert_max_num_queries(40):
        response = client.get(DASHBOARD)
    assert response.status_code == 200


def test_the_counts_do_not_grow_with_the_amount_of_work(django_assert_num_queries, work):
    staff = UserFactory(roles=[STAFF])
    staff.has_perm("reports.change_servicereport")  # load the permission cache first
    # ideas: queue + flags; reports: one aggregate; surveys: one count; liaisons: the
    # person's roles (cached on the user), one count of applications and one of events
    # awaiting approval; youth: one grouped count of field reports waiting for review;
    # the knowledge base: the live answers' review dates.
    with django_assert_num_queries(9):
        panels = work_waiting_panels(staff)
    assert all(isinstance(item, WaitingWork) for panel in panels for item in panel.items)
