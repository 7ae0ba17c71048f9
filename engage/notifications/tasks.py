import logging
import smtplib
from datetime import timedelta

from django.db.models import F
from django.utils import timezone, translation
from django_tasks import task

from .emails import get_email_class
from .models import Notification
from .preferences import wants_email

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
# Errors of the mail server or the network, which often pass by themselves.
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


def retry_delay(attempt):
    """5 minutes, then 20, then 45: give a struggling mail server room."""
    return timedelta(minutes=5 * attempt * attempt)


@task()
def send_notification(notification_id):
    """Send one queued notification. Safe to run twice: only the first run sends."""
    # Claim the notification before sending, so two workers never both send it.
    claimed = Notification.objects.filter(
        pk=notification_id, sent_at__isnull=True, skipped_reason=""
    ).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    if not claimed:
        return
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    user = notification.user
    # Preferences may have changed since the notification was queued. (An address typed
    # without an account has none: the person asked for this one e-mail.)
    if user is not None and not wants_email(user, notification.topic):
        Notification.objects.filter(pk=notification_id).update(
            sent_at=None, skipped_reason="opted out"
        )
        return
    language = user.preferred_language if user is not None else notification.language
    try:
        with translation.override(language or None):
            message = get_email_class(notification.email_key)().build(notification)
        message.send()
    except TRANSIENT_ERRORS:
        # Release the claim; try again later where the task backend can schedule it.
        Notification.objects.filter(pk=notification_id).update(sent_at=None)
        can_defer = send_notification.get_backend().supports_defer
        if can_defer and notification.attempts < MAX_ATTEMPTS:
            logger.warning(
                "Sending notification %s failed (attempt %s); retrying later.",
                notification_id,
                notification.attempts,
                exc_info=True,
            )
            send_notification.using(
                run_after=timezone.now() + retry_delay(notification.attempts)
            ).enqueue(notification_id)
            return
        Notification.objects.filter(pk=notification_id).update(skipped_reason="failed")
        raise
    except Exception:
        Notification.objects.filter(pk=notification_id).update(sent_at=None)
        raise
