"""Hours: the liaison records them per person present; volunteers log their own, which a
liaison of the neighborhood or staff approves or declines."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from liaisons.models import VolunteerHours
from liaisons.services import after_the_event, on_the_day
from tests.liaisons.factories import EventFactory, SignUpFactory, VolunteerFactory
from tests.liaisons.on_the_day_fixtures import *  # noqa: F403 (the fixtures)
from tests.liaisons.on_the_day_fixtures import over

pytestmark = pytest.mark.django_db
Status = VolunteerHours.Status


def present(event, **fields):
    return SignUpFactory(event=event, checked_in_at=event.starts_at, **fields)


# --- Recorded by the liaison --------------------------------------------------------------


def test_the_hours_form_defaults_to_the_event_s_length_for_each_person_present(
    client, liaison, past_event
):
    here = present(past_event)
    absent = SignUpFactory(event=past_event)
    client.force_login(liaison.user)

    page = client.get(reverse("liaisons:event_hours", args=[past_event.pk])).content.decode()

    assert here.volunteer.display_name in page and absent.volunteer.display_name not in page
    assert f'name="hours-{here.pk}" value="3' in page  # the factory's events last 3 hours


def test_recorded_hours_are_approved_at_once_and_recorded_again_not_twice(
    client, liaison, past_event
):
    first, second = present(past_event), present(past_event)
    pending = VolunteerHours.objects.create(
        volunteer=first.volunteer,
        event=past_event,
        date=timezone.localdate(past_event.starts_at),
        hours=Decimal("5"),
        self_logged=True,
    )
    client.force_login(liaison.user)
    url = reverse("liaisons:event_hours", args=[past_event.pk])

    client.post(url, {f"hours-{first.pk}": "3", f"hours-{second.pk}": "1.5"})
    client.post(url, {f"hours-{first.pk}": "2.75", f"hours-{second.pk}": ""})

    records = VolunteerHours.objects.filter(event=past_event, self_logged=False)
    assert {(r.volunteer_id, r.hours) for r in records} == {
        (first.volunteer_id, Decimal("2.75")),
        (second.volunteer_id, Decimal("1.5")),
    }
    assert all(r.status == Status.APPROVED and r.reviewed_by == liaison.user for r in records)
    pending.refresh_from_db()
    assert pending.status == Status.DECLINED and "recorded your hours" in pending.decline_reason


def test_bad_hours_are_refused_and_nothing_is_saved(client, liaison, past_event):
    here = present(past_event)
    client.force_login(liaison.user)

    response = client.post(
        reverse("liaisons:event_hours", args=[past_event.pk]), {f"hours-{here.pk}": "25"}
    )

    assert response.status_code == 400
    assert "A day has at most 24 hours." in response.content.decode()
    assert not VolunteerHours.objects.exists()


def test_the_database_keeps_one_attendance_record_per_volunteer_and_event(past_event):
    volunteer = VolunteerFactory()
    fields = {"volunteer": volunteer, "event": past_event, "date": timezone.localdate()}
    VolunteerHours.objects.create(hours=2, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerHours.objects.create(hours=3, **fields)


def test_hours_are_for_the_event_s_liaison_once_it_started(client, other_liaison, liaison, hood):
    upcoming = EventFactory(neighborhood=hood)
    client.force_login(liaison.user)
    response = client.get(reverse("liaisons:event_hours", args=[upcoming.pk]))
    assert response.status_code == 403
    assert "once the event has started" in response.content.decode()

    elsewhere = over(hood)
    here = present(elsewhere)
    with pytest.raises(on_the_day.DayOfRefused, match="not the liaison"):
        after_the_event.record_event_hours(elsewhere, {here.pk: Decimal(2)}, by=other_liaison.user)
    assert not VolunteerHours.objects.exists()


# --- Logged by the volunteer --------------------------------------------------------------


def test_a_volunteer_logs_hours_which_wait_for_approval(client, past_event):
    signup = SignUpFactory(event=past_event)
    client.force_login(signup.volunteer.user)
    day = timezone.localdate(past_event.starts_at)

    response = client.post(
        reverse("liaisons:log_hours"),
        {"date": day.isoformat(), "hours": "2.5", "description": "Raked", "event": past_event.pk},
    )

    assert response.status_code == 302
    entry = VolunteerHours.objects.get()
    assert (entry.status, entry.self_logged, entry.hours) == (Status.PENDING, True, Decimal("2.5"))
    page = client.get(reverse("liaisons:my_volunteering")).content.decode()
    assert 'id="pending-total">2.50<' in page and 'id="approved-total">0<' in page


def test_logging_hours_in_the_future_or_for_another_event_is_refused(client, past_event, hood):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    tomorrow = timezone.localdate() + timedelta(days=1)
    url = reverse("liaisons:log_hours")

    response = client.post(url, {"date": tomorrow.isoformat(), "hours": "2", "description": "x"})
    assert response.status_code == 400
    assert "a day that has passed" in response.content.decode()
    assert 'value="x"' in response.content.decode()

    day = timezone.localdate(past_event.starts_at).isoformat()
    response = client.post(
        url, {"date": day, "hours": "2", "description": "x", "event": past_event.pk}
    )
    assert response.status_code == 400  # not an event they had a place at
    assert not VolunteerHours.objects.exists()


def test_logging_hours_needs_a_volunteer(client, user_factory):
    client.force_login(user_factory())
    response = client.get(reverse("liaisons:log_hours"))
    assert response["Location"] == reverse("liaisons:volunteer_register")


# --- Reviewed by a liaison or staff -------------------------------------------------------


@pytest.fixture
def logged(hood):
    volunteer = VolunteerFactory(neighborhoods=[hood])
    return after_the_event.log_hours(
        volunteer, date=timezone.localdate(), hours=Decimal(3), description="Flyers"
    )


def test_the_liaison_of_the_volunteer_s_neighborhood_approves(client, liaison, logged):
    client.force_login(liaison.user)
    url = reverse("liaisons:review_hours")
    assert logged.volunteer.display_name in client.get(url).content.decode()

    client.post(url, {"entry": logged.pk, "decision": "approve"})

    logged.refresh_from_db()
    assert logged.status == Status.APPROVED and logged.reviewed_by == liaison.user
    summary = after_the_event.hours_summary(logged.volunteer)
    assert summary["total"] == Decimal(3)


def test_a_decline_needs_a_reason_which_the_volunteer_reads(client, liaison, logged):
    client.force_login(liaison.user)
    url = reverse("liaisons:review_hours")

    response = client.post(url, {"entry": logged.pk, "decision": "decline", "reason": ""})
    assert response.status_code == 400
    logged.refresh_from_db()
    assert logged.status == Status.PENDING

    client.post(url, {"entry": logged.pk, "decision": "decline", "reason": "Not on our list"})
    logged.refresh_from_db()
    assert logged.status == Status.DECLINED

    client.force_login(logged.volunteer.user)
    assert "Not on our list" in client.get(reverse("liaisons:my_volunteering")).content.decode()


def test_hours_are_reviewed_once(liaison, logged):
    after_the_event.review_hours(logged.pk, approve=True, by=liaison.user)
    with pytest.raises(on_the_day.DayOfRefused, match="already reviewed"):
        after_the_event.review_hours(logged.pk, approve=False, reason="No", by=liaison.user)


def test_another_neighborhood_s_liaison_neither_sees_nor_reviews(client, other_liaison, logged):
    client.force_login(other_liaison.user)
    url = reverse("liaisons:review_hours")
    assert logged.volunteer.display_name not in client.get(url).content.decode()

    client.post(url, {"entry": logged.pk, "decision": "approve"})

    logged.refresh_from_db()
    assert logged.status == Status.PENDING


def test_hours_at_an_event_go_to_the_event_s_liaison(liaison, other_liaison, past_event):
    signup = SignUpFactory(event=past_event, volunteer=VolunteerFactory(neighborhoods=[]))
    day = timezone.localdate(past_event.starts_at)
    entry = after_the_event.log_hours(
        signup.volunteer, date=day, hours=Decimal(2), description="x", event=past_event
    )
    with pytest.raises(on_the_day.DayOfRefused):
        after_the_event.review_hours(entry.pk, approve=True, by=other_liaison.user)
    assert list(after_the_event.hours_to_review(liaison.user)) == [entry]


def test_staff_review_everything_and_residents_nothing(client, staff, logged, user_factory):
    assert list(after_the_event.hours_to_review(staff)) == [logged]
    client.force_login(user_factory())
    assert client.get(reverse("liaisons:review_hours")).status_code == 403


def test_the_volunteer_is_told_of_the_decision_once(
    liaison, logged, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        after_the_event.review_hours(logged.pk, approve=False, reason="Not ours", by=liaison.user)

    assert [m.to for m in mail.outbox] == [[logged.volunteer.user.email]]
    assert "declined" in mail.outbox[0].subject
    assert "Not ours" in mail.outbox[0].body and "/en/volunteer/me/" in mail.outbox[0].body
