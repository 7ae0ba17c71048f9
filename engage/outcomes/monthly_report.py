"""The monthly report: a month's figures frozen once (``MonthlySnapshot``) and printed from
the frozen copy, with the checksum on every copy.

``freeze_month(month)`` computes the month's figures in every language of the site, for
staff and for the public, writes them as canonical JSON (keys sorted, no spaces, UTF-8)
and stores that text with its SHA-256; a month already frozen is returned as it was, so
the scheduled command and the button on the dashboard can both run any number of times.
Only a month that is over can be frozen: figures of a month still going on would change.

``render(snapshot, …)`` prints the report from the snapshot alone (never from the live
figures), beside the previous month's snapshot when there is one; it refuses a snapshot
whose text no longer matches its checksum rather than print numbers nobody froze.
"""

import datetime
import json

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from engage.core.audit import record
from engage.core.pdf import render_pdf

from . import performance
from .metrics import Period
from .metrics.serialized import canonical_json, section_data, section_from_data
from .models import MonthlySnapshot

FORMAT_VERSION = 1
REPORT_CACHE_SECONDS = 7 * 24 * 3600


class SnapshotError(ValueError):
    """A month that cannot be frozen, or a snapshot that cannot be printed; the message is
    translated, for the person who asked."""


def month_figures(period):
    """The figures of ``period`` in every language, for each audience, as plain data. The
    public copy is read out of the staff figures rather than counted again."""
    languages = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            staff = performance.figure_sections(period)
            languages[language] = {
                "staff": [section_data(section) for section in staff],
                "public": [section_data(section) for section in performance.public_subset(staff)],
            }
    return {
        "format": FORMAT_VERSION,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "time_zone": settings.TIME_ZONE,
        "languages": languages,
    }


# Freezing -----------------------------------------------------------------------------------


def freeze_month(month, *, user=None, today=None):
    """The snapshot of the month of the date ``month``: frozen now if it was not yet.
    Returns ``(snapshot, created)``; raises ``SnapshotError`` for a month not over."""
    period = performance.month_period(month)
    today = today or timezone.localdate()
    if period.end > today:
        raise SnapshotError(
            _("%(month)s is not over yet: its figures can be frozen from %(day)s.")
            % {"month": month_name(period.start), "day": period.end.isoformat()}
        )
    found = MonthlySnapshot.objects.filter(month=period.start).first()
    if found is not None:
        return found, False
    text = canonical_json(month_figures(period))
    try:
        with transaction.atomic():
            snapshot = MonthlySnapshot(month=period.start, figures=text, created_by=user)
            snapshot.save()
            record(snapshot, "outcomes.snapshot", user=user, data={"month": period.start})
    except IntegrityError:
        # Frozen meanwhile by the schedule or another person: the first one stands.
        return MonthlySnapshot.objects.get(month=period.start), False
    return snapshot, True


def month_name(day):
    return date_format(day, "F Y")


# Reading back ---------------------------------------------------------------------------------


def snapshot_data(snapshot):
    if not snapshot.is_intact():
        raise SnapshotError(
            _(
                "The figures of %(month)s no longer match their checksum: the report is "
                "not printed. Tell the site's administrators."
            )
            % {"month": month_name(snapshot.month)}
        )
    return json.loads(snapshot.figures)


def snapshot_sections(snapshot, language=None, *, public=False):
    """The frozen ``Section``s of ``snapshot`` in ``language`` (else the site's own)."""
    data = snapshot_data(snapshot)
    languages = data["languages"]
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    frozen = languages.get(language) or languages.get(settings.LANGUAGE_CODE)
    if frozen is None:
        frozen = next(iter(languages.values()), {})
    audience = "public" if public else "staff"
    return [section_from_data(section) for section in frozen.get(audience, [])]


def snapshot_period(snapshot):
    return Period(snapshot.month, performance.month_period(snapshot.month).end)


def previous_snapshot(snapshot):
    previous_month = (snapshot.month - datetime.timedelta(days=1)).replace(day=1)
    return MonthlySnapshot.objects.filter(month=previous_month).first()


def report_context(snapshot, *, public=False):
    sections = snapshot_sections(snapshot, public=public)
    before = previous_snapshot(snapshot)
    previous = []
    if before is not None and before.is_intact():
        previous = snapshot_sections(before, public=public)
    return {
        "snapshot": snapshot,
        "public": public,
        "period_label": performance.period_label(snapshot_period(snapshot)),
        "month_label": month_name(snapshot.month),
        "previous_snapshot": before if previous else None,
        "sections": performance.compare(sections, previous, prefix="pdf"),
        "pdf": True,
    }


def render(snapshot, *, public=False, request=None):
    """The monthly report of ``snapshot`` as PDF bytes (tagged), in the active language.

    The bytes are kept in the cache under the checksums they were printed from (the
    month's and the previous month's): frozen figures print the same report every time,
    so a report asked for a thousand times is rendered once.
    """
    snapshot_data(snapshot)  # refuses figures that no longer match their checksum
    before = previous_snapshot(snapshot)
    key = ":".join(
        (
            "outcomes:monthly-report",
            snapshot.checksum,
            before.checksum if before else "-",
            translation.get_language() or settings.LANGUAGE_CODE,
            "public" if public else "staff",
        )
    )
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(
            "outcomes/monthly_report_pdf.html",
            report_context(snapshot, public=public),
            request=request,
        )
        cache.set(key, pdf, REPORT_CACHE_SECONDS)
    return pdf


def filename(snapshot, *, public=False):
    stem = "performance-report" if public else "performance-report-staff"
    return f"{stem}-{snapshot.month:%Y-%m}-{translation.get_language() or 'en'}.pdf"
