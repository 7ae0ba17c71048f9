"""Check-ins on the day reach the audit trail: one entry per check-in, by whoever checked
the volunteer in, naming the volunteer by number only."""

import pytest
from django.db import transaction
from django.urls import reverse
from wagtail.models import ModelLogEntry

from liaisons.models import SignUp, Volunteer
from liaisons.services import events, on_the_day
from tests.factories import NeighborhoodFactory
from tests.liaisons.events_support import area, fields, liaison_for, open_report
from tests.liaisons.factories import LiaisonFactory, SignUpFactory, VolunteerFactory
from tests.liaisons.on_the_day_fixtures import *  # noqa: F403 (the fixtures)
from tests.liaisons.on_the_day_fixtures import happening_now

pytestmark = pytest.mark.django_db


def check_ins(event):
    return ModelLogEntry.objects.filter(action="liaisons.check_in", object_id=str(event.pk))


def test_every_way_of_checking_in_is_recorded_once(liaison, today_event, signup, hood):
    by_code = SignUpFactory(event=today_event, volunteer=VolunteerFactory(neighborhoods=[hood]))
    waiting = SignUpFactory(event=today_event, status=SignUp.Status.WAITLISTED)

    on_the_day.check_in(today_event, signup.pk, by=liaison.user)
    on_the_day.check_in_by_code(today_event, by_code.volunteer.personal_code, by=liaison.user)
    on_the_day.add_walk_in(today_event, waiting.volunteer.personal_code, by=liaison.user)
    new = on_the_day.register_walk_in(
        today_event,
        display_name="Ana Ruiz",
        email="ana@example.org",
        age_band=Volunteer.AgeBand.ADULT,
        by=liaison.user,
    )

    logged = list(check_ins(today_event).order_by("pk"))
    assert [entry.data["way"] for entry in logged] == ["roster", "code", "walk_in", "registered"]
    assert {entry.user for entry in logged} == {liaison.user}
    assert [entry.data["signup"] for entry in logged] == [signup.pk, by_code.pk, waiting.pk, new.pk]
    assert logged[0].data["volunteer"] == signup.volunteer_id
    assert logged[0].message == "Checked in a volunteer from the roster"
    assert logged[0].label == today_event.title
    assert "Ana Ruiz" not in str([(entry.label, entry.data) for entry in logged])


def test_a_check_in_refused_leaves_no_entry(liaison, today_event, signup):
    on_the_day.check_in(today_event, signup.pk, by=liaison.user)
    with pytest.raises(on_the_day.DayOfRefused, match="already checked in"):
        on_the_day.check_in(today_event, signup.pk, by=liaison.user)
    with pytest.raises(on_the_day.DayOfRefused):
        on_the_day.check_in_by_code(today_event, "ZZZZ9999", by=liaison.user)
    assert check_ins(today_event).count() == 1


def test_staff_checking_in_from_the_roster_screen_is_recorded(client, staff, today_event, signup):
    client.force_login(staff)

    client.post(reverse("liaisons:check_in", args=[today_event.pk]), {"signup": signup.pk})

    assert check_ins(today_event).get().user == staff


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_check_in_rolled_back_leaves_no_entry():
    hood = NeighborhoodFactory()
    liaison = LiaisonFactory(neighborhoods=[hood])
    event = happening_now(hood, capacity=3)
    signup = SignUpFactory(event=event, volunteer=VolunteerFactory(neighborhoods=[hood]))
    with pytest.raises(RuntimeError), transaction.atomic():
        on_the_day.check_in(event, signup.pk, by=liaison.user)
        raise RuntimeError("the request failed after the service")
    signup.refresh_from_db()
    assert signup.checked_in_at is None
    assert not check_ins(event).exists()


def test_an_event_staff_publish_at_once_is_recorded_and_a_liaisons_is_not(staff):
    hood = area()
    published = events.plan_event(staff, fields(hood), [open_report()])
    pending = events.plan_event(liaison_for(hood), fields(hood, title="Later"), [])

    logged = ModelLogEntry.objects.get(action="liaisons.event_publish")
    assert logged.object_id == str(published.pk)
    assert logged.user == staff
    assert not ModelLogEntry.objects.filter(
        action="liaisons.event_publish", object_id=str(pending.pk)
    ).exists()


def test_printing_the_roster_and_the_sign_in_sheet_is_recorded(
    client, staff, other_liaison, today_event, signup
):
    client.force_login(other_liaison.user)
    refused = client.get(f"/en/volunteer/events/{today_event.pk}/roster.pdf")
    assert refused.status_code == 403
    assert not ModelLogEntry.objects.filter(action="engage.export").exists()

    client.force_login(staff)
    roster = client.get(f"/en/volunteer/events/{today_event.pk}/roster.pdf")
    sheet = client.get(f"/en/volunteer/events/{today_event.pk}/sign-in-sheet.pdf")

    assert roster["Content-Type"] == sheet["Content-Type"] == "application/pdf"
    roster_entry, sheet_entry = ModelLogEntry.objects.filter(action="engage.export").order_by("pk")
    assert roster_entry.user == sheet_entry.user == staff
    assert roster_entry.data["format"] == "PDF"
    assert roster_entry.data["filename"].endswith("-roster.pdf")
    assert sheet_entry.data["filename"].endswith("-sign-in-sheet.pdf")
    assert roster_entry.data["filename"] in roster["Content-Disposition"]
