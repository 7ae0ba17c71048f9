"""An outcome published from several places at the same instant, on a real PostgreSQL
server: the news is recorded once and each person is told once."""

import os
from collections import Counter

import pytest
from django.core import mail

from engage.notifications.models import Notification
from engage.outcomes.models import Announcement, AnnouncementRecipient
from engage.outcomes.services import announce
from engage.outcomes.tasks import send_announcement
from ideas import services as idea_services
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, make_campaign
from tests.outcomes.announcements_factories import make_outcome

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_four_publications_at_once_tell_each_person_once():
    idea = IdeaFactory(campaign=make_campaign(), author=UserFactory(email="author@example.org"))
    for number in range(5):
        idea_services.cast_vote(idea, UserFactory(email=f"voter{number}@example.org"))
    outcome = make_outcome(links=[{"idea": idea}], publish=False)
    mail.outbox.clear()

    outcomes = run_together([lambda: announce(outcome) for _ in range(4)])
    run_together([lambda: send_announcement.call(Announcement.objects.get().pk)] * 3)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert Announcement.objects.count() == 1
    assert AnnouncementRecipient.objects.count() == 6
    assert Notification.objects.filter(email_key="outcome-announcement").count() == 6
    sent = Counter(message.to[0] for message in mail.outbox)
    assert len(sent) == 6 and set(sent.values()) == {1}
    outcome.refresh_from_db()
    assert outcome.people_told == 6
