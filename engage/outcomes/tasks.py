"""Background tasks of the outcomes part: they take primary keys and are safe to run again."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from engage.notifications.services import notify, notify_address

from .emails import OutcomeAnnouncementEmail
from .follow_up import ask_if_fixed
from .models import Announcement, AnnouncementRecipient
from .models.announcements import refresh_people_told
from .prepared import prepare
from .service_levels import send_digests


def announcement_key(announcement_id):
    return f"outcome-announcement-{announcement_id}"


@task()
def send_announcement(announcement_id):
    """Queue the announcement's e-mail for each recipient not yet queued.

    Safe to retry or to run twice at once: each recipient is taken under a row lock and
    only while it has no notification, and a notification is unique per person and
    dedupe key, so nobody gets the news twice. The notification is sent by the
    notifications part (in the person's language, checking their preferences again,
    retrying a mail server that fails).
    """
    key = announcement_key(announcement_id)
    waiting = AnnouncementRecipient.objects.filter(
        announcement_id=announcement_id, notification=None, skipped_reason=""
    )
    # Read the keys first: each recipient below is taken in a transaction of its own.
    for pk in list(waiting.values_list("pk", flat=True)):
        with transaction.atomic():
            recipient = (
                AnnouncementRecipient.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(pk=pk, notification=None, skipped_reason="")
                .first()
            )
            if recipient is None:
                continue
            if recipient.user is not None:
                notification = notify(
                    recipient.user,
                    OutcomeAnnouncementEmail,
                    dedupe_key=key,
                    announcement=announcement_id,
                )
            else:
                notification = notify_address(
                    recipient.email,
                    OutcomeAnnouncementEmail,
                    language=recipient.language,
                    dedupe_key=key,
                    announcement=announcement_id,
                )
            recipient.notification = notification
            recipient.queued_at = timezone.now()
            recipient.skipped_reason = "" if notification is not None else "opted out"
            recipient.save(update_fields=["notification", "queued_at", "skipped_reason"])
    # Someone who turned these e-mails off in the meantime was not told.
    outcome = Announcement.objects.select_related("outcome").get(pk=announcement_id).outcome
    refresh_people_told(outcome)


@task()
def ask_if_fixed_task():
    """Ask the reporters of reports resolved the set delay ago whether they are fixed;
    each resolution is asked about once, however often this runs."""
    return len(ask_if_fixed())


@task()
def send_service_level_digests_task():
    """Queue last week's digest for each department, once per department and week."""
    _period, queued = send_digests()
    return len(queued)


@task()
def prepare_figures_task():
    """Prepare the quick periods' figures again (after an outcome is published)."""
    prepare()
