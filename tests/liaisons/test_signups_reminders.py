"""Reminders: each lead time once, naming date, local time and place, in the person's language."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from liaisons.models import ReminderSent, SignUp, VolunteerEvent
from liaisons.services import signups as services
from tests.liaisons.factories import VolunteerFactory
from tests.liaisons.signups_support import event_at

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
TWO_DAYS = datetime.timedelta(days=2)
TWO_HOURS = datetime.timedelta(hours=2)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the reminder task at ``now``; the e-mails it queued are sent."""

    def run_at(now):
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_due_reminders(now)

    return run_at


def confirmed(event=None, **volunteer_fields):
    event = event or event_at(
        (timezone.localtime() + datetime.timedelta(days=10)).replace(
            hour=10, minute=0, second=0, microsecond=0
        ),
        title="Alley cleanup",
        meeting_point="Corner of Main St and 2nd St",
        what_to_bring="Sturdy shoes",
    )
    signup = services.sign_up(event, VolunteerFactory(**volunteer_fields))
    assert signup.status == SignUp.Status.CONFIRMED
    return signup


def test_the_two_day_reminder_goes_out_once_however_often_the_task_runs(run):
    signup = confirmed()
    start = signup.event.starts_at

    assert run(start - TWO_DAYS - MINUTE) == 0
    assert run(start - TWO_DAYS + MINUTE) == 1
    assert run(start - TWO_DAYS + 2 * MINUTE) == 0
    assert run(start - TWO_DAYS + 30 * MINUTE) == 0

    assert list(ReminderSent.objects.values_list("signup", "lead_minutes")) == [(signup.pk, 2880)]
    (reminder,) = mail.outbox
    assert reminder.to == [signup.volunteer.user.email]


def test_the_reminder_names_date_local_time_place_and_links_back(run):
    signup = confirmed()
    event = signup.event

    run(event.starts_at - TWO_DAYS + MINUTE)

    (reminder,) = mail.outbox
    local_start = timezone.localtime(event.starts_at)
    assert "Reminder: “Alley cleanup”" in reminder.subject
    assert date_format(local_start, "DATE_FORMAT") in reminder.subject
    assert "10 a.m." in reminder.subject  # the site's wall clock, not UTC
    assert "Corner of Main St and 2nd St" in reminder.body
    assert event.neighborhood.name in reminder.body
    assert "1 p.m." in reminder.body  # the end, three hours later
    assert "Sturdy shoes" in reminder.body
    assert f"http://testserver{event.get_absolute_url()}#signup" in reminder.body
    assert f"http://testserver/en/volunteer/events/{event.pk}/event.ics" in reminder.body
    html = reminder.alternatives[0][0]
    assert "Corner of Main St and 2nd St" in html
    assert event.get_absolute_url() in html


def test_both_reminders_in_turn(run):
    signup = confirmed()
    start = signup.event.starts_at

    assert run(start - TWO_DAYS + MINUTE) == 1
    assert run(start - TWO_HOURS - MINUTE) == 0
    assert run(start - TWO_HOURS + MINUTE) == 1
    assert run(start - MINUTE) == 0

    assert sorted(ReminderSent.objects.values_list("lead_minutes", flat=True)) == [120, 2880]
    assert len(mail.outbox) == 2


def test_when_several_leads_are_due_at_once_only_the_nearest_is_sent(run):
    signup = confirmed()
    start = signup.event.starts_at

    assert run(start - TWO_HOURS + MINUTE) == 1  # the task did not run for two days

    assert sorted(ReminderSent.objects.values_list("lead_minutes", flat=True)) == [120, 2880]
    assert len(mail.outbox) == 1
    assert run(start - MINUTE) == 0


def test_no_reminder_for_a_lead_that_had_passed_when_the_person_signed_up(run):
    signup = confirmed()
    start = signup.event.starts_at
    SignUp.objects.filter(pk=signup.pk).update(created_at=start - datetime.timedelta(days=1))

    assert run(start - TWO_DAYS + MINUTE) == 0
    assert run(start - datetime.timedelta(hours=20)) == 0
    assert run(start - TWO_HOURS + MINUTE) == 1

    assert len(mail.outbox) == 1


def test_no_reminders_for_the_waitlist_the_withdrawn_or_a_cancelled_event(run):
    signup = confirmed()
    event = signup.event
    VolunteerEvent.objects.filter(pk=event.pk).update(capacity=1)
    waiting = services.sign_up(event, VolunteerFactory())
    other = confirmed()
    services.cancel_signup(other)
    cancelled = confirmed()
    VolunteerEvent.objects.filter(pk=cancelled.event_id).update(
        status=VolunteerEvent.Status.CANCELLED
    )

    run(event.starts_at - TWO_DAYS + MINUTE)

    assert [m.to for m in mail.outbox] == [[signup.volunteer.user.email]]
    assert not ReminderSent.objects.filter(signup__in=[waiting, other, cancelled]).exists()


def test_lead_times_are_a_setting(run, settings):
    settings.LIAISONS_REMINDER_LEADS = [60]
    signup = confirmed()
    start = signup.event.starts_at

    assert run(start - TWO_DAYS + MINUTE) == 0
    assert run(start - datetime.timedelta(minutes=59)) == 1
    assert list(ReminderSent.objects.values_list("lead_minutes", flat=True)) == [60]


def test_the_reminder_is_in_the_volunteers_language(run):
    signup = confirmed()
    user = signup.volunteer.user
    user.preferred_language = "es"
    user.save()

    run(signup.event.starts_at - TWO_DAYS + MINUTE)

    (reminder,) = mail.outbox
    with translation.override("es"):
        local_start = timezone.localtime(signup.event.starts_at)
        spanish_date = date_format(local_start, "DATE_FORMAT")
        spanish_time = time_format(local_start, "TIME_FORMAT")
    assert " de " in spanish_date  # "15 de diciembre de 2026"
    assert spanish_date in reminder.subject
    assert spanish_time in reminder.body
    assert "/es/volunteer/events/" in reminder.body


def test_the_cron_command_sends_each_reminder_once(django_capture_on_commit_callbacks):
    soon = timezone.now() + datetime.timedelta(minutes=90)
    signup = confirmed(event=event_at(soon))
    SignUp.objects.filter(pk=signup.pk).update(created_at=soon - TWO_DAYS * 2)

    with django_capture_on_commit_callbacks(execute=True):
        for _run in range(2):
            output = io.StringIO()
            call_command("send_event_reminders", stdout=output)

    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(signup=signup, lead_minutes=120).exists()
    assert output.getvalue().startswith("0 reminder(s) sent")
