"""Staff's list of every volunteer event in the Wagtail admin: all statuses (declined ones
are found nowhere else), filters, and no way to add, change or delete an event there."""

import pytest

from engage.accounts.roles import LIAISON, STAFF
from liaisons.models import VolunteerEvent
from tests.factories import UserFactory
from tests.liaisons.factories import EventFactory

Status = VolunteerEvent.Status
pytestmark = pytest.mark.django_db

EVENTS = "/admin/volunteering/events/"


@pytest.fixture
def events():
    return {status: EventFactory(title=f"Event {status.label}", status=status) for status in Status}


def test_staff_see_every_event_whatever_its_status(client, events):
    client.force_login(UserFactory(roles=[STAFF]))
    response = client.get(EVENTS)
    assert response.status_code == 200
    page = response.content.decode()
    for event in events.values():
        assert event.title in page
        assert event.get_absolute_url() in page  # the title leads to its page
    assert "0 / 30" in page


def test_the_list_filters_by_status(client, events):
    client.force_login(UserFactory(roles=[STAFF]))
    page = client.get(EVENTS, {"status": Status.DECLINED}).content.decode()
    assert events[Status.DECLINED].title in page
    assert events[Status.PUBLISHED].title not in page


def test_events_are_added_changed_and_cancelled_on_the_public_site(client, events):
    client.force_login(UserFactory(roles=[STAFF]))
    event = events[Status.PUBLISHED]
    assert client.get(f"{EVENTS}new/").url.endswith("/volunteer/events/new/")
    assert client.get(f"{EVENTS}edit/{event.pk}/").url == event.get_absolute_url()
    assert client.get(f"{EVENTS}delete/{event.pk}/").status_code in (302, 403)
    assert VolunteerEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("roles", [[], [LIAISON]])
def test_residents_and_liaisons_have_no_such_list(client, events, roles):
    client.force_login(UserFactory(roles=roles))
    response = client.get(EVENTS)
    assert response.status_code in (302, 403)
    assert events[Status.DECLINED].title not in response.content.decode()
