"""Every section of figures in the dashboard's order, for the staff dashboard, the public
transparency page (a subset), the monthly snapshot and the CSV downloads; the
previous-period comparison, the trends and the per-neighborhood breakdown."""

import importlib
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from engage.neighborhoods.models import Neighborhood

from . import Table, daily
from . import ideas as idea_figures
from . import reports as report_figures
from . import surveys as survey_figures
from .calc import buckets, share
from .loop_closure import idea_cohort, report_cohort
from .volunteering import held

SECTION_MODULES = (
    "reports",
    "service_levels",
    "satisfaction",
    "ideas",
    "surveys",
    "volunteering",
    "youth",
    "contact_center",
    "loop_closure",
)
# What the public transparency page shows: the contact center's operations and the youth
# programs (a class of minors is a small group) stay on the staff dashboard.
PUBLIC_SECTIONS = (
    "reports",
    "service_levels",
    "satisfaction",
    "ideas",
    "surveys",
    "volunteering",
    "loop_closure",
)


def module(name):
    return importlib.import_module(f"{__package__}.{name}")


def sections(period, neighborhood=None, public=False):
    """The sections of ``period`` (for one neighborhood, or the whole city), in order.
    A section a neighborhood cannot have (the contact center's) is left out of its."""
    found = []
    for name in PUBLIC_SECTIONS if public else SECTION_MODULES:
        if public and name not in SECTION_MODULES:
            continue
        part = module(name)
        if neighborhood is not None and not getattr(part, "PER_NEIGHBORHOOD", True):
            continue
        found.append(part.section(period, neighborhood))
    return found


@dataclass
class Compared:
    """A section of the period beside the same section of the period before."""

    section: object
    previous: object

    def previous_figure(self, key):
        return next((figure for figure in self.previous.figures if figure.key == key), None)

    def pairs(self):
        """[(figure, the same figure in the previous period or None)]."""
        return [(figure, self.previous_figure(figure.key)) for figure in self.section.figures]


def compared(period, neighborhood=None, public=False):
    now = sections(period, neighborhood, public)
    before = {section.key: section for section in sections(period.previous(), neighborhood, public)}
    return [Compared(section, before.get(section.key)) for section in now]


# Trends -------------------------------------------------------------------------------------


def step_number(field_name, steps):
    """SQL: the index of the step ``field_name`` (a datetime) falls in; rows must already
    be limited to the period. Plain comparisons with the steps' local midnights, so no
    time-zone function runs per row and a 23- or 25-hour day is still one day."""
    return Case(
        *(
            When(**{f"{field_name}__lt": _midnight(after)}, then=Value(index))
            for index, (_first, after) in enumerate(steps[:-1])
        ),
        default=Value(len(steps) - 1),
        output_field=IntegerField(),
    )


def _midnight(day):
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _series(queryset, field_name, steps):
    counts = [0] * len(steps)
    grouped = (
        queryset.annotate(step=step_number(field_name, steps))
        .values("step")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in grouped:
        counts[row["step"]] = row["n"]
    return counts


def step_label(first, step):
    if step == "week":
        return _("Week of %(day)s") % {"day": formats.date_format(first, "SHORT_DATE_FORMAT")}
    return formats.date_format(first, "YEAR_MONTH_FORMAT")


def _rolled_series(figure, queryset_of, field_name, period, steps, neighborhood):
    """A report series per step: the rolled-up days summed, the rest counted live."""
    if neighborhood is not None:
        return _series(queryset_of(period, neighborhood), field_name, steps)
    by_day, rest = daily.counts_by_day(figure, period)
    counts = [
        sum(number for day, number in by_day.items() if first <= day < after)
        for first, after in steps
    ]
    if rest:
        live_steps = [
            (max(first, rest.start), after) for first, after in steps if after > rest.start
        ]
        offset = len(steps) - len(live_steps)
        live = _series(queryset_of(rest, None), field_name, live_steps)
        for index, number in enumerate(live):
            counts[offset + index] += number
    return counts


def trends(period, neighborhood=None):
    """Reports received and resolved, ideas submitted and survey responses, per week (a
    period of up to 92 days) or per month: the reports' from the daily roll-ups, the rest
    one grouped query per series."""
    steps, step = buckets(period)
    series = [
        (
            _("Reports received"),
            _rolled_series(
                "reports_received_channel",
                report_figures.received,
                "submitted_at",
                period,
                steps,
                neighborhood,
            ),
        ),
        (
            _("Reports resolved"),
            _rolled_series(
                "reports_resolved_neighborhood",
                report_figures.resolved,
                "closed_at",
                period,
                steps,
                neighborhood,
            ),
        ),
        (
            _("Ideas submitted"),
            _series(idea_figures.submitted(period, neighborhood), "created_at", steps),
        ),
        (
            _("Survey responses"),
            _series(survey_figures.responses(period, neighborhood), "submitted_at", steps),
        ),
    ]
    rows = tuple(
        (step_label(first, step), *(column[index] for _label, column in series))
        for index, (first, _after) in enumerate(steps)
    )
    return Table(
        key=f"trends_by_{step}",
        title=_("Trends by week") if step == "week" else _("Trends by month"),
        columns=tuple(label for label, _column in series),
        rows=rows,
    )


# Per neighborhood ---------------------------------------------------------------------------


def _by_neighborhood(queryset, path="neighborhood"):
    return dict(queryset.values_list(path).annotate(n=Count("pk")).order_by())


def _keyed(counts):
    """Roll-up keys (text) back to neighborhood ids."""
    return {int(key): number for key, number in counts.items() if key}


def neighborhood_breakdown(period, now=None):
    """(counts, loop closure): two tables with a row per neighborhood, in name order (never
    ranked), from a fixed number of grouped queries whatever the number of neighborhoods."""
    moment = report_figures.backlog_moment(period, now)
    counts = [
        _keyed(report_figures.count("reports_received_neighborhood", period)),
        _keyed(report_figures.count("reports_resolved_neighborhood", period)),
        _by_neighborhood(report_figures.open_at(moment)),
        _by_neighborhood(idea_figures.submitted(period)),
        _by_neighborhood(survey_figures.responses(period)),
        _by_neighborhood(held(period, now=now)),
    ]
    reports = report_cohort(period, None, moment, by_neighborhood=True)
    ideas = idea_cohort(period, None, moment, by_neighborhood=True)
    neighborhoods = list(Neighborhood.objects.order_by("name").values_list("pk", "name"))
    count_table = Table(
        key="by_neighborhood",
        title=_("By neighborhood"),
        columns=(
            _("Reports received"),
            _("Reports resolved"),
            _("Open at the end of the period"),
            _("Ideas submitted"),
            _("Survey responses"),
            _("Volunteer events held"),
        ),
        rows=tuple((name, *(column.get(pk, 0) for column in counts)) for pk, name in neighborhoods),
    )
    closure_rows, closure_cases = [], []
    for pk, name in neighborhoods:
        total = reports.get(pk, (0, 0))[0] + ideas.get(pk, (0, 0))[0]
        closed = reports.get(pk, (0, 0))[1] + ideas.get(pk, (0, 0))[1]
        closure_rows.append((name, share(closed, total)))
        closure_cases.append(total)
    closure_table = Table(
        key="loop_closure_by_neighborhood",
        title=_("Feedback that reached a resolution or an outcome, by neighborhood"),
        columns=(_("Share"),),
        rows=tuple(closure_rows),
        cases=tuple(closure_cases),
        unit="share",
    )
    return count_table, closure_table
