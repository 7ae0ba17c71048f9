"""What the sign-up tests share: events at a given local time."""

import datetime

from django.utils import timezone

from tests.liaisons.factories import EventFactory


def local(year, month, day, hour=0, minute=0):
    """An aware datetime at that wall-clock time in the site's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))  # noqa: DTZ001


def event_at(starts_at, hours=3, **fields):
    return EventFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=hours), **fields
    )
