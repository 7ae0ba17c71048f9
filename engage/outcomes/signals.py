"""Receivers connected in ``OutcomesConfig.ready()``.

Publishing an outcome page — from the editor, a scheduled publication or code — tells
the people behind it the news it brings (``services.announce``). The signal rather than
an admin hook, so that a scheduled publication (``publish_scheduled``) tells them too.
It also counts the outcome in the figures at once (``performance.outcomes_changed``) and
has the quick periods' figures prepared again (``prepared``).

The page cache (``engage.core.page_cache``) is told which tables no public page shows:
the announcements sent to people.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from wagtail.signals import page_published

from engage.core.page_cache import not_shown_to_visitors

from .models import Announcement, AnnouncementRecipient, OutcomePage
from .performance import outcomes_changed
from .services import announce
from .tasks import prepare_figures_task

not_shown_to_visitors(Announcement, AnnouncementRecipient)

_held = ContextVar("outcome_announcements_held", default=False)


@contextmanager
def announcements_held():
    """Publishing inside this block tells no one: the demo's outcomes are published as
    content for visitors to read, not as news for the demo's accounts. Nor does it
    prepare the figures again after each page: the pages count them until the next run."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def announce_on_publish(sender, instance, **kwargs):
    outcomes_changed()
    if not _held.get():
        transaction.on_commit(prepare_figures_task.enqueue)
        announce(instance)


page_published.connect(announce_on_publish, sender=OutcomePage, dispatch_uid="outcomes-announce")
