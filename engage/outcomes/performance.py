"""The performance figures as the dashboard, the transparency page and the monthly report
show them: the figures of a period beside the previous period's, every value written in
the reader's language, every table with its chart.

``figure_sections()`` is the one door to the figures themselves
(``engage.outcomes.metrics.dashboard.sections``), so the pages, the CSV downloads and the
monthly snapshots all read the same numbers. What it returns are the contract's types
(``engage.outcomes.metrics``): ``Section``s of ``Figure``s and ``Table``s.

A figure drawn from fewer cases than ``MINIMUM_SAMPLE`` is written "too few cases", with
no comparison, and a table's row drawn from too few cases draws no bar: such a number is
never put beside another as if it meant something.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from . import charts
from .metrics import MINIMUM_SAMPLE, Period, Section
from .metrics.serialized import section_from_data
from .models import PreparedFigures

# Figures prepared ahead (``engage.outcomes.prepared``) older than this are not read,
# unless the setting PREPARED_FIGURES_MAX_AGE says otherwise: the task that keeps them has
# stopped, and the figures are counted on the request instead.
PREPARED_MAX_AGE = 3600
# How long the pages keep their figures (per language, period and neighborhood), unless
# the setting PERFORMANCE_CACHE_SECONDS says otherwise (0: computed on every request).
CACHE_SECONDS = 600
# A staff period may be as long as this: longer asks too much of the database at once.
MAX_DAYS = 3 * 366
# A table is drawn when it fits a chart that still reads; any table is in the CSV.
CHART_MAX_ROWS = 40
CHART_MAX_SERIES = 4
# Tables of figures over time (weeks, months) are drawn as lines, the others as bars.
TREND_SUFFIXES = ("_trend", "_by_week", "_by_month", "_weekly", "_monthly")
# Units whose value means something only with enough cases behind it.
SAMPLED_UNITS = ("share", "days", "hours", "rating")


def figure_sections(period, neighborhood=None, public=False):
    """The figures of ``period`` (for one ``Neighborhood`` or the whole city), as a list of
    ``Section``; with ``public``, only what the transparency page publishes. After the
    figures' own sections come the trends (a series per week or month) and, for the whole
    city, the breakdown by neighborhood."""
    # Imported when first asked for: the figures' modules import every part's models.
    from .metrics import dashboard

    found = list(dashboard.sections(period, neighborhood=neighborhood, public=public))
    found.append(Section("trends", _("Trends"), tables=[dashboard.trends(period, neighborhood)]))
    if neighborhood is None:
        found.append(
            Section(
                "neighborhoods",
                _("Across the neighborhoods"),
                tables=list(dashboard.neighborhood_breakdown(period)),
            )
        )
    return found


def public_subset(sections):
    """The sections of ``figure_sections(period)`` that ``figure_sections(period,
    public=True)`` has: the same figures, without what only staff read."""
    from .metrics.dashboard import PUBLIC_SECTIONS, SECTION_MODULES

    return [
        section
        for section in sections
        if section.key in PUBLIC_SECTIONS or section.key not in SECTION_MODULES
    ]


# Periods ----------------------------------------------------------------------------------


def last_days(count, today=None):
    """The ``count`` days up to and including today."""
    today = today or timezone.localdate()
    return Period(today - datetime.timedelta(days=count - 1), today + datetime.timedelta(days=1))


def month_period(month):
    """The calendar month of the date ``month``."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return Period(first, following)


def last_month(today=None):
    """The last whole month before today's."""
    today = today or timezone.localdate()
    return month_period(today.replace(day=1) - datetime.timedelta(days=1))


def last_year(today=None):
    """The twelve whole months before this one."""
    today = today or timezone.localdate()
    end = today.replace(day=1)
    return Period(end.replace(year=end.year - 1), end)


def presets(today=None):
    """The periods offered in one click: {key: (label, Period)}, in order."""
    return {
        "30d": (_("The last 30 days"), last_days(30, today)),
        "90d": (_("The last 90 days"), last_days(90, today)),
        "month": (_("Last month"), last_month(today)),
        "12m": (_("The last twelve months"), last_year(today)),
    }


DEFAULT_PRESET = "30d"


def period_label(period):
    """ "1 March 2026 – 31 March 2026" (the last day included, as people say it)."""
    last = period.end - datetime.timedelta(days=1)
    return _("%(start)s to %(end)s") % {
        "start": _date(period.start),
        "end": _date(last),
    }


