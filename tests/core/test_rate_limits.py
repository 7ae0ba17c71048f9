"""The ceiling on every write (``WRITE_RATE``) and the client's address behind proxies.

Each middleware test runs on the local-memory cache and, when ``REDIS_URL`` is set, on
Redis too (the ``redis_cache`` fixture): every web server must see the same counts.
"""

import re

import pytest
from django.test import Client, RequestFactory

from engage.core.ratelimit import address_key, client_address
from engage.core.write_rate import wait_text

pytestmark = pytest.mark.django_db

# Any address will do: the ceiling counts the request before any view answers it.
WRITE = "/en/reports/new/"


@pytest.fixture
def three_a_day(settings, counter_cache):
    # A day's window: a test never straddles two windows.
    settings.WRITE_RATE = "3/d"
    return counter_cache


def post(client, data=None, **extra):
    return client.post(WRITE, data or {"category": "nothing"}, **extra)


def test_writes_past_the_ceiling_get_429_with_retry_after(client, three_a_day):
    for _ in range(3):
        assert post(client).status_code != 429

    refused = post(client)

    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 0 < wait <= 86400
    assert refused["Cache-Control"] == "no-store"
    html = refused.content.decode()
    assert "Too many requests from your connection. Please try again in" in html
    assert "Please wait a moment" in html


def test_reading_is_never_counted(client, three_a_day):
    for _ in range(5):
        assert client.get(WRITE).status_code == 200
    assert post(client).status_code != 429


def test_the_refused_form_comes_back_to_send_again_without_passwords_or_the_honeypot(
    client, three_a_day
):
    for _ in range(3):
        post(client)

    refused = post(
        client,
        {
            "description": "The lamp is <out> & dark",
            "tags": ["a", "b"],
            "password": "s3cret-pass",
            "website": "spam",
        },
    )

    html = refused.content.decode()
    form = re.search(r'<form method="post" action="/en/reports/new/".*?</form>', html, re.S)
    assert form, html
    assert 'name="description" value="The lamp is &lt;out&gt; &amp; dark"' in form.group(0)
    assert 'name="tags" value="a"' in form.group(0) and 'name="tags" value="b"' in form.group(0)
    assert "s3cret-pass" not in html
    assert 'name="website"' not in form.group(0)
    assert "Send again" in form.group(0)


def test_a_client_that_does_not_ask_for_html_gets_json(client, three_a_day):
    for _ in range(3):
        post(client)

    refused = client.post(
        WRITE, "{}", content_type="application/json", HTTP_ACCEPT="application/json"
    )

    assert refused.status_code == 429
    body = refused.json()
    assert body["retry_after"] == int(refused["Retry-After"])
    assert "Too many requests" in body["error"]


def test_each_address_has_its_own_budget(three_a_day):
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(3):
        post(first)

    assert post(first).status_code == 429
    assert post(second).status_code != 429


def test_an_ipv6_household_shares_one_budget(three_a_day):
    for host in range(1, 4):
        post(Client(REMOTE_ADDR=f"2001:db8:1:2::{host}"))

    assert post(Client(REMOTE_ADDR="2001:db8:1:2::99")).status_code == 429
    assert post(Client(REMOTE_ADDR="2001:db8:1:3::1")).status_code != 429


def test_people_logged_in_count_against_their_account_not_the_shared_address(
    three_a_day, user_factory
):
    # A class or the contact center behind one address: each person has their own budget.
    first, second = Client(), Client()
    first.force_login(user_factory())
    second.force_login(user_factory())
    for _ in range(3):
        post(first)
    anonymous = Client()
    for _ in range(3):
        post(anonymous)

    assert post(first).status_code == 429
    assert post(anonymous).status_code == 429
    assert post(second).status_code != 429


def test_the_page_is_in_the_visitors_language(client, three_a_day):
    for _ in range(3):
        post(client)

    refused = client.post("/es/reports/new/", {"category": "nothing"})

    assert refused.status_code == 429
    assert '<html lang="es"' in refused.content.decode()


def test_an_empty_rate_turns_the_ceiling_off(client, settings):
    settings.WRITE_RATE = ""
    for _ in range(5):
        assert post(client).status_code != 429


def test_the_wait_is_said_in_seconds_then_minutes():
    assert wait_text(1) == "1 second"
    assert wait_text(45) == "45 seconds"
    assert wait_text(90) == "2 minutes"
    assert wait_text(3600) == "60 minutes"


# The client's address


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("203.0.113.9", "10.9.9.9")) == "203.0.113.9"


def test_behind_one_trusted_proxy_the_address_it_saw_counts_not_what_the_client_wrote(
    settings,
):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.1.1.1"; the load balancer appended the address it saw.
    assert client_address(request_from("10.0.0.5", "1.1.1.1, 198.51.100.7")) == "198.51.100.7"


def test_behind_two_trusted_proxies_the_outer_ones_entry_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    forwarded = "1.1.1.1, 198.51.100.7, 10.0.0.4"
    assert client_address(request_from("10.0.0.5", forwarded)) == "198.51.100.7"


def test_a_request_that_came_round_the_proxies_or_sent_nonsense_counts_by_its_connection(
    settings,
):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("203.0.113.9", "1.1.1.1")) == "203.0.113.9"
    assert client_address(request_from("203.0.113.9", "x, not-an-ip")) == "203.0.113.9"
    assert client_address(request_from("203.0.113.9")) == "203.0.113.9"


def test_the_write_ceiling_counts_the_address_the_trusted_proxy_saw(settings, three_a_day):
    settings.TRUSTED_PROXY_COUNT = 1
    behind = Client(REMOTE_ADDR="10.0.0.5")
    for spoofed in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        post(behind, HTTP_X_FORWARDED_FOR=f"{spoofed}, 198.51.100.7")

    assert post(behind, HTTP_X_FORWARDED_FOR="4.4.4.4, 198.51.100.7").status_code == 429
    assert post(behind, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code != 429


def test_ipv6_addresses_count_per_64_and_mapped_ipv4_as_ipv4():
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::2")
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("not an address") == "not an address"


def test_log_ins_see_the_same_address_as_the_ceiling(settings):
    from engage.accounts.adapter import AccountAdapter

    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.5", "1.1.1.1, 198.51.100.7")
    assert AccountAdapter(request).get_client_ip(request) == "198.51.100.7"
