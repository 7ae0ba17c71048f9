"""Preparing the figures of the periods the pages offer in one click, ahead of the visitors.

Counting a whole city's figures takes seconds at a large city's volume (a million reports
a year), so the transparency page and the dashboard's quick periods read them as prepared
here (``models.PreparedFigures``), as FixMyStreet learnt to precompute its dashboard. For
each quick period (``performance.presets``) and the period before it, in every language of
the site, the city-wide staff figures are counted by ``performance.figure_sections`` — the
very function the pages would call — and written as JSON; the public page reads its
subset out of the same row.

``prepare()`` runs after the roll-ups in ``refresh_figures`` (cron, every few minutes) and
``rebuild_figures``, and as a task when an outcome is published (publishing deletes the
prepared rows at once, so the outcome counts on the very next page). A figure may lag a
change by the time between two runs. Any other period, and one neighborhood's figures,
are counted on the request; rows older than ``PREPARED_FIGURES_MAX_AGE`` are not read.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from . import performance
from .metrics.serialized import canonical_json, section_data
from .models import PreparedFigures


def prepared_periods(today=None):
    """The quick periods and the period before each, in order."""
    found = []
    for _label, period in performance.presets(today).values():
        for each in (period, period.previous()):
            if each not in found:
                found.append(each)
    return found


def prepare(today=None):
    """Count and keep the figures of every quick period in every language; returns how
    many rows were written."""
    # Taken before counting: a change made while counting is in the next run's figures.
    prepared_at = timezone.now()
    periods = prepared_periods(today)
    rows = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for period in periods:
                sections = performance.figure_sections(period)
                rows.append(
                    PreparedFigures(
                        language=language,
                        start=period.start,
                        end=period.end,
                        sections=canonical_json([section_data(each) for each in sections]),
                        prepared_at=prepared_at,
                    )
                )
    offered = Q()
    for period in periods:
        offered |= Q(start=period.start, end=period.end)
    with transaction.atomic():
        # An upsert, so two runs at once both succeed (the later one's figures stand).
        PreparedFigures.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["language", "start", "end"],
            update_fields=["sections", "prepared_at"],
        )
        PreparedFigures.objects.exclude(offered).delete()
    return len(rows)
