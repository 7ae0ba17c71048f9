"""What the sign-up tests share: events at a given local time, and Spanish for new strings.

The Spanish catalog gets the part's strings when the lead translates them after merging;
``spanish`` puts a translation of the strings a test reads into the active catalog
meanwhile, so the test proves the message goes through gettext when it is produced
(not once at import), in the language active at that moment.
"""

import datetime
from contextlib import contextmanager

from django.utils import timezone
from django.utils.translation import trans_real

from tests.liaisons.factories import EventFactory


def local(year, month, day, hour=0, minute=0):
    """An aware datetime at that wall-clock time in the site's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))  # noqa: DTZ001


def event_at(starts_at, hours=3, **fields):
    return EventFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=hours), **fields
    )


@contextmanager
def spanish(translations):
    """Add ``{english: spanish}`` to the Spanish catalog for the duration."""
    catalog = trans_real.translation("es")._catalog
    first = catalog._catalogs[0]
    saved = {msgid: first[msgid] for msgid in translations if msgid in first}
    for msgid, msgstr in translations.items():
        catalog[msgid] = msgstr
    try:
        yield
    finally:
        for msgid in translations:
            first.pop(msgid, None)
        first.update(saved)
