"""A person's record for staff: everything one person did with the city, newest first.

The contact center shows it (``engage.reports.contact_center.people``); each part supplies
what the person did in it through their account by declaring ``person_record`` on its
AppConfig (see ``engage.core.parts``): the dotted path of a function ``entries(user)``
returning ``EntrySource``\\ s, one per kind of row (ideas, votes, sign-ups…). So the core
never names a part, and a part that must never show a person here (youth: its
participants have no record) simply declares nothing.

A source is a query, not a list: a person with years of activity costs the same as one
with a single vote. ``Timeline`` merges the sources for Django's ``Paginator``: counting is
one COUNT per source, and a page reads at most ``page × per page`` rows of each source,
newest first, and keeps the page's share of the merged order. So a page costs two queries
per source (plus what ``prepare`` batches), however many rows the person has.
"""

import datetime
import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from .parts import declared

PER_PAGE = 25


@dataclass(frozen=True)
class TimelineEntry:
    """One thing the person did, as the record shows it.

    ``when`` is a datetime, or a date for what is only known by its day (volunteer hours).
    ``kind`` is the translated label ("Idea", "Volunteer hours"); ``url`` the page staff
    open to see it (its admin page where it has one), or "".
    """

    when: datetime.datetime | datetime.date
    kind: str
    title: str
    url: str = ""
    detail: str = ""

    @property
    def has_time(self):
        return isinstance(self.when, datetime.datetime)

    @property
    def sort_key(self):
        """Dates sort as the start of their day in the site's time zone."""
        if isinstance(self.when, datetime.datetime):
            return self.when
        return timezone.make_aware(datetime.datetime.combine(self.when, datetime.time.min))


@dataclass
class EntrySource:
    """One kind of row a part adds to the timeline.

    ``rows`` must be ordered newest first by the moment ``entry`` puts in ``when`` (ties
    broken by primary key), with what ``entry`` reads already joined. ``entry(row)``
    returns the row's ``TimelineEntry``. ``prepare``, when given, is called with the rows
    read for a page before ``entry`` and may set attributes on them in batched queries.
    """

    rows: QuerySet
    entry: Callable
    prepare: Callable | None = None

    def newest(self, limit):
        rows = list(self.rows[:limit])
        if self.prepare is not None and rows:
            self.prepare(rows)
        return [self.entry(row) for row in rows]


def part_sources(user):
    """What every part declares about ``user``'s account."""
    sources = []
    for _config, path in declared("person_record"):
        sources.extend(import_string(path)(user))
    return sources


class Timeline:
    """Several sources merged newest first, sliceable and countable for ``Paginator``."""

    def __init__(self, sources):
        self.sources = list(sources)

    def count(self):
        return sum(source.rows.count() for source in self.sources)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("A timeline is read a page (a slice) at a time.")
        start, stop = index.start or 0, index.stop
        if stop is None or start < 0 or stop < 0:
            raise TypeError("A timeline slice needs a start and a stop, both positive.")
        merged = heapq.merge(
            *(source.newest(stop) for source in self.sources),
            key=lambda entry: entry.sort_key,
            reverse=True,
        )
        return list(itertools.islice(merged, start, stop))