def _date(day):
    return date_format(day, get_format("DATE_FORMAT"))


# Values -----------------------------------------------------------------------------------


def _number(value, places):
    """``value`` rounded half up (4.25 → 4.3, as people round), in the reader's format."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return number_format(rounded, places, force_grouping=True)


def format_value(value, unit):
    """A figure's value as the reader reads it: "1,204", "63.5 %", "4.5 days"."""
    if value is None:
        return "—"
    if unit == "share":
        return _("%(number)s %%") % {"number": _number(value * 100, 1)}
    if unit == "days":
        return ngettext("%(number)s day", "%(number)s days", 1 if value == 1 else 2) % {
            "number": _number(value, 1)
        }
    if unit == "hours":
        return ngettext("%(number)s hour", "%(number)s hours", 1 if value == 1 else 2) % {
            "number": _number(value, 1)
        }
    if unit == "rating":
        return _("%(number)s of 5") % {"number": _number(value, 1)}
    places = 0 if float(value).is_integer() else 1
    return _number(value, places)


def too_few_text(cases):
    """Why a value drawn from ``cases`` is not shown: nothing at all, or too few."""
    if not cases:
        return _("nothing to count")
    return ngettext("too few cases (%(count)s)", "too few cases (%(count)s)", cases or 0) % {
        "count": cases or 0
    }


def figure_text(figure):
    """A figure as the page writes it: its value, or why there is none to read."""
    if figure.too_few or (figure.value is None and not figure.cases):
        return too_few_text(figure.cases)
    return format_value(figure.value, figure.unit)


def change_text(value, previous, unit):
    """How ``value`` differs from ``previous``: "+12 (+8.0 %)", "−3.2 points", "no change"."""
    if value is None or previous is None:
        return ""
    difference = float(value) - float(previous)
    if abs(difference) < 1e-9:
        return _("no change")
    sign = "+" if difference > 0 else "−"
    if unit == "share":
        return ngettext("%(sign)s%(number)s point", "%(sign)s%(number)s points", 2) % {
            "sign": sign,
            "number": _number(abs(difference) * 100, 1),
        }
    if unit == "count":
        text = f"{sign}{format_value(abs(difference), unit)}"
        if previous:
            relative = _number(abs(difference) / abs(float(previous)) * 100, 1)
            text += " " + _("(%(sign)s%(number)s %%)") % {"sign": sign, "number": relative}
        return text
    return f"{sign}{format_value(abs(difference), unit)}"


# What the pages show ---------------------------------------------------------------------


@dataclass
class FigureView:
    figure: object
    previous: object = None

    @property
    def too_few(self):
        return self.figure.too_few

    @property
    def text(self):
        return figure_text(self.figure)

    @property
    def previous_text(self):
        return "" if self.previous is None else figure_text(self.previous)

    @property
    def change(self):
        if self.previous is None or self.figure.too_few or self.previous.too_few:
            return ""
        return change_text(self.figure.value, self.previous.value, self.figure.unit)


@dataclass
class TableView:
    table: object
    chart_id: str
    header: list
    rows: list  # [(label, [cell text], cases text)]
    chart: str = ""

    @property
    def has_cases(self):
        return bool(self.table.cases)


@dataclass
class SectionView:
    section: object
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)


def row_too_few(table, index):
    """A row of shares, times or ratings drawn from fewer cases than the minimum sample."""
    if table.unit not in SAMPLED_UNITS or index >= len(table.cases):
        return False
    cases = table.cases[index]
    return cases is not None and cases < MINIMUM_SAMPLE


def table_header(table):
    """The header of every column: the label column's, then the values'."""
    columns = [str(column) for column in table.columns]
    width = max((len(row) for row in table.rows), default=len(columns) + 1)
    if len(columns) < width:
        columns = [str(table.title), *columns]
    return columns


def is_trend(table):
    return table.key.endswith(TREND_SUFFIXES)


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def table_view(section, table, *, prefix="chart"):
    chart_id = f"{prefix}-{_slug(section.key)}-{_slug(table.key)}"
    rows = []
    for index, row in enumerate(table.rows):
        label, values = row[0], row[1:]
        if row_too_few(table, index):
            cells = [too_few_text(table.cases[index])] * len(values)
        else:
            cells = [format_value(value, table.unit) for value in values]
        cases = table.cases[index] if index < len(table.cases) else None
        rows.append((str(label), cells, "" if cases is None else format_value(cases, "count")))
    header = table_header(table)
    view = TableView(table=table, chart_id=chart_id, header=header, rows=rows)
    view.chart = table_chart(table, chart_id, header)
    return view


