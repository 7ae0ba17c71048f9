"""Rows with exact times for the figures' hand-computed fixtures: written directly (the
services stamp "now"), in states the services can reach.

    report(local(2026, 3, 2, 9), closed=local(2026, 3, 5, 9))   # resolved after 3 days
"""

import datetime
import itertools
from zoneinfo import ZoneInfo

from django.conf import settings
from wagtail.models import Locale

from engage.outcomes.models import OutcomeIndexPage, OutcomeLink, OutcomePage
from engage.reports.models import ServiceReport
from ideas.models import Idea, StatusChange
from tests.factories import UserFactory
from tests.ideas.factories import home_page
from tests.reports.factories import CategoryFactory

Status = ServiceReport.Status
_numbers = itertools.count(1)


def local(year, month, day, hour=0, minute=0):
    """An instant given as the site's wall-clock time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(settings.TIME_ZONE))


def report(submitted, *, closed=None, status=None, category=None, **fields):
    """A report submitted at ``submitted``; with ``closed``, resolved then (or ``status``)."""
    if status is None:
        status = Status.RESOLVED if closed else Status.SUBMITTED
    if closed and "resolution" not in fields:
        fields["resolution"] = {
            Status.RESOLVED: ServiceReport.Resolution.FIXED,
            Status.CLOSED: ServiceReport.Resolution.NO_ACTION,
            Status.DUPLICATE: ServiceReport.Resolution.DUPLICATE,
        }[status]
    category = category or CategoryFactory()
    fields.setdefault("department", category.department)
    return ServiceReport.objects.create(
        category=category, submitted_at=submitted, closed_at=closed, status=status, **fields
    )


def idea(created, *, decisions=(), status=None, **fields):
    """An idea submitted at ``created``, with its decisions [(status, when)] in order."""
    fields.setdefault("author", UserFactory())
    last = decisions[-1][0] if decisions else Idea.Status.PUBLISHED
    made = Idea.objects.create(
        title=f"Idea {next(_numbers)}",
        summary="A summary.",
        body="<p>A body.</p>",
        status=status or last,
        created_at=created,
        published_at=created,
        **fields,
    )
    previous = Idea.Status.PUBLISHED
    for to_status, when in decisions:
        StatusChange.objects.create(
            idea=made, from_status=previous, to_status=to_status, created_at=when
        )
        previous = to_status
    return made


def outcome_index():
    index = OutcomeIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        index = home_page().add_child(instance=OutcomeIndexPage(title="Outcomes", slug="outcomes"))
        index.save_revision().publish()
    return index


def outcome(published, *, reports=(), ideas=(), live=True):
    """An outcome page first published at ``published``, linked to the feedback given."""
    number = next(_numbers)
    page = outcome_index().add_child(
        instance=OutcomePage(title=f"Outcome {number}", slug=f"outcome-{number}", summary="Done.")
    )
    for linked in reports:
        OutcomeLink.objects.create(page=page, report=linked)
    for linked in ideas:
        OutcomeLink.objects.create(page=page, idea=linked)
    OutcomePage.objects.filter(pk=page.pk).update(
        live=live, first_published_at=published if live else None
    )
    return page
