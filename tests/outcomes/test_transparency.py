"""The public transparency page: the public figures only, in the visitor's language, for a
period offered in one click and the whole city or one neighborhood, beside the previous
period's; bad filters named and left out; kept in the cache; tables as CSV; the frozen
monthly reports listed and downloadable by anyone."""

import csv
import io
from datetime import datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from engage.outcomes import monthly_report, performance
from engage.reports.models import ServiceReport
from tests.factories import NeighborhoodFactory
from tests.outcomes.dashboard_factories import plug_report_figures, report_at

pytestmark = pytest.mark.django_db
PAGE = "/en/performance/"


@pytest.fixture
def use_report_figures(monkeypatch):
    return plug_report_figures(monkeypatch)


@pytest.fixture
def recent():
    """Reports in the last 30 days (one by phone) and one in the 30 days before."""
    today = performance.last_days(30).start
    for days, channel in ((1, "web"), (2, "phone"), (10, "web")):
        report_at(_at(today, days), channel=channel)
    report_at(_at(today, -5))


def _at(start, days):
    return timezone.make_aware(datetime.combine(start + timedelta(days=days), time(12)))


def test_anyone_reads_the_public_figures(client, recent, use_report_figures):
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "How the city is doing" in html
    assert 'data-figure="reports.received">3<' in html
    assert "+2 (+200.0 %)" in html
    assert "For staff only" not in html
    assert all(public for _period, _place, public in use_report_figures)
    assert use_report_figures[0][0] == performance.last_days(30)


def test_a_chart_and_its_table_for_each_table(client, recent, use_report_figures):
    html = client.get(PAGE).content.decode()
    assert 'role="img" aria-labelledby="chart-reports-by-channel-title' in html
    assert '<th scope="row">Phone</th>' in html
    assert "/en/performance/tables/reports/by_channel.csv?period=30d" in html


def test_another_period_and_one_neighborhood(client, use_report_figures):
    place = NeighborhoodFactory(name="Fishtown")
    html = client.get(PAGE, {"period": "12m", "neighborhood": place.slug}).content.decode()
    assert "Fishtown" in html
    period, neighborhood, _public = use_report_figures[0]
    assert period == performance.last_year()
    assert neighborhood == place


def test_filters_not_understood_are_named_and_left_out(client, use_report_figures):
    html = client.get(PAGE, {"period": "forever", "neighborhood": "atlantis"}).content.decode()
    assert "Some filters were not recognised and have been ignored" in html
    assert "forever" in html and "atlantis" in html
    assert use_report_figures[0][:2] == (performance.last_days(30), None)


def test_in_spanish(client, recent, use_report_figures):
    response = client.get("/es/performance/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert 'data-figure="reports.received">3<' in html
    # The period in Spanish: "6 de noviembre de 2026 to …" with the language's date format.
    start = performance.last_days(30).start
    assert f"{start.day} de " in html


def test_the_figures_are_computed_once_per_language_and_period(
    client, recent, use_report_figures, settings
):
    settings.PERFORMANCE_CACHE_SECONDS = 600
    client.get(PAGE)
    client.get(PAGE)
    assert len(use_report_figures) == 2  # this period and the previous one
    client.get("/es/performance/")
    assert len(use_report_figures) == 4  # the labels are another language's
    cache.clear()
    client.get(PAGE)
    assert len(use_report_figures) == 6


def test_a_table_as_csv(client, recent, use_report_figures):
    response = client.get("/en/performance/tables/reports/by_channel.csv", {"period": "30d"})
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Reports by channel", "Reports", "Unit"]
    assert ["Website", "2", "count"] in rows and ["Phone", "1", "count"] in rows


def test_staff_tables_are_not_published(client, use_report_figures):
    assert client.get("/en/performance/tables/contact_center/open.csv").status_code == 404


def test_frozen_months_are_published_with_their_checksums(client, use_report_figures):
    snapshot, _created = monthly_report.freeze_month(performance.last_month().start)
    html = client.get(PAGE).content.decode()
    assert snapshot.checksum in html
    url = f"/en/performance/reports/{snapshot.month:%Y-%m}.pdf"
    assert url in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client.get("/en/performance/reports/1999-01.pdf").status_code == 404
    assert client.get("/en/performance/reports/nonsense.pdf").status_code == 404


def test_only_get(client, use_report_figures):
    assert client.post(PAGE).status_code == 405
    assert ServiceReport.objects.count() == 0
