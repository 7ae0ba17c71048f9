"""Planning a volunteer event: who may, in which neighborhoods, when, and which reports it
may set out to fix. Each refusal is a clear message and nothing is saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from engage.reports import services as report_services
from engage.reports.models import ServiceReport
from liaisons.models import EventTarget, VolunteerEvent
from liaisons.services import events as services
from tests.factories import UserFactory
from tests.liaisons.events_support import (
    OUTSIDE,
    area,
    dumping,
    fields,
    form_data,
    liaison_for,
    local,
    open_report,
    staff,
)
from tests.reports.factories import CategoryFactory

pytestmark = pytest.mark.django_db
PLAN = reverse("liaisons:plan_event")


def refusal(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(caught.value.messages)


# --- The service --------------------------------------------------------------------------


def test_a_liaisons_event_waits_for_staff_with_its_reports():
    hood = area()
    report = open_report()
    user = liaison_for(hood)
    event = services.plan_event(user, fields(hood), [report])
    assert event.status == VolunteerEvent.Status.PENDING
    assert event.liaison.user == user
    assert list(event.target_reports.all()) == [report]


def test_staffs_event_is_published_at_once():
    hood = area()
    person = staff()
    event = services.plan_event(person, fields(hood))
    assert event.status == VolunteerEvent.Status.PUBLISHED
    assert event.reviewed_by == person
    assert event.liaison is None


def test_a_liaison_cannot_plan_outside_their_neighborhoods():
    mine, theirs = area(), area(lng=-74.9)
    user = liaison_for(mine)
    message = refusal(lambda: services.plan_event(user, fields(theirs)))
    assert f"You are not the liaison for {theirs.name}" in message
    assert not VolunteerEvent.objects.exists()


def test_a_resident_cannot_plan():
    hood = area()
    message = refusal(lambda: services.plan_event(UserFactory(), fields(hood)))
    assert "Only a neighborhood liaison or city staff" in message


def test_end_before_start_is_refused():
    hood = area()
    starts = local()
    message = refusal(
        lambda: services.plan_event(
            staff(), fields(hood, starts_at=starts, ends_at=starts - timedelta(hours=1))
        )
    )
    assert "must end after it starts" in message


def test_a_start_in_the_past_is_refused():
    hood = area()
    message = refusal(lambda: services.plan_event(staff(), fields(hood, starts_at=local(-1))))
    assert "in the past" in message


def test_the_same_organiser_cannot_have_two_overlapping_events():
    hood = area()
    user = liaison_for(hood)
    first = services.plan_event(user, fields(hood, title="Morning"))
    clash = fields(hood, starts_at=first.starts_at + timedelta(hours=1))
    message = refusal(lambda: services.plan_event(user, clash))
    assert "overlaps “Morning”" in message
    assert VolunteerEvent.objects.count() == 1
    # Back to back is fine, and another organiser may meet at the same time.
    services.plan_event(user, fields(hood, starts_at=first.ends_at))
    services.plan_event(staff(), clash)
    assert VolunteerEvent.objects.count() == 3


def test_a_report_no_longer_open_is_refused_and_nothing_is_saved():
    hood = area()
    report = open_report()
    report_services.change_status(report, ServiceReport.Status.CLOSED, public_note="Done")
    message = refusal(lambda: services.plan_event(staff(), fields(hood), [report]))
    assert f"Report {report.reference} is no longer open" in message
    assert not VolunteerEvent.objects.exists()
    assert not EventTarget.objects.exists()


def test_a_report_outside_the_neighborhood_is_refused():
    hood, elsewhere = area(), area(lng=-74.9)
    report = open_report(lat=40.005, lng=-74.895)
    assert report.neighborhood == elsewhere
    message = refusal(lambda: services.plan_event(staff(), fields(hood), [report]))
    assert f"is not in {hood.name}" in message


def test_a_report_of_a_category_volunteers_do_not_fix_is_refused():
    hood = area()
    pothole = open_report(CategoryFactory(code="pothole"))
    message = refusal(lambda: services.plan_event(staff(), fields(hood), [pothole]))
    assert "not a kind of problem volunteers can fix" in message


def test_refusals_are_translated():
    hood, theirs = area(), area(lng=-74.9)
    user = liaison_for(hood)
    with translation.override("es"):
        message = refusal(lambda: services.plan_event(user, fields(theirs)))
    assert message == f"Usted no es el enlace de {theirs.name}."


# --- The form and its page ----------------------------------------------------------------


def test_the_form_lists_the_open_dumping_reports_of_the_neighborhood(client):
    hood, _elsewhere = area(), area(lng=-74.9)
    category = dumping()
    mine = open_report(category)
    open_report(category, lat=40.005, lng=-74.895)  # another neighborhood
    open_report(CategoryFactory(code="pothole"))  # not for volunteers
    closed = open_report(category)
    report_services.change_status(closed, ServiceReport.Status.CLOSED, public_note="Done")
    client.force_login(liaison_for(hood))
    response = client.get(PLAN)
    assert response.status_code == 200
    offered = [report.pk for report in response.context["form"].report_options]
    assert offered == [mine.pk]
    assert f'id="event-report-{mine.pk}"' in response.content.decode()
    choices = list(response.context["form"].fields["neighborhood"].queryset)
    assert choices == [hood]  # the liaison's neighborhoods only, not ``elsewhere``


def test_planning_through_the_form(client):
    hood = area()
    report = open_report()
    user = liaison_for(hood)
    client.force_login(user)
    response = client.post(PLAN, form_data(hood, [report]))
    event = VolunteerEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.status == VolunteerEvent.Status.PENDING
    assert list(event.target_reports.all()) == [report]


def test_a_meeting_point_outside_the_neighborhood_is_refused(client):
    hood = area()
    client.force_login(liaison_for(hood))
    data = form_data(hood, lat=str(OUTSIDE[0]), lng=str(OUTSIDE[1]))
    response = client.post(PLAN, data)
    assert response.status_code == 200
    assert f"The meeting point is not in {hood.name}" in response.content.decode()
    assert response.context["form"]["title"].value() == "Clean the lot on 5th"  # kept
    assert not VolunteerEvent.objects.exists()


def test_a_forged_neighborhood_is_refused_with_the_reason(client):
    mine, theirs = area(), area(lng=-74.9)
    client.force_login(liaison_for(mine))
    response = client.post(PLAN, form_data(theirs))
    assert "Select a valid choice" in response.content.decode()
    assert not VolunteerEvent.objects.exists()


def test_form_errors_in_spanish(client):
    hood = area()
    client.force_login(staff())
    starts = local()
    data = form_data(hood, ends_at=(starts - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    data["capacity"] = "many"
    with translation.override("es"):
        response = client.post(reverse("liaisons:plan_event"), data)
        assert response.wsgi_request.path.startswith("/es/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "El evento debe terminar después de empezar." in page
    assert "Introduzca un número entero." in page  # Django's own catalog
    assert not VolunteerEvent.objects.exists()


def test_show_reports_keeps_what_was_typed_and_saves_nothing(client):
    hood = area()
    report = open_report()
    client.force_login(staff())
    data = form_data(hood, title="Saturday sweep", show_reports="1")
    response = client.post(PLAN, data)
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert response.context["form"]["title"].value() == "Saturday sweep"
    assert [r.pk for r in response.context["form"].report_options] == [report.pk]
    assert not VolunteerEvent.objects.exists()


def test_residents_are_refused_and_visitors_asked_to_log_in(client):
    assert client.get(PLAN).status_code == 302
    client.force_login(UserFactory())
    response = client.get(PLAN)
    assert response.status_code == 403
    assert "Only a neighborhood liaison or city staff" in response.content.decode()


def test_a_kind_that_fixes_no_reports_cannot_pick_any(client):
    hood = area()
    report = open_report()
    client.force_login(staff())
    response = client.post(PLAN, form_data(hood, [report], kind="tree-planting"))
    assert "Events of this kind do not address service reports" in response.content.decode()
    assert not VolunteerEvent.objects.exists()


def test_a_meeting_point_nobody_can_find_asks_for_the_map(client):
    hood = area()
    client.force_login(staff())
    data = form_data(hood, lat="", lng="", meeting_point="Behind the old mill")
    response = client.post(PLAN, data)
    assert "We could not find this place on the map" in response.content.decode()
    assert response.context["form"]["meeting_point"].value() == "Behind the old mill"
    assert not VolunteerEvent.objects.exists()


def test_a_liaison_of_two_neighborhoods_chooses_one_first(client):
    north, south = area(), area(lng=-74.9)
    open_report()
    client.force_login(liaison_for(north, south))
    first = client.get(PLAN)
    assert first.context["form"].area is None
    assert first.context["form"].report_options == []
    shown = client.post(PLAN, {"neighborhood": str(north.pk), "show_reports": "1"})
    assert shown.context["form"].area == north
    assert len(shown.context["form"].report_options) == 1
