"""The performance figures: what the staff dashboard, the public transparency page, the
monthly report and the open data all read, so that none of them can disagree.

Every figure is defined in ``docs/metrics.md`` with its formula and version. A figure is
computed for a ``Period`` (whole days in the site's time zone, end exclusive), optionally
for one neighborhood, and carries the number of cases it was drawn from: below the
minimum sample (``MINIMUM_SAMPLE``) it is shown as "too few cases" and never ranked.

One module per group of figures (``reports``, ``ideas``, ``surveys``, ``volunteering``,
``youth``, ``contact_center``, ``satisfaction``, ``loop_closure``); each has
``section(period, neighborhood=None) -> Section``.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

MINIMUM_SAMPLE = 10


@dataclass(frozen=True)
class Period:
    """Whole days ``start`` ≤ day < ``end`` in the site's time zone."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self):
        return (self.end - self.start).days

    def previous(self):
        """The period of the same length just before this one."""
        return Period(self.start - datetime.timedelta(days=self.days), self.start)

    def bounds(self):
        """(first instant, first instant after) as aware datetimes in the site's time zone,
        so a day that has 23 or 25 hours (daylight saving) is still one day."""
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(self.end, datetime.time.min, tzinfo=zone),
        )


@dataclass(frozen=True)
class Figure:
    """One number: ``value`` is None when there were no cases at all. ``unit`` is one of
    "count", "share" (0–1), "days", "hours", "rating" (1–5)."""

    key: str
    label: str
    value: float | int | None
    unit: str = "count"
    cases: int | None = None  # what it was drawn from, when that is not the value itself
    version: int = 1

    @property
    def too_few(self):
        return self.cases is not None and self.cases < MINIMUM_SAMPLE


@dataclass(frozen=True)
class Table:
    """Rows of figures by something (channel, category, neighborhood, week…): ``columns``
    are the header labels; each row starts with its label, then one value per column;
    ``cases`` gives, per row, what its shares or times were drawn from (or None)."""

    key: str
    title: str
    columns: tuple
    rows: tuple
    cases: tuple = ()
    unit: str = "count"


@dataclass
class Section:
    key: str
    title: str
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)
