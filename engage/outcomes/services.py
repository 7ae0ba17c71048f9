"""Operations that change the outcomes part's state: one transaction each.

``announce(page)`` is what publishing an outcome page sets off (``signals``): the news
it brings — the outcome's first publication, each milestone staff chose to announce that
is now reached — is recorded once, the people behind the linked feedback are stored as
its recipients (one row a person), the sending task is queued after the commit, and the
outcome's count of people told is brought up to date.
"""

from functools import partial

from django.db import transaction

from .contributors import People, contributors
from .models import Announcement, AnnouncementRecipient, OutcomeMilestone, OutcomePage
from .models.announcements import refresh_people_told
from .tasks import send_announcement

PUBLISHED = "published"


def original_of(page):
    """The outcome in the language it was first written in: news belongs to it, whichever
    translation is published, so each piece of news is told once in all languages."""
    return (
        OutcomePage.objects.filter(translation_key=page.translation_key).order_by("pk").first()
        or page
    )


def reached_milestones(outcome):
    """The milestones of ``outcome`` staff want announced that are reached."""
    return OutcomeMilestone.objects.filter(
        page=outcome, announce=True, reached_on__isnull=False
    ).order_by("sort_order", "pk")


def _news(outcome, key, **fields):
    return Announcement.objects.get_or_create(outcome=outcome, key=key, defaults=fields)


def _add_recipients(announcement, people):
    """Store each of ``people`` as a recipient of ``announcement``, leaving anyone it
    already has as they are (the unique constraints decide, whatever runs at once)."""
    rows = [AnnouncementRecipient(announcement=announcement, user_id=pk) for pk in people.users]
    rows += [
        AnnouncementRecipient(announcement=announcement, email=address, language=language)
        for address, language in people.addresses.items()
    ]
    AnnouncementRecipient.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


@transaction.atomic
def announce(page):
    """Record and queue the news a publication of ``page`` brings; returns the
    announcements that have someone new to tell.

    The first publication of an outcome (in any language) is news once. Its milestones
    already reached then are told in that message, not one each. A milestone reached
    later (marked on the outcome in its original language) is news once. Publishing
    again adds to the publication's recipients only the people who took part since:
    nobody hears the same news twice.
    """
    outcome = original_of(page)
    publication, first = _news(outcome, PUBLISHED, kind=Announcement.Kind.PUBLISHED)
    announcements = [publication]
    for milestone in reached_milestones(outcome) if outcome.live else ():
        news, created = _news(
            outcome,
            f"milestone-{milestone.pk}",
            kind=Announcement.Kind.MILESTONE,
            milestone=milestone,
            told_in=publication if first else None,
        )
        if created and not first:
            announcements.append(news)
    people = contributors(outcome)
    for announcement in announcements:
        if announcement.kind == Announcement.Kind.PUBLISHED:
            _add_recipients(announcement, people)
        else:
            # An address given on a report form was given for that report: it hears
            # what came of it, once, and no further news.
            _add_recipients(announcement, People(users=people.users))
    refresh_people_told(outcome)
    waiting = [
        announcement
        for announcement in announcements
        if announcement.recipients.filter(notification=None, skipped_reason="").exists()
    ]
    for announcement in waiting:
        transaction.on_commit(partial(send_announcement.enqueue, announcement.pk))
    return waiting
