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


def notify_address(email, email_class, *, language, dedupe_key, **params):
    """Queue an e-mail for an address typed by someone without an account, once per key.

    For what the person asked for by giving the address (the receipt for a report filed
    without logging in), so there are no preferences to check; it is written in
    ``language``, the one the person was using. Sent like ``notify``'s, after the commit.
    """
    notification, created = Notification.objects.get_or_create(
        user=None,
        email=email,
        dedupe_key=dedupe_key,
        defaults={
            "email_key": email_class.key,
            "topic": email_class.topic,
            "params": params,
            "language": language,
        },
    )
    if created:
        transaction.on_commit(partial(send_notification.enqueue, notification.pk))
    return notification


def notify_followers(people, email_class, *, dedupe_key, except_users=(), **params):
    """Queue ``email_class`` for each of ``people`` (who follow something), once a person.

    ``except_users`` hear nothing from this call: the person who made the change, and
    anyone already told another way. They are users or primary keys; ``None`` (no one
    acted: the system did) is ignored.

    ``dedupe_key`` is formatted with ``user_id``: ``"idea-status-7-{user_id}"`` gives each
    person their own key, ``"report-event-7"`` one key for the event (a Notification is
    unique per person and key, so both mail each person once, however often this runs).

    ``people`` may be any iterable of users, such as the users of a part's follow rows
    read with ``select_related("user")``. Returns the Notifications, leaving out those
    the person's preferences refused.
    """
    skip = {getattr(person, "pk", person) for person in except_users} - {None}
    notifications = []
    for person in people:
        if person.pk in skip:
            continue
        skip.add(person.pk)
        notification = notify(
            person, email_class, dedupe_key=dedupe_key.format(user_id=person.pk), **params
        )
        if notification is not None:
            notifications.append(notification)
    return notifications
