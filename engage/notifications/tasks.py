from django.utils import timezone, translation
from django_tasks import task

from .emails import get_email_class
from .models import Notification
from .preferences import wants_email


@task()
def send_notification(notification_id):
    """Send one queued notification. Safe to run twice: only the first run sends."""
    # Claim the notification before sending, so two workers never both send it.
    claimed = Notification.objects.filter(
        pk=notification_id, sent_at__isnull=True, skipped_reason=""
    ).update(sent_at=timezone.now())
    if not claimed:
        return
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    user = notification.user
    # Preferences may have changed since the notification was queued.
    if not wants_email(user, notification.topic):
        Notification.objects.filter(pk=notification_id).update(
            sent_at=None, skipped_reason="opted out"
        )
        return
    try:
        with translation.override(user.preferred_language):
            message = get_email_class(notification.email_key)().build(notification)
        message.send()
    except Exception:
        # Release the claim so a retry can send it.
        Notification.objects.filter(pk=notification_id).update(sent_at=None)
        raise
