"""The honeypot on the message to a liaison."""

import pytest
from django.urls import reverse

from engage.core import honeypot
from liaisons.models import LiaisonContactMessage
from tests.factories import NeighborhoodFactory, UserFactory
from tests.liaisons.factories import LiaisonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_url():
    liaison = LiaisonFactory(
        display_name="Ana K.",
        neighborhoods=[NeighborhoodFactory(name="Kensington", slug="kensington")],
        user=UserFactory(email="ana-private@example.org"),
    )
    return reverse("liaisons:contact_liaison", args=[liaison.pk])


def test_a_bot_sends_no_message_and_keeps_its_text(client, resident, contact_url):
    client.force_login(resident)
    assert 'name="website"' in client.get(contact_url).content.decode()

    response = client.post(
        contact_url, {"sender_name": "Rosa", "body": "Cheap pills", "website": "x"}
    )

    page = response.content.decode()
    assert str(honeypot.REFUSED_MESSAGE) in page and "Cheap pills" in page
    assert not LiaisonContactMessage.objects.exists()


def test_a_person_sends_a_message(client, resident, contact_url):
    client.force_login(resident)
    stamp = honeypot.started_stamp(now=honeypot.time.time() - 60)

    response = client.post(
        contact_url, {"sender_name": "Rosa", "body": "Trash on 5th", "form_started": stamp}
    )

    assert response.status_code == 302
    assert LiaisonContactMessage.objects.count() == 1
