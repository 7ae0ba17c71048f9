"""The staff performance dashboard: the figures of the period asked for beside the previous
period's, for the city or one neighborhood, in the city's days; staff only; every table
and every figure as CSV, formulas neutralised; values written in the reader's language."""

import csv
import datetime
import io
import sys
import types

import pytest
from django.utils import translation

from engage.accounts.roles import MODERATOR, STAFF
from engage.outcomes import metrics, performance
from engage.outcomes.metrics import Figure, Period, Section, Table
from engage.reports.models import ServiceReport
from tests.factories import PASSWORD, NeighborhoodFactory, UserFactory
from tests.outcomes.dashboard_factories import local, plug_report_figures, report_at

pytestmark = pytest.mark.django_db
DASHBOARD = "/admin/performance/"
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}
Channel = ServiceReport.Channel


@pytest.fixture
def use_report_figures(monkeypatch):
    return plug_report_figures(monkeypatch)


def log_in(client, roles):
    client.login(email=UserFactory(roles=roles).email, password=PASSWORD)
    return client


@pytest.fixture
def march():
    """Four reports in March 2026 (New York days), one in the 31 days before, one after."""
    report_at(local(2026, 2, 27, 10), channel=Channel.WEB)  # the previous period
    report_at(local(2026, 3, 1, 0, 30), channel=Channel.PHONE)
    # The morning the clocks went forward (2:00 → 3:00): still 8 March.
    report_at(local(2026, 3, 8, 3, 30), channel=Channel.WEB)
    report_at(local(2026, 3, 10, 9), channel=Channel.WEB, closed_at=local(2026, 3, 12, 9))
    # 23:30 on 31 March in New York is 1 April in UTC: it counts in March.
    report_at(local(2026, 3, 31, 23, 30), channel=Channel.WEB)
    report_at(local(2026, 4, 1, 0, 10), channel=Channel.PHONE)  # after


def figure_cell(html, key):
    marker = f'data-figure="{key}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("</td>", start)].strip()


def test_staff_see_the_period_beside_the_previous_one(client, march, use_report_figures):
    response = log_in(client, [STAFF]).get(DASHBOARD, MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert figure_cell(html, "reports.received") == "4"
    assert "+3 (+300.0 %)" in html
    # One closed report of four: too few cases to mean anything, and not compared.
    assert figure_cell(html, "reports.closed_share") == "too few cases (4)"
    assert "For staff only" in html
    march_period = Period(datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))
    assert (march_period, None, False) in use_report_figures
    assert (march_period.previous(), None, False) in use_report_figures
    assert march_period.previous().start == datetime.date(2026, 1, 29)


def test_each_table_has_its_chart_and_its_data(client, march, use_report_figures):
    html = log_in(client, [STAFF]).get(DASHBOARD, MARCH).content.decode()
    assert 'id="chart-reports-by-channel"' in html
    assert 'id="chart-reports-received-by-week"' in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    assert '<th scope="row">Phone</th>' in html
    link = "/admin/performance/tables/reports/by_channel.csv?start=2026-03-01&amp;end=2026-03-31"
    assert link in html


def test_one_neighborhood(client, march, use_report_figures):
    place = NeighborhoodFactory(name="Kensington")
    report_at(local(2026, 3, 15, 12), neighborhood=place)
    html = log_in(client, [STAFF]).get(DASHBOARD, {**MARCH, "neighborhood": place.slug})
    html = html.content.decode()
    assert figure_cell(html, "reports.received") == "1"
    assert "Kensington" in html
    assert use_report_figures[0][1] == place


def test_a_period_back_to_front_is_refused_and_the_default_shown(client, use_report_figures):
    response = log_in(client, [STAFF]).get(DASHBOARD, {"start": "2026-03-31", "end": "2026-03-01"})
    assert response.status_code == 200
    assert "The first day must not come after the last one." in response.content.decode()
    assert use_report_figures[0][0] == performance.last_days(30)


def test_a_date_that_is_no_date_is_named(client, use_report_figures):
    response = log_in(client, [STAFF]).get(DASHBOARD, {"start": "March", "end": "2026-03-31"})
    assert "Enter a valid date." in response.content.decode()


def test_a_period_too_long_is_refused(client, use_report_figures):
    response = log_in(client, [STAFF]).get(DASHBOARD, {"start": "2020-01-01", "end": "2026-03-31"})
    assert "Choose at most" in response.content.decode()


@pytest.mark.parametrize("roles", [[MODERATOR], []])
def test_only_staff(client, roles, use_report_figures):
    client = log_in(client, roles)
    assert client.get(DASHBOARD).status_code in (302, 403)
    assert client.get(DASHBOARD + "figures.csv").status_code in (302, 403)
    assert use_report_figures == []


def test_anonymous_visitors_are_sent_to_log_in(client, use_report_figures):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_menu_has_performance_for_staff(client, use_report_figures):
    # The sidebar's items are JSON in the page.
    assert '"/admin/performance/"' in log_in(client, [STAFF]).get("/admin/").content.decode()


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_every_figure_as_csv(client, march, use_report_figures):
    response = log_in(client, [STAFF]).get(DASHBOARD + "figures.csv", MARCH)
    assert "performance-figures-2026-03-01-to-2026-04-01" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header[:4] == ["Section", "Figure", "Key", "Value"]
    by_key = {row[2]: row for row in rows}
    assert by_key["reports.received"][3] == "4"
    assert by_key["reports.received"][7] == "1"  # the previous period
    assert by_key["reports.closed_share"][3] == "0.25"
    assert by_key["reports.closed_share"][6] == "yes"
    assert "contact_center.open" in by_key


