"""notify_followers: each follower told once, the person who acted never, each key once."""

import pytest
from django.core import mail

from engage.notifications.emails import WelcomeEmail
from engage.notifications.models import Notification
from engage.notifications.services import notify_followers


def tell(callbacks, people, **kwargs):
    kwargs.setdefault("dedupe_key", "event-1-{user_id}")
    with callbacks(execute=True):
        return notify_followers(people, WelcomeEmail, **kwargs)


@pytest.mark.django_db
def test_every_follower_is_mailed_once(user_factory, django_capture_on_commit_callbacks):
    ana, bob = user_factory(), user_factory()

    sent = tell(django_capture_on_commit_callbacks, [ana, bob, ana])

    assert [n.user for n in sent] == [ana, bob]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ana.email, bob.email])


@pytest.mark.django_db
def test_the_person_who_acted_and_those_already_told_are_left_out(
    user_factory, django_capture_on_commit_callbacks
):
    actor, told, follower = user_factory(), user_factory(), user_factory()

    sent = tell(
        django_capture_on_commit_callbacks,
        [actor, told, follower],
        except_users=[actor, told.pk, None],
    )

    assert [n.user for n in sent] == [follower]
    assert [m.to for m in mail.outbox] == [[follower.email]]


@pytest.mark.django_db
def test_no_actor_leaves_nobody_out(user_factory, django_capture_on_commit_callbacks):
    people = [user_factory(), user_factory()]
    assert len(tell(django_capture_on_commit_callbacks, people, except_users=[None])) == 2


@pytest.mark.django_db
def test_the_key_names_the_person_or_only_the_event(
    user_factory, django_capture_on_commit_callbacks
):
    ana, bob = user_factory(), user_factory()

    tell(django_capture_on_commit_callbacks, [ana, bob], dedupe_key="idea-status-7-{user_id}")
    tell(django_capture_on_commit_callbacks, [ana, bob], dedupe_key="report-event-7")

    keys = set(Notification.objects.values_list("user_id", "dedupe_key"))
    assert keys == {
        (ana.pk, f"idea-status-7-{ana.pk}"),
        (bob.pk, f"idea-status-7-{bob.pk}"),
        (ana.pk, "report-event-7"),
        (bob.pk, "report-event-7"),
    }


@pytest.mark.django_db
def test_telling_again_with_the_same_key_mails_nobody_twice(
    user_factory, django_capture_on_commit_callbacks
):
    ana = user_factory()
    tell(django_capture_on_commit_callbacks, [ana])
    tell(django_capture_on_commit_callbacks, [ana])

    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_people_who_want_no_email_are_skipped(user_factory, django_capture_on_commit_callbacks):
    quiet, keen = user_factory(email_notifications=False), user_factory()

    sent = tell(django_capture_on_commit_callbacks, [quiet, keen], params_are="passed")

    assert [n.user for n in sent] == [keen]
    assert sent[0].params == {"params_are": "passed"}
    assert [m.to for m in mail.outbox] == [[keen.email]]
