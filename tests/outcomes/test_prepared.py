"""The quick periods' figures prepared ahead are the live figures, the pages read them, and
they stay exact: a change shows once they are prepared again, an outcome at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from engage.outcomes import performance, prepared, rollups
from engage.outcomes.metrics.serialized import section_data
from engage.outcomes.models import PreparedFigures
from engage.reports.models import ServiceReport
from tests.outcomes.factories import make_outcome
from tests.outcomes.metrics_factories import local
from tests.outcomes.test_metrics_reports import month  # noqa: F401 - the fixture

TODAY = datetime.date(2026, 4, 10)


@pytest.fixture
def english_only(settings):
    """Prepared in one language: each language is the same counting again."""
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English")]


def plain(sections):
    return [section_data(section) for section in sections]


def quick_periods():
    return [period for _label, period in performance.presets(TODAY).values()]


def test_every_quick_period_and_the_one_before_is_prepared_in_every_language(month, settings):  # noqa: F811
    written = prepared.prepare(TODAY)
    periods = prepared.prepared_periods(TODAY)
    assert len(periods) == len({*quick_periods(), *(p.previous() for p in quick_periods())})
    assert written == len(periods) * len(settings.LANGUAGES)
    assert PreparedFigures.objects.count() == written


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_prepared_figures_are_the_live_figures(month, language):  # noqa: F811
    rollups.rebuild()
    prepared.prepare(TODAY)
    with translation.override(language):
        for period in prepared.prepared_periods(TODAY):
            staff = performance.prepared_sections(period)
            public = performance.prepared_sections(period, public=True)
            assert plain(staff) == plain(performance.figure_sections(period))
            assert plain(public) == plain(performance.figure_sections(period, public=True))


def test_the_pages_read_the_prepared_figures_and_count_any_other_period(
    english_only,
    month,  # noqa: F811
    settings,
):
    settings.PERFORMANCE_CACHE_SECONDS = 0
    prepared.prepare(TODAY)
    period = performance.presets(TODAY)["month"][1]
    with CaptureQueriesContext(connection) as read:
        performance.cached_sections(period, public=True)
    assert len(read) == 1  # the prepared row
    other = performance.Period(datetime.date(2026, 3, 3), datetime.date(2026, 3, 17))
    with CaptureQueriesContext(connection) as counted:
        performance.cached_sections(other, public=True)
    assert len(counted) > 10


def test_a_change_shows_once_the_figures_are_prepared_again(english_only, month, settings):  # noqa: F811
    settings.PERFORMANCE_CACHE_SECONDS = 0
    rollups.rebuild()
    prepared.prepare(TODAY)
    march = performance.presets(TODAY)["month"][1]
    before = plain(performance.cached_sections(march))
    ServiceReport.objects.create(
        category=month["r1"].category,
        submitted_at=local(2026, 3, 3, 12),
        channel=ServiceReport.Channel.PHONE,
    )
    assert plain(performance.cached_sections(march)) == before  # the prepared figures lag…
    rollups.refresh()
    prepared.prepare(TODAY)
    after = performance.cached_sections(march)
    assert plain(after) == plain(performance.figure_sections(march))  # …then are exact
    received = next(f for f in after[0].figures if f.key == "received")
    assert received.value == 11


def test_figures_prepared_too_long_ago_are_not_read(english_only, month, settings):  # noqa: F811
    settings.PERFORMANCE_CACHE_SECONDS = 0
    settings.PREPARED_FIGURES_MAX_AGE = 600
    prepared.prepare(TODAY)
    PreparedFigures.objects.update(prepared_at=timezone.now() - datetime.timedelta(seconds=601))
    period = performance.presets(TODAY)["month"][1]
    assert performance.prepared_sections(period) is None
    with CaptureQueriesContext(connection) as counted:
        performance.cached_sections(period)
    assert len(counted) > 10


def test_periods_no_longer_offered_are_dropped(english_only, month):  # noqa: F811
    prepared.prepare(TODAY)
    prepared.prepare(TODAY + datetime.timedelta(days=1))
    offered = {
        (p.start, p.end) for p in prepared.prepared_periods(TODAY + datetime.timedelta(days=1))
    }
    assert set(PreparedFigures.objects.values_list("start", "end")) == offered


def test_publishing_an_outcome_counts_it_at_once_and_prepares_again(
    english_only,
    month,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    prepared.prepare(TODAY)
    prepared_before = set(PreparedFigures.objects.values_list("prepared_at", flat=True))
    page = make_outcome(publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        assert not PreparedFigures.objects.exists()  # the pages count until prepared again
    again = set(PreparedFigures.objects.values_list("prepared_at", flat=True))
    assert again and again != prepared_before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_both_finish_with_one_row_per_period_and_language(english_only):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    from tests.concurrency import run_together

    results = run_together([lambda: prepared.prepare(TODAY)] * 2)
    assert all(not isinstance(result, Exception) for result in results), results
    assert PreparedFigures.objects.count() == results[0]
