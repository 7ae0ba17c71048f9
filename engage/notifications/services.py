from functools import partial

from django.db import transaction

from .models import Notification
from .preferences import wants_email
from .tasks import send_notification


def notify(user, email_class, *, dedupe_key=None, **params):
    """Queue an e-mail for ``user`` unless their preferences say no.

    ``params`` must be JSON-serialisable (primary keys, not objects); the e-mail class
    loads what it needs when the message is built. The e-mail is sent by a background
    task after the current transaction commits, so a rolled-back change mails nobody.
    Returns the Notification, or None when the person does not want this topic.
    """
    if not wants_email(user, email_class.topic):
        return None
    fields = {"email_key": email_class.key, "topic": email_class.topic, "params": params}
    if dedupe_key:
        notification, created = Notification.objects.get_or_create(
            user=user, dedupe_key=dedupe_key, defaults=fields
        )
        if not created:
            return notification
    else:
        notification = Notification.objects.create(user=user, **fields)
    transaction.on_commit(partial(send_notification.enqueue, notification.pk))
    return notification