def table_chart(table, chart_id, header=None):
    """The SVG of a table, or "" when it would not read as a chart (too many rows or
    series, or nothing in it)."""
    header = header or table_header(table)
    series = header[1:]
    if not table.rows or not series or len(series) > CHART_MAX_SERIES:
        return ""
    if len(table.rows) > CHART_MAX_ROWS:
        return ""
    maximum = 1 if table.unit == "share" else None
    if is_trend(table):
        return charts.line_chart(
            chart_id,
            str(table.title),
            [str(row[0]) for row in table.rows],
            [
                (
                    name,
                    [
                        None if row_too_few(table, index) else _plain(row[column + 1])
                        for index, row in enumerate(table.rows)
                    ],
                )
                for column, name in enumerate(series)
            ],
            maximum=maximum,
            axis_text=lambda value: format_value(value, table.unit),
        )
    rows = []
    for index, row in enumerate(table.rows):
        too_few = row_too_few(table, index)
        cells = []
        for value in row[1:]:
            if too_few:
                cells.append((None, too_few_text(table.cases[index])))
            else:
                cells.append((_plain(value), format_value(value, table.unit)))
        rows.append((str(row[0]), cells))
    return charts.bar_chart(chart_id, str(table.title), rows, series=series, maximum=maximum)


def _plain(value):
    return None if value is None else float(value)


def compare(sections, previous_sections=(), *, prefix="chart"):
    """``SectionView``s of ``sections``, each figure beside the same figure (same section,
    same key) of ``previous_sections``."""
    before = {
        (section.key, figure.key): figure
        for section in previous_sections
        for figure in section.figures
    }
    return [
        SectionView(
            section=section,
            figures=[
                FigureView(figure, before.get((section.key, figure.key)))
                for figure in section.figures
            ],
            tables=[table_view(section, table, prefix=prefix) for table in section.tables],
        )
        for section in sections
    ]


def find_table(sections, section_key, table_key):
    for section in sections:
        if section.key == section_key:
            for table in section.tables:
                if table.key == table_key:
                    return section, table
    return None, None


# Caching ------------------------------------------------------------------------------------


GENERATION_KEY = "outcomes:performance:generation"


def _generation():
    return cache.get_or_set(GENERATION_KEY, 0, None)


def outcomes_changed():
    """An outcome was published: the figures that count outcomes (loop closure, days to
    an outcome) change at once rather than when the cache expires or the figures are
    prepared again (until then the pages count them)."""
    PreparedFigures.objects.all().delete()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def prepared_sections(period, public=False):
    """The city-wide figures of ``period`` in the reader's language as the task prepared
    them (``engage.outcomes.prepared``), or None: that period is not prepared, or the
    figures are older than ``PREPARED_FIGURES_MAX_AGE``."""
    seconds = getattr(settings, "PREPARED_FIGURES_MAX_AGE", PREPARED_MAX_AGE)
    row = (
        PreparedFigures.objects.filter(
            language=get_language() or settings.LANGUAGE_CODE,
            start=period.start,
            end=period.end,
            prepared_at__gte=timezone.now() - datetime.timedelta(seconds=seconds),
        )
        .only("sections")
        .first()
    )
    if row is None:
        return None
    sections = [section_from_data(data) for data in json.loads(row.sections)]
    return public_subset(sections) if public else sections


def cached_sections(period, neighborhood=None, public=False, seconds=None):
    """``figure_sections()``, kept ``seconds`` in the cache, per language (the labels are
    translated), period, neighborhood and audience. The city-wide figures of the periods
    offered in one click are read as the task prepared them; any other is counted."""
    if seconds is None:
        seconds = getattr(settings, "PERFORMANCE_CACHE_SECONDS", CACHE_SECONDS)
    key = None
    if seconds:
        key = ":".join(
            (
                "outcomes:performance",
                str(_generation()),
                "public" if public else "staff",
                get_language() or settings.LANGUAGE_CODE,
                f"{period.start:%Y%m%d}",
                f"{period.end:%Y%m%d}",
                str(neighborhood.pk if neighborhood else 0),
            )
        )
        found = cache.get(key)
        if found is not None:
            return found
    found = prepared_sections(period, public) if neighborhood is None else None
    if found is None:
        found = figure_sections(period, neighborhood, public)
    if key:
        cache.set(key, found, seconds)
    return found
