"""Announcements: once per piece of news, in each person's language, as they asked."""

import datetime

import pytest
from django.core import mail

from engage.notifications.models import EmailOptOut, Notification
from engage.outcomes.models import Announcement, AnnouncementRecipient, OutcomePage
from engage.outcomes.tasks import send_announcement
from ideas import services as idea_services
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, make_campaign
from tests.outcomes.announcements_factories import make_outcome, republish, translate

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run ``action()`` and what it queued; the messages sent, by address."""

    def run(action):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        sent = {}
        for message in mail.outbox:
            sent.setdefault(message.to[0], []).append(message)
        return result, sent

    return run


@pytest.fixture
def author(db):
    return UserFactory(email="author@example.org", display_name="Ana")


@pytest.fixture
def idea(author):
    return IdeaFactory(campaign=make_campaign(), author=author, title="Benches on the trail")


@pytest.fixture
def voter(idea):
    person = UserFactory(email="voter@example.org", preferred_language="es", display_name="Luz")
    idea_services.cast_vote(idea, person)
    return person


def html_of(message):
    (html, mimetype), *_rest = message.alternatives
    assert mimetype == "text/html"
    return html


def reach(page, position, on=DAY):
    """Mark the milestone at ``position`` reached in a new revision, and publish it."""
    page = OutcomePage.objects.get(pk=page.pk)
    milestones = list(page.milestones.all())
    milestones[position].reached_on = on
    return republish(page, milestones=milestones)


def test_publishing_tells_each_contributor_once_with_the_outcome(send, idea, voter):
    outcome, sent = send(
        lambda: make_outcome(
            links=[{"idea": idea}],
            title="Twelve new benches",
            summary="One every 300 metres along the trail.",
        )
    )

    assert sorted(sent) == ["author@example.org", "voter@example.org"]
    message = sent["author@example.org"][0]
    assert message.subject == "What came of your feedback: Twelve new benches"
    assert "One every 300 metres along the trail." in message.body
    assert f"Read what changed and the feedback behind it: http://testserver{outcome.url}" in (
        message.body
    )
    assert "Hello Ana," in message.body
    outcome.refresh_from_db()
    assert outcome.people_told == 2
    assert Announcement.objects.get().kind == "published"


def test_publishing_again_tells_nobody_twice_and_keeps_the_count(send, idea, voter):
    outcome, _sent = send(lambda: make_outcome(links=[{"idea": idea}]))

    outcome, sent = send(lambda: republish(outcome, summary="Now with shade trees too."))

    assert sent == {}
    assert Announcement.objects.count() == 1
    # The revision was saved before anyone was told: its count is not written back.
    assert outcome.people_told == 2


def test_a_later_contributor_hears_of_the_outcome_at_the_next_publication(send, idea, voter):
    outcome, _sent = send(lambda: make_outcome(links=[{"idea": idea}]))
    late = UserFactory(email="late@example.org")
    idea_services.follow(idea, late)

    outcome, sent = send(lambda: republish(outcome))

    assert list(sent) == ["late@example.org"]
    assert outcome.people_told == 3


def test_a_milestone_reached_later_is_told_once(send, idea, voter):
    outcome, _sent = send(
        lambda: make_outcome(
            links=[{"idea": idea}],
            milestones=[
                {"title": "Benches ordered", "announce": True},
                {"title": "Site surveyed", "announce": False},
            ],
        )
    )

    outcome, sent = send(lambda: reach(outcome, 0))
    assert sorted(sent) == ["author@example.org", "voter@example.org"]
    assert "Benches ordered" in sent["author@example.org"][0].subject
    assert "Milestone reached: Benches ordered" in sent["author@example.org"][0].body

    outcome, sent = send(lambda: reach(outcome, 0, on=DAY + datetime.timedelta(days=1)))
    assert sent == {}
    # A milestone staff did not choose to announce is news to nobody.
    outcome, sent = send(lambda: reach(outcome, 1))
    assert sent == {}
    assert Announcement.objects.filter(kind="milestone").count() == 1
    # Each person is counted once, whatever they were told.
    assert outcome.people_told == 2


def test_milestones_reached_before_the_first_publication_are_told_in_its_message(send, idea):
    _outcome, sent = send(
        lambda: make_outcome(
            links=[{"idea": idea}],
            milestones=[{"title": "Benches ordered", "announce": True, "reached_on": DAY}],
        )
    )

    assert len(sent["author@example.org"]) == 1
    assert "Benches ordered" in sent["author@example.org"][0].body
    assert AnnouncementRecipient.objects.count() == 1
    assert Announcement.objects.get(kind="milestone").told_in.kind == "published"


def test_each_person_reads_it_in_their_language(send, idea, voter, settings):
    outcome = make_outcome(links=[{"idea": idea}], publish=False, title="New benches")
    spanish = translate(outcome, title="Bancos nuevos", summary="Uno cada 300 metros.")
    assert Announcement.objects.count() == 1  # the translation's publication is the news

    _outcome, sent = send(lambda: republish(outcome))

    spanish_message = sent["voter@example.org"][0]
    assert "Bancos nuevos" in spanish_message.subject
    assert "Uno cada 300 metros." in spanish_message.body
    assert spanish.url.startswith("/es/")
    assert spanish.url in spanish_message.body
    assert 'lang="es"' in html_of(spanish_message)
    english_message = sent["author@example.org"][0]
    assert "New benches" in english_message.subject
    assert 'lang="en"' in html_of(english_message)


def test_translating_an_announced_outcome_tells_nobody_again(send, idea, voter):
    outcome, _sent = send(lambda: make_outcome(links=[{"idea": idea}]))

    spanish, sent = send(lambda: translate(outcome, title="Bancos nuevos"))

    assert sent == {}
    assert spanish.people_told == 2


def test_preferences_are_honoured_and_the_message_can_be_unsubscribed_from(send, idea, author):
    refuses = UserFactory(email="refuses@example.org")
    EmailOptOut.objects.create(user=refuses, topic="outcomes")
    idea_services.cast_vote(idea, refuses)

    outcome, sent = send(lambda: make_outcome(links=[{"idea": idea}]))

    assert list(sent) == ["author@example.org"]
    message = sent["author@example.org"][0]
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/notifications/unsubscribe/" in unsubscribe
    assert f"Stop e-mails about outcomes: {unsubscribe}" in message.body
    assert outcome.people_told == 1


def test_someone_who_turns_them_off_before_the_task_runs_is_not_told(send, idea, author):
    def publish_then_opt_out():
        page = make_outcome(links=[{"idea": idea}])
        EmailOptOut.objects.create(user=author, topic="outcomes")
        return page

    outcome, sent = send(publish_then_opt_out)

    assert sent == {}
    assert AnnouncementRecipient.objects.get().skipped_reason == "opted out"
    outcome.refresh_from_db()
    assert outcome.people_told == 0


def test_the_task_is_safe_to_run_again(send, idea, voter):
    outcome, _sent = send(lambda: make_outcome(links=[{"idea": idea}]))
    announcement = Announcement.objects.get()

    _result, sent = send(lambda: send_announcement.call(announcement.pk))
    assert sent == {}

    # A worker that died after queueing a message but before noting it: the message
    # exists once, and running the task again does not send it again.
    AnnouncementRecipient.objects.update(notification=None, queued_at=None)
    _result, sent = send(lambda: send_announcement.call(announcement.pk))
    assert sent == {}
    assert Notification.objects.filter(email_key="outcome-announcement").count() == 2
    assert AnnouncementRecipient.objects.filter(notification=None).count() == 0


def test_an_outcome_linked_to_nothing_is_announced_to_nobody(send):
    outcome, sent = send(lambda: make_outcome())

    assert sent == {}
    assert outcome.people_told == 0
    assert Announcement.objects.get().recipients.count() == 0