def test_a_table_as_csv(client, march, use_report_figures):
    response = log_in(client, [STAFF]).get(DASHBOARD + "tables/reports/by_channel.csv", MARCH)
    header, *rows = read_csv(response)
    assert header == ["Reports by channel", "Reports", "Unit"]
    assert ["Website", "3", "count"] in rows
    assert ["Phone", "1", "count"] in rows


def test_an_unknown_table_is_not_found(client, use_report_figures):
    client = log_in(client, [STAFF])
    assert client.get(DASHBOARD + "tables/reports/nothing.csv").status_code == 404


def test_csv_cells_that_look_like_formulas_are_neutralised(client, monkeypatch):
    sections = [
        Section(
            key="s",
            title="=cmd",
            figures=[Figure("f", '=HYPERLINK("http://evil.example")', 1)],
            tables=[Table("t", "T", ("N",), (("@SUM(A1)", 2),))],
        )
    ]
    monkeypatch.setattr(performance, "figure_sections", lambda *args, **kwargs: sections)
    client = log_in(client, [STAFF])
    _header, row = read_csv(client.get(DASHBOARD + "figures.csv"))
    assert row[0] == "'=cmd" and row[1].startswith("'=HYPERLINK")
    _header, row = read_csv(client.get(DASHBOARD + "tables/s/t.csv"))
    assert row[0] == "'@SUM(A1)"


def test_the_figures_are_kept_for_a_while(client, march, use_report_figures, settings):
    settings.PERFORMANCE_CACHE_SECONDS = 60
    client = log_in(client, [STAFF])
    client.get(DASHBOARD, MARCH)
    calls = len(use_report_figures)
    client.get(DASHBOARD, MARCH)
    assert len(use_report_figures) == calls == 2


# How values read ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "english", "spanish"),
    [
        (1204, "count", "1,204", "1\xa0204"),
        (0.635, "share", "63.5 %", "63,5 %"),
        (4.25, "days", "4.3 days", "4,3 días"),
        (1, "days", "1.0 day", "1,0 día"),
        (12.5, "hours", "12.5 hours", "12,5 horas"),
        (4.2, "rating", "4.2 of 5", "4,2 de 5"),
        (None, "count", "—", "—"),
    ],
)
def test_values_in_the_readers_language(value, unit, english, spanish):
    assert performance.format_value(value, unit) == english
    with translation.override("es"):
        # The words come from the catalogue; the numbers follow Spanish formats.
        text = performance.format_value(value, unit)
        assert text.split(" ")[0] == spanish.split(" ")[0]


@pytest.mark.parametrize(
    ("value", "previous", "unit", "text"),
    [
        (12, 10, "count", "+2 (+20.0 %)"),
        (7, 10, "count", "−3 (−30.0 %)"),
        (5, 0, "count", "+5"),
        (0.5, 0.45, "share", "+5.0 points"),
        (3.0, 4.5, "days", "−1.5 days"),
        (10, 10, "count", "no change"),
        (None, 10, "count", ""),
    ],
)
def test_changes(value, previous, unit, text):
    assert performance.change_text(value, previous, unit) == text


def test_a_figure_of_too_few_cases_is_never_compared():
    now = Figure("s", "Share", 0.9, unit="share", cases=3)
    before = Figure("s", "Share", 0.1, unit="share", cases=50)
    (view,) = performance.compare(
        [Section("x", "X", figures=[now])], [Section("x", "X", figures=[before])]
    )
    assert view.figures[0].text == "too few cases (3)"
    assert view.figures[0].change == ""
    assert view.figures[0].previous_text == "10.0 %"


def test_nothing_to_count_is_said_plainly():
    empty = Figure("m", "Median days", None, unit="days", cases=0)
    count = Figure("n", "Reports", None)
    (view,) = performance.compare([Section("x", "X", figures=[empty, count])])
    assert [item.text for item in view.figures] == ["nothing to count", "nothing to count"]


def test_after_the_figures_come_the_trends_and_the_neighborhoods(monkeypatch):
    """``figure_sections`` asks the figures' dashboard module for its sections, the trends
    and, for the whole city only, the neighborhood breakdown."""
    asked = []
    trend = Table("trends_by_week", "Trends by week", ("Reports",), (("W1", 1),))
    places = Table("by_neighborhood", "By neighborhood", ("Reports",), (("Kensington", 1),))
    fake = types.SimpleNamespace(
        sections=lambda period, neighborhood=None, public=False: (
            asked.append((period, neighborhood, public)) or [Section("reports", "Reports")]
        ),
        trends=lambda period, neighborhood=None: trend,
        neighborhood_breakdown=lambda period: (places,),
    )
    monkeypatch.setattr(metrics, "dashboard", fake, raising=False)
    monkeypatch.setitem(sys.modules, "engage.outcomes.metrics.dashboard", fake)
    period = performance.last_days(30)
    found = performance.figure_sections(period, public=True)
    assert [section.key for section in found] == ["reports", "trends", "neighborhoods"]
    assert found[1].tables == [trend] and found[2].tables == [places]
    assert asked == [(period, None, True)]
    place = types.SimpleNamespace(pk=1)
    found = performance.figure_sections(period, place)
    assert [section.key for section in found] == ["reports", "trends"]
