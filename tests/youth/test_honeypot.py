"""The honeypot on the join code, the form a young participant sends without an account."""

import pytest

from engage.core import honeypot
from tests.youth.joining_support import *  # noqa: F403 (the fixtures)
from tests.youth.joining_support import JOIN_URL, NAME_URL

pytestmark = pytest.mark.django_db


def test_the_join_form_carries_the_honeypot(client):
    page = client.get(JOIN_URL).content.decode()

    assert 'class="engage-honeypot" aria-hidden="true"' in page
    assert 'name="form_started"' in page


def test_a_bot_with_the_right_code_joins_nothing(client, session):
    response = client.post(JOIN_URL, {"code": session.join_code, "website": "x"})

    assert response.status_code == 400
    assert str(honeypot.REFUSED_MESSAGE) in response.content.decode()
    assert "youth-join-code" not in client.session


def test_a_child_following_a_code_link_joins_at_once(client, session, settings):
    settings.HONEYPOT_MIN_SECONDS = 2
    response = client.post(
        JOIN_URL, {"code": session.join_code, "form_started": honeypot.started_stamp()}
    )

    assert response.status_code == 302 and response["Location"] == NAME_URL
