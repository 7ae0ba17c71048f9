"""``NotificationEmail.get_reply_to``: a message passed on from one person to another
carries the writer's address in ``Reply-To``; every other notification carries none."""

import pytest

from engage.notifications.emails import NotificationEmail, WelcomeEmail
from engage.notifications.models import Notification


class PassedOnEmail(WelcomeEmail):
    """The welcome e-mail's templates, with the writer's address to reply to."""

    def get_reply_to(self, user, params):
        return [params["writer"]]


@pytest.mark.django_db
def test_reply_to_names_the_writer_and_only_the_recipient_is_addressed(user_factory):
    recipient = user_factory(email="liaison@example.org")
    notification = Notification(
        user=recipient, email_key="welcome", topic="news", params={"writer": "ana@example.org"}
    )

    message = PassedOnEmail().build(notification)

    assert message.to == ["liaison@example.org"]
    assert message.reply_to == ["ana@example.org"]
    assert message.message()["Reply-To"] == "ana@example.org"


@pytest.mark.django_db
def test_notifications_have_no_reply_to_by_default(user_factory):
    notification = Notification(user=user_factory(), email_key="welcome", topic="news")

    message = WelcomeEmail().build(notification)

    assert NotificationEmail().get_reply_to(None, {}) == []
    assert message.reply_to == []
    assert message.message()["Reply-To"] is None
