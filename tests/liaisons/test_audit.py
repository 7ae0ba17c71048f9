"""Staff and liaison actions in the volunteer network reach the audit trail."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.log_actions import LogContext
from wagtail.models import ModelLogEntry

from engage.accounts.roles import LIAISON, STAFF
from liaisons.models import Volunteer, VolunteerEvent
from liaisons.services import after_the_event, dashboard, events, network, volunteers
from tests.factories import NeighborhoodFactory, UserFactory
from tests.liaisons.events_support import area, fields, liaison_for, open_report
from tests.liaisons.factories import EventFactory, LiaisonFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(roles=[STAFF], first_name="Sam", last_name="Staff")


@pytest.fixture
def hoods():
    return NeighborhoodFactory(name="Kensington"), NeighborhoodFactory(name="Fishtown")


@pytest.fixture
def application(hoods):
    return network.apply(
        UserFactory(),
        neighborhoods=list(hoods),
        display_name="Maria G.",
        motivation="I know every block.",
        availability="Evenings",
        contact_preference="Phone",
        bio="Block captain.",
    )


def entry(action, instance):
    return ModelLogEntry.objects.get(action=action, object_id=str(instance.pk))


def test_approving_an_application_records_it_and_the_role_given(staff, application, hoods):
    with LogContext(user=staff):
        term = network.approve(application, staff, neighborhoods=[hoods[0]])

    approved = entry("liaisons.application_approve", application)
    assert approved.user == staff
    assert approved.data == {"term": term.pk, "neighborhoods": "Kensington"}
    role = ModelLogEntry.objects.get(
        action="engage.role_granted", object_id=str(application.applicant_id)
    )
    assert role.user == staff
    assert role.data["role"] == LIAISON


def test_declining_an_application_is_recorded_with_the_reason(staff, application):
    network.decline(application, staff, "We have a liaison there already.")

    declined = entry("liaisons.application_decline", application)
    assert declined.user == staff
    assert declined.message == "Declined: We have a liaison there already."


def test_changing_neighborhoods_and_removing_a_liaison_are_recorded(staff, hoods):
    term = LiaisonFactory(neighborhoods=[hoods[0]])

    network.change_neighborhoods(term, staff, list(hoods))
    network.remove(term, staff, "Moved away")

    changed = entry("liaisons.term_neighborhoods", term)
    assert changed.data == {"before": "Kensington", "after": "Fishtown, Kensington"}
    assert changed.user == staff
    removed = entry("liaisons.term_remove", term)
    assert removed.data == {"reason": "Moved away"}
    assert ModelLogEntry.objects.filter(
        action="engage.role_removed", object_id=str(term.user_id)
    ).exists()
    assert not term.user.groups.filter(name=LIAISON).exists()
    assert Group.objects.filter(name=LIAISON).exists()


def test_reviewing_and_cancelling_an_event_are_recorded(staff):
    hood = area()
    organiser = liaison_for(hood)
    planned = events.plan_event(organiser, fields(hood), [open_report()])

    events.review_event(staff, planned, approve=True)
    events.cancel_event(organiser, planned, "Storm warning")

    reviewed = entry("liaisons.event_review", planned)
    assert reviewed.user == staff
    assert reviewed.data["to"] == VolunteerEvent.Status.PUBLISHED
    assert reviewed.message == "Decision: Published"
    cancelled = entry("liaisons.event_cancel", planned)
    assert cancelled.user == organiser
    assert cancelled.message == "Cancelled: Storm warning"


def test_reviewing_hours_is_recorded(staff, hoods):
    volunteer = VolunteerFactory(neighborhoods=[hoods[0]])
    logged = after_the_event.log_hours(
        volunteer, date=timezone.localdate(), hours=Decimal(3), description="Flyers"
    )

    after_the_event.review_hours(logged.pk, approve=False, reason="Not ours", by=staff)

    reviewed = entry("liaisons.hours_review", logged)
    assert reviewed.user == staff
    assert reviewed.data["reason"] == "Not ours"
    assert Decimal(reviewed.data["hours"]) == Decimal(3)


def test_a_message_to_volunteers_is_recorded_with_its_reach(hoods):
    term = LiaisonFactory(neighborhoods=[hoods[0]])
    VolunteerFactory(neighborhoods=[hoods[0]])
    VolunteerFactory(neighborhoods=[hoods[0]])

    broadcast = dashboard.message_volunteers(
        term.user, hoods[0], subject="Saturday cleanup", body="Meet at 9."
    )

    logged = entry("liaisons.broadcast", broadcast)
    assert logged.user == term.user
    assert logged.data["recipients"] == 2
    assert logged.message == "“Saturday cleanup” sent to 2 volunteers"


def test_a_guardians_paper_consent_is_recorded(staff, hoods):
    minor = VolunteerFactory(neighborhoods=[hoods[0]], age_band=Volunteer.AgeBand.TEEN)

    volunteers.record_paper_consent(minor, staff)

    assert entry("liaisons.paper_consent", minor).user == staff


def test_an_event_never_reviewed_leaves_no_entry(staff):
    event = EventFactory(status=VolunteerEvent.Status.PUBLISHED)
    with pytest.raises(ValidationError):
        events.review_event(staff, event, approve=True)
    assert not ModelLogEntry.objects.filter(action="liaisons.event_review").exists()
