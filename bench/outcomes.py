"""A year of a big city's feedback for the performance figures, in a few bulk statements: at
VOLUME 1,000,000 service reports (``bench.reports``: the last year, every channel, about
two in five closed), 50,000 ideas with 1,000,000 votes and 200,000 comments
(``bench.ideas``), 200,000 survey responses (``bench.surveys``), and an outcome page
linked to a hundred of those ideas and a hundred of those reports. At ``VOLUME // 100``
the same in proportion.

Bulk rows go around the write paths, so whatever the figures keep up to date as feedback
comes in (their roll-ups) is rebuilt afterwards by the outcomes part's own ``rebuild_*``
management commands, as an operator would after an import.

Every outcomes scenario seeds the same data: the first one at a volume keeps a copy of
the database and the others start from it (``database.SeededCopies``).
"""

import datetime
import os
import sys

from django.core.management import call_command, get_commands
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from bench import database
from bench import ideas as bench_ideas
from bench import reports as bench_reports
from bench import surveys as bench_surveys
from bench.pages import home_page
from engage.outcomes.models import OutcomeIndexPage, OutcomeLink, OutcomePage
from engage.outcomes.signals import announcements_held
from engage.reports.models import ServiceReport
from ideas.models import Idea

# Service reports: 1,000,000 unless BENCH_OUTCOMES_VOLUME says otherwise (a quicker run
# on a small machine; the other rows keep their proportions).
VOLUME = int(os.environ.get("BENCH_OUTCOMES_VOLUME", "1000000"))
IDEAS_PER_REPORT = 20  # 50,000 ideas (and their 1,000,000 votes) at full volume
REPORTS_PER_RESPONSE = 5  # 200,000 survey responses at full volume
LINKED = 100  # ideas and reports behind the outcome page
OUTCOME_SLUG = "bench-outcome"
STAFF_EMAIL = bench_surveys.STAFF_EMAIL


def sizes(volume):
    return {
        "reports": volume,
        "ideas": max(100, volume // IDEAS_PER_REPORT),
        "responses": max(100, volume // REPORTS_PER_RESPONSE),
    }


def rebuild_rollups():
    """Run every ``rebuild_*`` command of the outcomes part (none: nothing to rebuild),
    what each says (how long it took) on stderr."""
    for name, app in sorted(get_commands().items()):
        if app == "engage.outcomes" and name.startswith("rebuild_"):
            call_command(name, verbosity=0, stdout=sys.stderr)


def outcomes_index():
    index = OutcomeIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        index = OutcomeIndexPage(title="Outcomes", slug="bench-outcomes")
        home_page().add_child(instance=index)
        index.save_revision().publish()
    return index


@transaction.atomic
def seed_outcome():
    """A published outcome, in progress, linked to ``LINKED`` ideas and reports. Published
    telling no one: the benchmark times the pages, not the twenty thousand e-mails to the
    people behind a hundred popular ideas."""
    today = timezone.localdate()
    page = OutcomePage(
        title="Bench: brighter streets in every neighborhood",
        slug=OUTCOME_SLUG,
        summary="New streetlights on the blocks residents reported and voted for.",
        status=OutcomePage.Status.IN_PROGRESS,
        progress=60,
        started_on=today - datetime.timedelta(days=90),
    )
    outcomes_index().add_child(instance=page)
    most_voted = Idea.objects.order_by("-vote_count").values_list("pk", flat=True)[:LINKED]
    links = [
        OutcomeLink(page=page, idea_id=pk, sort_order=number)
        for number, pk in enumerate(most_voted)
    ]
    links += [
        OutcomeLink(page=page, report_id=pk, sort_order=LINKED + number)
        for number, pk in enumerate(
            ServiceReport.objects.order_by("-submitted_at").values_list("pk", flat=True)[:LINKED]
        )
    ]
    OutcomeLink.objects.bulk_create(links)
    with announcements_held():
        page.save_revision().publish()


def seed_rows(volume):
    size = sizes(volume)
    bench_reports.seed_reports(size["reports"])
    bench_ideas.seed_ideas(size["ideas"])
    bench_surveys.seed_responses(size["responses"])
    seed_outcome()
    rebuild_rollups()


_seeded = database.SeededCopies(
    "outcomes",
    seed_rows,
    ["reports_servicereport", "ideas_idea", "ideas_vote", "surveys_response"],
)


def seed(volume):
    """What each outcomes scenario's ``seed(volume)`` does: seed once per volume, then copy."""
    _seeded.seed(volume)


_cache_setting = None


def time_the_figures_themselves():
    """Turn the figures' cache off for the rest of the run (``PERFORMANCE_CACHE_SECONDS``
    from the environment, 0 by default), so a timed request computes them."""
    global _cache_setting
    if _cache_setting is None:
        seconds = int(os.environ.get("PERFORMANCE_CACHE_SECONDS", "0"))
        _cache_setting = override_settings(PERFORMANCE_CACHE_SECONDS=seconds)
        _cache_setting.enable()


def staff():
    return bench_surveys.staff_user()


def dashboard_url():
    return reverse("outcomes_performance")


def transparency_url():
    return reverse("outcomes_transparency")


def outcome_page():
    return OutcomePage.objects.get(slug=OUTCOME_SLUG)


def check_figures(response):
    """The page shows figures (at least one with a value) and at least one chart."""
    html = response.content.decode()
    figures = html.count("data-figure=")
    charts = html.count('class="chart"')
    assert figures > 0, "No figure is shown."
    assert charts > 0, "No chart is drawn."
    return f"{figures} figures, {charts} charts"
