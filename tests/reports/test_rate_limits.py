"""Reports filed on the website without an account: ``REPORT_ANONYMOUS_RATE`` per address.

On the local-memory cache and, when ``REDIS_URL`` is set, on Redis."""

import pytest
from django.test import Client

from engage.reports.models import ServiceReport
from tests.reports.factories import INSIDE_LAT, INSIDE_LNG, CategoryFactory

pytestmark = pytest.mark.django_db

URL = "/en/reports/new/"


@pytest.fixture
def two_a_day(settings, counter_cache):
    settings.REPORT_ANONYMOUS_RATE = "2/d"


@pytest.fixture
def category():
    return CategoryFactory(code="streetlight", name="Streetlight out")


def file(client, category, description):
    return client.post(
        URL,
        {
            "category": category.code,
            "description": description,
            "lat": INSIDE_LAT + len(description) * 0.001,  # never a duplicate nearby
            "lng": INSIDE_LNG,
        },
    )


def test_past_the_limit_the_form_comes_back_with_the_text_and_when_to_send_it(
    client, category, two_a_day
):
    assert file(client, category, "First lamp out").status_code == 302
    assert file(client, category, "Second lamp out, further").status_code == 302

    refused = file(client, category, "Third lamp out, much further on")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 86400
    page = refused.content.decode()
    assert "You have sent a lot in a short time. Nothing you typed is lost" in page
    assert "Third lamp out, much further on" in page
    assert ServiceReport.objects.count() == 2


def test_another_address_and_a_resident_logged_in_are_not_held(category, two_a_day, resident):
    first = Client(REMOTE_ADDR="10.0.0.1")
    for text in ("First lamp out", "Second lamp out, further"):
        file(first, category, text)
    assert file(first, category, "Third lamp out, much further on").status_code == 429

    assert file(Client(REMOTE_ADDR="10.0.0.2"), category, "Elsewhere").status_code == 302
    member = Client(REMOTE_ADDR="10.0.0.1")
    member.force_login(resident)
    assert file(member, category, "A liaison files for the block").status_code == 302
