"""Whether a person wants an e-mail, and the signed links that let them say no."""

from django.core import signing
from django.urls import reverse

from .models import EmailOptOut
from .topics import all_topics

UNSUBSCRIBE_SALT = "engage.notifications.unsubscribe"
ALL_TOPICS = "all"


def wants_email(user, topic):
    if not (user.is_active and user.email and user.email_notifications):
        return False
    return not EmailOptOut.objects.filter(user=user, topic=topic).exists()


def subscribed_topics(user):
    if user.pk is None:
        return set(all_topics())
    opted_out = set(EmailOptOut.objects.filter(user=user).values_list("topic", flat=True))
    return set(all_topics()) - opted_out


def set_topic_opt_outs(user, topics):
    """Make ``topics`` exactly the set the user has opted out of."""
    topics = set(topics)
    EmailOptOut.objects.filter(user=user).exclude(topic__in=topics).delete()
    for topic in topics:
        EmailOptOut.objects.get_or_create(user=user, topic=topic)


def unsubscribe_token(user, topic):
    return signing.dumps({"u": user.pk, "t": topic}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(user_pk, topic) from a token, or raise ``signing.BadSignature``."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    topic = data.get("t")
    if topic != ALL_TOPICS and topic not in all_topics():
        raise signing.BadSignature("Unknown topic")
    return data["u"], topic


def unsubscribe_path(user, topic):
    return reverse("notifications:unsubscribe", args=[unsubscribe_token(user, topic)])
