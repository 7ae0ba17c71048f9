"""Password reset past allauth's limits (``ACCOUNT_RATE_LIMITS["reset_password"]``): the
site's "please wait" page, with the address typed ready to send again."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

RESET = "/en/accounts/password/reset/"


def test_resets_for_one_address_are_limited_and_the_page_offers_to_send_again(
    client, resident, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/key"}
    for _ in range(2):
        assert client.post(RESET, {"email": resident.email}).status_code == 302

    refused = client.post(RESET, {"email": resident.email})

    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Please wait a moment" in page
    assert re.search(rf'name="email" value="{re.escape(resident.email)}"', page)
    assert len(mail.outbox) == 2


def test_the_default_limits_hold_reset_and_sign_up_to_their_figures(settings):
    limits = settings.ACCOUNT_RATE_LIMITS
    assert limits["reset_password"] == "20/m/ip,5/m/key"
    assert limits["signup"] == "20/m/ip"
    assert limits["login"] == "30/m/ip"
