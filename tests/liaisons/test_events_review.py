"""Staff review (approve, decline with a note), changing an event, cancelling one, and
who is told: the organiser about the decision, the volunteers signed up about a new time
or place and about a cancellation."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from liaisons.admin_home import work_waiting
from liaisons.models import SignUp, VolunteerEvent
from liaisons.services import events as services
from tests.factories import UserFactory
from tests.liaisons.events_support import area, fields, form_data, liaison_for, open_report, staff
from tests.liaisons.factories import EventFactory, SignUpFactory

pytestmark = pytest.mark.django_db
Status = VolunteerEvent.Status


@pytest.fixture
def planned():
    """A liaison's pending cleanup in their neighborhood, with one report."""
    hood = area()
    report = open_report()
    user = liaison_for(hood)
    event = services.plan_event(user, fields(hood), [report])
    return event


def review_url(event):
    return reverse("volunteer_event_review:review", args=[event.pk])


# --- Review ---------------------------------------------------------------------------------


def test_staff_approve_and_the_organiser_is_told(planned, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.review_event(staff(), planned, approve=True)
    planned.refresh_from_db()
    assert planned.status == Status.PUBLISHED
    assert planned.reviewed_at is not None
    assert [m.to for m in mail.outbox] == [[planned.organiser.email]]
    assert "is published" in mail.outbox[0].subject


def test_declining_needs_a_note_which_the_organiser_reads(
    planned, django_capture_on_commit_callbacks
):
    person = staff()
    with pytest.raises(ValidationError):
        services.review_event(person, planned, approve=False, note="  ")
    planned.refresh_from_db()
    assert planned.status == Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        services.review_event(person, planned, approve=False, note="Pick a Saturday, please.")
    planned.refresh_from_db()
    assert planned.status == Status.DECLINED
    assert "Pick a Saturday, please." in mail.outbox[0].body


def test_only_staff_review_and_only_pending_events(planned):
    with pytest.raises(ValidationError):
        services.review_event(planned.organiser, planned, approve=True)
    services.review_event(staff(), planned, approve=True)
    with pytest.raises(ValidationError, match="no longer waiting"):
        services.review_event(staff(), planned, approve=False, note="Too late")


def test_the_admin_queue_and_review_page(client, planned):
    client.force_login(staff())
    queue = client.get(reverse("volunteer_event_review:index"))
    assert queue.status_code == 200
    assert f'data-pending-event="{planned.pk}"' in queue.content.decode()
    page = client.get(review_url(planned))
    assert planned.target_reports.get().reference in page.content.decode()
    refused = client.post(review_url(planned), {"decision": "decline", "note": ""})
    assert refused.status_code == 200
    assert "Tell the organiser why" in refused.content.decode()
    done = client.post(review_url(planned), {"decision": "approve", "note": ""})
    assert done.status_code == 302
    planned.refresh_from_db()
    assert planned.status == Status.PUBLISHED


def test_liaisons_and_residents_cannot_open_the_review_screens(client, planned):
    client.force_login(planned.organiser)
    assert client.get(reverse("volunteer_event_review:index")).status_code in (302, 403)
    assert client.post(review_url(planned), {"decision": "approve"}).status_code in (302, 403)
    planned.refresh_from_db()
    assert planned.status == Status.PENDING


def test_work_waiting_counts_pending_events_for_staff_only(planned):
    applications, waiting = work_waiting(staff())
    assert applications.count == 0
    assert waiting.count == 1
    assert waiting.url == reverse("volunteer_event_review:index")
    assert work_waiting(planned.organiser) == []


# --- Visibility of unpublished events ------------------------------------------------------


def test_a_pending_event_is_seen_by_its_organiser_and_staff_only(client, planned):
    url = planned.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(liaison_for(planned.neighborhood))  # another liaison of the area
    assert client.get(url).status_code == 404
    client.force_login(planned.organiser)
    response = client.get(url)
    assert response.status_code == 200
    assert 'id="event-pending"' in response.content.decode()
    client.force_login(staff())
    assert client.get(url).status_code == 200
    assert planned not in client.get(reverse("liaisons:events")).context["events"]


# --- Changing an event --------------------------------------------------------------------


def test_a_declined_event_changed_by_its_liaison_goes_back_to_review(planned):
    services.review_event(staff(), planned, approve=False, note="Too long")
    new = fields(planned.neighborhood, title="Shorter cleanup")
    services.edit_event(planned.organiser, planned, new, list(planned.target_reports.all()))
    planned.refresh_from_db()
    assert planned.status == Status.PENDING
    assert planned.title == "Shorter cleanup"


def test_a_new_time_tells_the_volunteers_signed_up(planned, django_capture_on_commit_callbacks):
    services.review_event(staff(), planned, approve=True)
    signup = SignUpFactory(event=planned)
    SignUpFactory(event=planned, status=SignUp.Status.CANCELLED)  # withdrew: not told
    later = fields(planned.neighborhood, starts_at=planned.starts_at + timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_event(planned.organiser, planned, later, [])
    planned.refresh_from_db()
    assert planned.status == Status.PUBLISHED
    assert [m.to for m in mail.outbox] == [[signup.volunteer.user.email]]
    assert "New time or place" in mail.outbox[0].subject
    assert not planned.targets.exists()  # the report was unticked


def test_a_change_of_text_only_tells_nobody(planned, django_capture_on_commit_callbacks):
    services.review_event(staff(), planned, approve=True)
    SignUpFactory(event=planned)
    same_time = fields(planned.neighborhood, starts_at=planned.starts_at, title="New title")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_event(planned.organiser, planned, same_time, [])
    assert mail.outbox == []


def test_capacity_cannot_drop_below_the_places_taken(planned):
    services.review_event(staff(), planned, approve=True)
    SignUpFactory(event=planned)
    SignUpFactory(event=planned)
    small = fields(planned.neighborhood, starts_at=planned.starts_at, capacity=1)
    with pytest.raises(ValidationError, match="2 volunteers already hold a place"):
        services.edit_event(planned.organiser, planned, small, [])


def test_editing_through_the_form_keeps_the_targets(client, planned):
    client.force_login(planned.organiser)
    url = reverse("liaisons:edit_event", args=[planned.pk])
    page = client.get(url)
    assert page.status_code == 200
    report = planned.target_reports.get()
    assert page.context["form"]["reports"].value() == [report.pk]
    data = form_data(planned.neighborhood, [report], title="Renamed")
    data["starts_at"] = page.context["form"]["starts_at"].value().strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, data)
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.title == "Renamed"
    assert list(planned.target_reports.all()) == [report]


def test_another_liaison_cannot_edit(client, planned):
    client.force_login(liaison_for(planned.neighborhood))
    url = reverse("liaisons:edit_event", args=[planned.pk])
    assert client.get(url).status_code == 404  # pending: not even shown to them
    services.review_event(staff(), planned, approve=True)
    response = client.get(url)
    assert response.status_code == 403
    assert "or city staff can change this event" in response.content.decode()
    assert client.post(url, form_data(planned.neighborhood, title="Hijack")).status_code == 403
    planned.refresh_from_db()
    assert planned.title != "Hijack"


# --- Cancelling ------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_tells_everyone_signed_up(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory()
    confirmed = SignUpFactory(event=event)
    waiting = SignUpFactory(event=event, status=SignUp.Status.WAITLISTED)
    client.force_login(staff())
    url = reverse("liaisons:cancel_event", args=[event.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Say why the event is cancelled" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Storm warning"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Status.CANCELLED
    assert event.cancel_reason == "Storm warning"
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([confirmed.volunteer.user.email, waiting.volunteer.user.email])
    assert all("Storm warning" in m.body for m in mail.outbox)
    page = client.get(event.get_absolute_url())
    assert 'id="event-cancelled"' in page.content.decode()  # still visible, marked cancelled
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 200


def test_the_organiser_liaison_may_cancel_but_not_another_liaison(client):
    hood = area()
    organiser = liaison_for(hood)
    event = EventFactory(neighborhood=hood, organiser=organiser)
    url = reverse("liaisons:cancel_event", args=[event.pk])
    client.force_login(liaison_for(hood))
    assert client.post(url, {"reason": "Mine now"}).status_code == 403
    client.force_login(organiser)
    assert client.post(url, {"reason": "Rain"}).status_code == 302
    event.refresh_from_db()
    assert event.status == Status.CANCELLED


def test_a_cancelled_or_pending_event_cannot_be_cancelled(planned):
    with pytest.raises(ValidationError, match="Only a published event"):
        services.cancel_event(planned.organiser, planned, "Changed my mind")
    services.review_event(staff(), planned, approve=True)
    services.cancel_event(planned.organiser, planned, "Rain")
    with pytest.raises(ValidationError, match="already cancelled"):
        services.cancel_event(planned.organiser, planned, "Rain again")
    with pytest.raises(ValidationError, match="cancelled"):
        services.edit_event(planned.organiser, planned, fields(planned.neighborhood), [])


def test_staff_changing_a_pending_event_does_not_publish_it(planned):
    new = fields(planned.neighborhood, title="Tidied by staff")
    services.edit_event(staff(), planned, new, [])
    planned.refresh_from_db()
    assert planned.status == Status.PENDING
    assert planned.title == "Tidied by staff"
