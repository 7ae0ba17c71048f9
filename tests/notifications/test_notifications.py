import re
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend

from engage.notifications.emails import NotificationEmail, WelcomeEmail
from engage.notifications.models import EmailOptOut, Notification
from engage.notifications.services import notify
from engage.notifications.tasks import send_notification


def notify_now(django_capture_on_commit_callbacks, user, email_class=WelcomeEmail, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return notify(user, email_class, **kwargs)


def unsubscribe_path(message):
    return re.search(r"https?://[^/]+(/\w+/notifications/unsubscribe/[^/\s]+/)", message.body)[1]


@pytest.mark.django_db
def test_notification_is_sent_in_the_users_language(
    user_factory, django_capture_on_commit_callbacks
):
    spanish = user_factory(preferred_language="es", display_name="Ana")
    english = user_factory(preferred_language="en", display_name="Bob")

    notify_now(django_capture_on_commit_callbacks, spanish)
    notify_now(django_capture_on_commit_callbacks, english)

    assert [m.to for m in mail.outbox] == [[spanish.email], [english.email]]
    assert mail.outbox[0].subject == "Bienvenido a Engage"
    assert "Hola Ana" in mail.outbox[0].body
    assert "/es/notifications/unsubscribe/" in mail.outbox[0].body
    assert mail.outbox[1].subject == "Welcome to Engage"
    assert "Hello Bob" in mail.outbox[1].body
    html, mimetype = mail.outbox[1].alternatives[0]
    assert mimetype == "text/html"
    assert 'lang="en"' in html


@pytest.mark.django_db
def test_nothing_is_sent_before_the_transaction_commits(
    resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(resident, WelcomeEmail)

    assert len(callbacks) == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_rolled_back_change_mails_nobody(resident, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(resident, WelcomeEmail)
        raise RuntimeError("the change that triggered the e-mail failed")

    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_master_switch_stops_every_email(user_factory, django_capture_on_commit_callbacks):
    quiet = user_factory(email_notifications=False)

    assert notify_now(django_capture_on_commit_callbacks, quiet) is None
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_topic_opt_out_stops_that_topic_only(resident, django_capture_on_commit_callbacks):
    EmailOptOut.objects.create(user=resident, topic="news")

    class ReportUpdate(NotificationEmail):
        key = "test-report-update"
        topic = "reports"
        template_prefix = "notifications/emails/welcome"

    assert notify_now(django_capture_on_commit_callbacks, resident) is None
    notification = Notification(user=resident, email_key="x", topic="reports")
    assert ReportUpdate().build(notification).to == [resident.email]


@pytest.mark.django_db
def test_one_click_unsubscribe_from_the_email(client, resident, django_capture_on_commit_callbacks):
    notify_now(django_capture_on_commit_callbacks, resident)
    message = mail.outbox[0]
    path = unsubscribe_path(message)
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{path}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    response = client.get(path)

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert EmailOptOut.objects.filter(user=resident, topic="news").exists()
    assert notify_now(django_capture_on_commit_callbacks, resident, dedupe_key="again") is None


@pytest.mark.django_db
def test_mail_clients_can_unsubscribe_with_a_post(
    client, resident, django_capture_on_commit_callbacks
):
    notify_now(django_capture_on_commit_callbacks, resident)

    response = client.post(unsubscribe_path(mail.outbox[0]), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert EmailOptOut.objects.filter(user=resident, topic="news").exists()


@pytest.mark.django_db
def test_unsubscribing_can_be_undone(client, resident, django_capture_on_commit_callbacks):
    notify_now(django_capture_on_commit_callbacks, resident)
    path = unsubscribe_path(mail.outbox[0])
    client.get(path)

    response = client.post(path, {"action": "resubscribe"})

    assert "You are subscribed again" in response.content.decode()
    assert not EmailOptOut.objects.filter(user=resident).exists()


@pytest.mark.django_db
def test_the_stop_all_link_turns_off_the_master_switch(
    client, resident, django_capture_on_commit_callbacks
):
    notify_now(django_capture_on_commit_callbacks, resident)
    stop_all = re.search(r"Stop all notification e-mails: https?://[^/]+(\S+)", mail.outbox[0].body)

    client.get(stop_all[1])

    resident.refresh_from_db()
    assert resident.email_notifications is False


@pytest.mark.django_db
def test_a_tampered_unsubscribe_link_is_refused(
    client, resident, django_capture_on_commit_callbacks
):
    notify_now(django_capture_on_commit_callbacks, resident)
    path = unsubscribe_path(mail.outbox[0])

    response = client.get(path.replace("/unsubscribe/", "/unsubscribe/x"))

    assert response.status_code == 404
    assert not EmailOptOut.objects.exists()


@pytest.mark.django_db
def test_the_same_event_mails_a_person_once(resident, django_capture_on_commit_callbacks):
    notify_now(django_capture_on_commit_callbacks, resident, dedupe_key="welcome")
    notify_now(django_capture_on_commit_callbacks, resident, dedupe_key="welcome")

    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_running_the_task_twice_sends_once(resident, django_capture_on_commit_callbacks):
    notification = notify_now(django_capture_on_commit_callbacks, resident)

    send_notification.call(notification.pk)

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None


@pytest.mark.django_db
def test_an_opt_out_after_queueing_is_honoured(resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notify(resident, WelcomeEmail)
    EmailOptOut.objects.create(user=resident, topic="news")

    for callback in callbacks:
        callback()

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.skipped_reason == "opted out"
    assert notification.sent_at is None


def failing_send(self, fail_silently=False):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.mark.django_db
def test_a_mail_server_failure_is_retried_later(
    resident, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(resident, WelcomeEmail)
    monkeypatch.setattr(EmailMultiAlternatives, "send", failing_send)

    send_notification.call(notification.pk)

    notification.refresh_from_db()
    assert (notification.sent_at, notification.attempts, notification.skipped_reason) == (
        None,
        1,
        "",
    )
    retry = default_task_backend.results[-1]
    assert retry.args == [notification.pk]
    assert retry.task.run_after > timezone.now()

    monkeypatch.undo()
    send_notification.call(notification.pk)

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None


@pytest.mark.django_db
def test_without_a_scheduler_a_mail_failure_does_not_break_the_request(
    resident, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(EmailMultiAlternatives, "send", failing_send)

    notification = notify_now(django_capture_on_commit_callbacks, resident)

    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.skipped_reason == "failed"
    assert mail.outbox == []


@pytest.mark.django_db
def test_people_without_a_name_are_greeted_without_one(
    user_factory, django_capture_on_commit_callbacks
):
    nameless = user_factory(display_name="", first_name="", preferred_language="es")

    notify_now(django_capture_on_commit_callbacks, nameless)

    assert mail.outbox[0].body.startswith("Hola:")
    assert "anónimo" not in mail.outbox[0].body
