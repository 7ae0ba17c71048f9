"""Service levels: targets per category with the department's as the fallback, the
compliance figure against a hand-computed month (open overdue cases, time-zone and
daylight-saving edges), and the "Overdue" marker in the triage queue."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from engage.outcomes.metrics import Period
from engage.outcomes.metrics import service_levels as sl
from engage.reports import services
from engage.reports.models import Department, ServiceCategory, ServiceReport
from tests.factories import UserFactory
from tests.outcomes.follow_up_factories import at, close, filed

Status = ServiceReport.Status
MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))
AFTER_MARCH = at(2026, 5, 1)


@pytest.fixture
def streets(db):
    return Department.objects.create(name="Streets", email="streets@city.example")


@pytest.fixture
def sanitation(db):
    return Department.objects.create(
        name="Sanitation", email="sanitation@city.example", target_days=3, goal_percent=90
    )


def category(code, name, department, target_days=None):
    return ServiceCategory.objects.create(
        locale=Locale.get_default(),
        code=code,
        name=name,
        department=department,
        target_days=target_days,
    )


# --- Targets ---


def test_a_category_without_a_target_uses_its_departments(sanitation):
    bins = category("bins", "Missed bin collection", sanitation)
    report = services.file_report(category=bins, description="Not collected")
    assert report.due_at == timezone.localtime(report.submitted_at) + datetime.timedelta(days=3)


def test_a_categorys_own_target_comes_first(sanitation):
    dumping = category("dumping", "Illegal dumping", sanitation, target_days=10)
    report = services.file_report(category=dumping, description="A sofa")
    assert (report.due_at - report.submitted_at).days == 10


def test_no_target_anywhere_means_no_deadline(streets):
    graffiti = category("graffiti", "Graffiti", streets)
    assert services.file_report(category=graffiti, description="Tag").due_at is None


def test_the_deadline_keeps_the_wall_clock_across_daylight_saving(sanitation):
    bins = category("bins", "Missed bin collection", sanitation)
    # 7 March 2026, noon EST; 8 March the clocks go forward: due 10 March, noon EDT.
    due = bins.due_at(at(2026, 3, 7, 12))
    assert (due.hour, due.day) == (12, 10)
    utc = datetime.UTC
    assert due.astimezone(utc) - at(2026, 3, 7, 12).astimezone(utc) == datetime.timedelta(hours=71)


def test_open311_promises_the_departments_target(client, sanitation):
    category("bins", "Missed bin collection", sanitation)
    bins = ServiceCategory.objects.get(code="bins")
    filed_report = services.file_report(category=bins, description="x", lat=39.95, lng=-75.16)
    data = json.loads(client.get(f"/open311/v2/requests/{filed_report.reference}.json").content)
    assert data[0]["service_notice"] == "The city aims to resolve this within 3 days."


# --- Compliance over March 2026, by hand ---


@pytest.fixture
def march(streets, sanitation):
    pothole = category("pothole", "Pothole", streets, target_days=7)
    graffiti = category("graffiti", "Graffiti", streets)  # no target at all
    bins = category("bins", "Missed bin collection", sanitation)  # the department's 3 days
    r = {}
    # Pothole (Streets): on time 1, late 1, open and overdue 3.
    # Bins (Sanitation): on time 1, late 2, open and overdue 1. In all 2 + 3 + 4 = 9.
    r["on_time"] = close(filed(pothole, submitted=at(2026, 3, 2, 9)), at(2026, 3, 5))
    r["late"] = close(filed(pothole, submitted=at(2026, 3, 10, 9)), at(2026, 3, 20))
    r["open_overdue"] = filed(pothole, submitted=at(2026, 3, 20, 10))  # due 27 March
    r["due_after_march"] = filed(pothole, submitted=at(2026, 3, 25, 9))  # due 1 April
    # Due in March, closed only in April: it was open and overdue when March ended.
    r["closed_in_april"] = close(
        filed(pothole, submitted=at(2026, 3, 28), due=at(2026, 3, 31, 20)), at(2026, 4, 2)
    )
    r["closed_in_february"] = close(filed(pothole, submitted=at(2026, 2, 1)), at(2026, 2, 20))
    # Overdue since February and still open: it counts against March too.
    r["open_since_february"] = filed(pothole, submitted=at(2026, 2, 1))
    r["duplicate"] = close(
        filed(pothole, submitted=at(2026, 3, 3)), at(2026, 3, 4), status=Status.DUPLICATE
    )
    r["no_target"] = close(filed(graffiti, submitted=at(2026, 3, 3)), at(2026, 3, 30))
    # Bins (Sanitation): on time 1, late 2, open and overdue 1.
    r["bins_on_time"] = close(filed(bins, submitted=at(2026, 3, 15, 9)), at(2026, 3, 16))
    # Closed 23:30 on 31 March in the city, already 1 April in UTC: a March closing.
    r["bins_late_last_evening"] = close(
        filed(bins, submitted=at(2026, 3, 27, 23)), at(2026, 3, 31, 23, 30)
    )
    # Closed 00:30 on 1 April in the city: not in March, so open and overdue at its end.
    r["bins_closed_april_first"] = close(
        filed(bins, submitted=at(2026, 3, 28, 12)), at(2026, 4, 1, 0, 30)
    )
    # Closed 23:30 on 28 February in the city (1 March in UTC): not a March closing.
    r["bins_closed_february_evening"] = close(
        filed(bins, submitted=at(2026, 2, 26, 12)), at(2026, 2, 28, 23, 30)
    )
    # Daylight saving: filed at noon on 7 March, due at noon on 10 March (71 hours),
    # closed at 12:30 — late, though it is within 72 hours.
    r["bins_late_across_dst"] = close(
        filed(bins, submitted=at(2026, 3, 7, 12)), at(2026, 3, 10, 12, 30)
    )
    return r


def test_the_months_counts_match_the_hand_count(march):
    counts = sl.counts_by(MARCH, None, now=AFTER_MARCH)[None]
    assert (counts.on_time, counts.late, counts.open_overdue) == (2, 3, 4)
    assert counts.compliance == pytest.approx(2 / 9)


def test_which_reports_are_open_and_overdue_at_the_end(march):
    overdue = set(sl.open_overdue_reports(MARCH, now=AFTER_MARCH))
    assert overdue == {
        march["open_overdue"],
        march["closed_in_april"],
        march["open_since_february"],
        march["bins_closed_april_first"],
    }


def test_per_department(march, streets, sanitation):
    by_department = sl.counts_by(MARCH, "department", now=AFTER_MARCH)
    assert by_department[streets.pk] == sl.Counts(on_time=1, late=1, open_overdue=3)
    assert by_department[sanitation.pk] == sl.Counts(on_time=1, late=2, open_overdue=1)


def test_the_section_has_the_figures_and_tables_with_their_cases(march):
    section = sl.section(MARCH, now=AFTER_MARCH)
    figures = {figure.key: figure for figure in section.figures}
    compliance = figures["service_levels.compliance"]
    assert compliance.value == pytest.approx(2 / 9) and compliance.cases == 9
    # Nine cases are fewer than the minimum sample: shown as such, never ranked.
    assert compliance.unit == "share" and compliance.too_few
    assert figures["service_levels.open_overdue"].value == 4
    tables = {table.key: table for table in section.tables}
    by_category = tables["service_levels.by_category"]
    # In the order of the names, never of the values; graffiti (no target) is absent.
    assert by_category.rows == (
        ("Missed bin collection", pytest.approx(0.25)),
        ("Pothole", pytest.approx(0.2)),
    )
    assert by_category.cases == (4, 5)
    by_department = tables["service_levels.by_department"]
    assert by_department.rows == (
        ("Sanitation", pytest.approx(0.25), pytest.approx(0.9)),
        ("Streets", pytest.approx(0.2), None),
    )
    assert tables["service_levels.cases_by_department"].rows == (
        ("Sanitation", 1, 2, 1),
        ("Streets", 1, 1, 3),
    )


def test_a_category_is_counted_once_in_every_language(march, streets):
    pothole = ServiceCategory.objects.get(code="pothole")
    spanish = Locale.objects.get_or_create(language_code="es")[0]
    bache = pothole.copy_for_translation(spanish)
    bache.name = "Bache"
    bache.save()
    close(filed(bache, submitted=at(2026, 3, 4, 9)), at(2026, 3, 6))
    tables = {t.key: t for t in sl.section(MARCH, now=AFTER_MARCH).tables}
    rows = {row[0]: row[1:] for row in tables["service_levels.cases_by_category"].rows}
    assert rows["Pothole"] == (2, 1, 3)
    assert "Bache" not in rows


def test_one_neighborhood(march, neighborhood_factory):
    north = neighborhood_factory()
    ServiceReport.objects.filter(pk__in=[march["late"].pk, march["open_since_february"].pk]).update(
        neighborhood=north
    )
    counts = sl.counts_by(MARCH, None, neighborhood=north, now=AFTER_MARCH)[None]
    assert counts == sl.Counts(on_time=0, late=1, open_overdue=1)


def test_a_period_not_over_yet_counts_overdue_up_to_now(march):
    # On 20 March at noon, the report due on 27 March is not overdue yet.
    now = at(2026, 3, 20, 12)
    overdue = set(sl.open_overdue_reports(MARCH, now=now))
    assert march["open_overdue"] not in overdue
    assert march["open_since_february"] in overdue


def test_nothing_to_count_gives_no_value_not_zero(db):
    section = sl.section(MARCH, now=AFTER_MARCH)
    compliance = {f.key: f for f in section.figures}["service_levels.compliance"]
    assert compliance.value is None and compliance.cases == 0 and compliance.too_few


# --- The triage queue ---


def test_the_queue_flags_a_report_past_its_departments_target(client, sanitation):
    bins = category("bins", "Missed bin collection", sanitation)
    late = filed(bins, submitted=timezone.now() - datetime.timedelta(days=4))
    on_time = filed(bins, submitted=timezone.now())
    client.force_login(UserFactory(roles=["Staff"]))
    html = client.get("/admin/snippets/reports/servicereport/").content.decode()
    assert html.count("data-overdue") == 1
    assert late.reference in html and on_time.reference in html
    overdue_only = client.get("/admin/snippets/reports/servicereport/?overdue=true")
    assert late.reference in overdue_only.content.decode()
    assert on_time.reference not in overdue_only.content.decode()


def test_staff_set_a_departments_target_and_goal(client, sanitation):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = f"/admin/snippets/reports/department/edit/{sanitation.pk}/"
    response = client.post(
        url,
        {"name": "Sanitation", "email": "s@city.example", "target_days": "5", "goal_percent": "95"},
    )
    assert response.status_code == 302
    sanitation.refresh_from_db()
    assert (sanitation.target_days, sanitation.goal_percent) == (5, 95)
    refused = client.post(
        url, {"name": "Sanitation", "email": "", "target_days": "5", "goal_percent": "150"}
    )
    assert refused.status_code == 200
    sanitation.refresh_from_db()
    assert sanitation.goal_percent == 95


def test_the_number_of_queries_does_not_grow_with_the_reports(march):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            sl.section(MARCH, now=AFTER_MARCH)
        return len(captured)

    before = queries()
    bins = ServiceCategory.objects.get(code="bins")
    for day in range(2, 20):
        close(filed(bins, submitted=at(2026, 3, day, 9)), at(2026, 3, day + 1))
    assert queries() == before
