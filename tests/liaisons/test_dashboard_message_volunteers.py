"""A liaison writes to their neighborhood's volunteers: who gets it, who does not, the limit,
and the copy the program keeps."""

import pytest
from django.core import mail
from django.urls import reverse

from engage.accounts.roles import STAFF
from engage.notifications.models import EmailOptOut
from liaisons.models import VolunteerBroadcast
from tests.factories import PASSWORD, NeighborhoodFactory, UserFactory
from tests.liaisons.factories import LiaisonFactory, VolunteerFactory

pytestmark = pytest.mark.django_db
URL = "/en/volunteer/liaison/message/"


@pytest.fixture
def hoods():
    return NeighborhoodFactory(name="Kensington"), NeighborhoodFactory(name="Fishtown")


@pytest.fixture
def liaison(hoods):
    return LiaisonFactory(neighborhoods=[hoods[0]], display_name="Luis")


def log_in(client, user):
    client.login(email=user.email, password=PASSWORD)


def send(client, neighborhood, subject="Saturday cleanup", body="Meet at 9 at the park gate."):
    return client.post(
        URL, {"neighborhood": neighborhood.pk, "subject": subject, "body": body}, follow=True
    )


def test_volunteers_of_the_neighborhood_who_did_not_opt_out_get_it(
    client, hoods, liaison, django_capture_on_commit_callbacks
):
    ana = VolunteerFactory(neighborhoods=[hoods[0]], user__email="ana@example.org")
    both = VolunteerFactory(neighborhoods=[hoods[0], hoods[1]], user__email="bo@example.org")
    quiet = VolunteerFactory(neighborhoods=[hoods[0]], user__email="quiet@example.org")
    EmailOptOut.objects.create(user=quiet.user, topic="volunteer_news")
    VolunteerFactory(neighborhoods=[hoods[0]], user__email="cy@example.org")
    off = VolunteerFactory(neighborhoods=[hoods[0]], user__email="none@example.org")
    off.user.email_notifications = False
    off.user.save()
    VolunteerFactory(neighborhoods=[hoods[1]], user__email="elsewhere@example.org")
    log_in(client, liaison.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, hoods[0])

    assert response.status_code == 200
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["ana@example.org", "bo@example.org", "cy@example.org"]
    broadcast = VolunteerBroadcast.objects.get()
    assert (broadcast.liaison, broadcast.neighborhood) == (liaison, hoods[0])
    assert (broadcast.subject, broadcast.body) == (
        "Saturday cleanup",
        "Meet at 9 at the park gate.",
    )
    assert broadcast.recipient_count == 3
    assert "on its way to 3 volunteers" in response.content.decode()
    message = next(m for m in mail.outbox if m.to == [ana.user.email])
    assert "Saturday cleanup" in message.subject
    assert "Kensington" in message.subject
    assert "Meet at 9 at the park gate." in message.body
    assert "Luis" in message.body
    assert message.extra_headers["List-Unsubscribe"]
    assert both.user.email in recipients


def test_the_liaison_is_not_sent_their_own_message(
    client, hoods, liaison, django_capture_on_commit_callbacks
):
    VolunteerFactory(user=liaison.user, neighborhoods=[hoods[0]])
    log_in(client, liaison.user)

    with django_capture_on_commit_callbacks(execute=True):
        send(client, hoods[0])

    assert mail.outbox == []
    assert VolunteerBroadcast.objects.get().recipient_count == 0


def test_another_neighborhood_is_refused_and_nothing_is_sent(client, hoods, liaison):
    VolunteerFactory(neighborhoods=[hoods[1]])
    log_in(client, liaison.user)

    response = send(client, hoods[1])

    assert response.status_code == 200
    assert response.context["form"].errors["neighborhood"]
    assert "Saturday cleanup" in response.content.decode()  # what was typed is kept
    assert not VolunteerBroadcast.objects.exists()
    assert mail.outbox == []


def test_the_service_refuses_outside_the_term_too(hoods, liaison):
    from liaisons.services.dashboard import Refused, message_volunteers

    with pytest.raises(Refused, match="not the liaison for Fishtown"):
        message_volunteers(liaison.user, hoods[1], subject="x", body="y")
    assert not VolunteerBroadcast.objects.exists()


def test_staff_without_a_term_cannot_write_to_volunteers(client, hoods):
    log_in(client, UserFactory(roles=[STAFF]))

    response = client.get(URL)

    assert response.status_code == 403
    assert "Only a neighborhood liaison can write to volunteers." in response.content.decode()


def test_messages_are_rate_limited_and_nothing_is_lost(client, hoods, liaison, settings):
    settings.LIAISON_BROADCAST_RATE = "2/d"
    VolunteerFactory(neighborhoods=[hoods[0]])
    log_in(client, liaison.user)

    send(client, hoods[0], subject="One")
    send(client, hoods[0], subject="Two")
    refused = send(client, hoods[0], subject="Three", body="Kept when refused")

    assert list(VolunteerBroadcast.objects.values_list("subject", flat=True)) == ["Two", "One"]
    page = refused.content.decode()
    assert "You have sent as many messages as allowed for now." in page
    assert "Kept when refused" in page


def test_an_empty_subject_is_refused_with_a_message(client, hoods, liaison):
    log_in(client, liaison.user)

    response = send(client, hoods[0], subject="", body="Body kept")

    assert response.context["form"].errors["subject"]
    assert "Body kept" in response.content.decode()
    assert not VolunteerBroadcast.objects.exists()


def test_the_form_offers_only_my_neighborhoods(client, hoods, liaison):
    log_in(client, liaison.user)

    form = client.get(reverse("liaisons:message_volunteers")).context["form"]

    assert list(form.fields["neighborhood"].queryset) == [hoods[0]]
