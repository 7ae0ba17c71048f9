"""Failed log-ins slow an attacker down without letting anyone lock a resident out
(engage.accounts.login_limits, through the allauth adapter)."""

import re

import pytest
from django.conf import settings
from django.core import mail

from engage.accounts import login_limits
from tests.factories import PASSWORD

LOGIN = "/en/accounts/login/"
ATTACKER, LIBRARY, HOME, ELSEWHERE = "203.0.113.5", "198.51.100.20", "192.0.2.44", "192.0.2.99"
FOR_ACCOUNT = "Too many failed log-ins to this account from your connection."
FROM_ADDRESS = "Too many failed log-ins from your connection."
START = 1_800_000_000  # a round number of minutes and hours: every window starts here


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The limits' clock, stopped at START; ``clock.move(seconds)`` moves it on."""

    class Clock:
        at = START

        def move(self, seconds):
            self.at += seconds

    stopped = Clock()
    monkeypatch.setattr(login_limits, "now", lambda: stopped.at)
    return stopped


def log_in(client, email, password, address):
    """Posts the log-in form from ``address``; returns (logged in?, page text)."""
    client.logout()
    response = client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)
    return "_auth_user_id" in client.session, response.content.decode()


def fail(client, email, address, times=1):
    for _ in range(times):
        logged_in, _page = log_in(client, email, "wrong-password", address)
        assert not logged_in


@pytest.mark.django_db
def test_an_attacker_cannot_keep_the_resident_out(client, resident):
    fail(client, resident.email, ATTACKER, times=20)

    # Refused with the right password too: the attacker has used up this address's guesses…
    logged_in, page = log_in(client, resident.email, PASSWORD, ATTACKER)
    assert not logged_in
    assert FOR_ACCOUNT in page
    # …but the resident logs in from home.
    logged_in, _page = log_in(client, resident.email, PASSWORD, HOME)
    assert logged_in


@pytest.mark.django_db
def test_an_address_locked_out_of_one_account_can_log_into_another(client, resident, user_factory):
    neighbour = user_factory()
    fail(client, resident.email, LIBRARY, times=5)

    logged_in, page = log_in(client, resident.email, PASSWORD, LIBRARY)
    assert not logged_in
    alert = re.search(
        r'<div class="[^"]*form-errors" role="alert">(.*?)</div>\s*</div>', page, re.S
    )
    assert alert and FOR_ACCOUNT in alert[1]
    assert "reset your password" in alert[1]

    logged_in, _page = log_in(client, neighbour.email, PASSWORD, LIBRARY)
    assert logged_in


@pytest.mark.django_db
def test_four_failures_then_the_right_password_get_in(client, resident):
    fail(client, resident.email, HOME, times=4)

    logged_in, _page = log_in(client, resident.email, PASSWORD, HOME)
    assert logged_in


@pytest.mark.django_db
def test_the_lock_expires(client, resident, clock):
    fail(client, resident.email, ATTACKER, times=5)
    clock.move(4 * 60)
    assert not log_in(client, resident.email, PASSWORD, ATTACKER)[0]

    clock.move(2 * 5 * 60)

    assert log_in(client, resident.email, PASSWORD, ATTACKER)[0]


@pytest.mark.django_db
def test_one_address_failing_for_many_accounts_is_stopped(client, user_factory):
    failures, _seconds = settings.LOGIN_FAILURE_LIMITS["address"]
    assert failures == 100
    # A spray: up to four guesses per account, as fast as allauth's "login" limit lets it
    # post (30 a minute), counted here without the forms.
    for n in range(failures):
        attempt = login_limits.attempt(f"victim{n // 4}@example.org", ATTACKER)
        assert attempt.refused is None  # a failed guess, left counted
    someone = user_factory()

    logged_in, page = log_in(client, someone.email, PASSWORD, ATTACKER)
    assert not logged_in
    assert FROM_ADDRESS in page
    # Everyone else is unaffected.
    assert log_in(client, someone.email, PASSWORD, HOME)[0]


@pytest.mark.django_db
def test_a_library_full_of_people_making_typos_is_not_stopped(client, user_factory):
    # 18 failures in a minute from one address (ten used to block it for everyone); nine
    # people, so 27 posts, within allauth's 30 log-in posts a minute per address.
    for _ in range(9):
        person = user_factory()
        fail(client, person.email, LIBRARY, times=2)
        assert log_in(client, person.email, PASSWORD, LIBRARY)[0]


@pytest.mark.django_db
def test_many_addresses_get_one_guess_each_once_the_account_ceiling_is_reached(client, resident):
    failures, _seconds = settings.LOGIN_FAILURE_LIMITS["account"]
    for n in range(failures // 5):
        fail(client, resident.email, f"203.0.113.{10 + n}", times=5)

    # Past the ceiling a new address still gets a guess, but only one.
    fail(client, resident.email, "203.0.113.200")
    logged_in, page = log_in(client, resident.email, PASSWORD, "203.0.113.200")
    assert not logged_in and FOR_ACCOUNT in page
    # The resident, from an address that has not been failing, gets in.
    assert log_in(client, resident.email, PASSWORD, HOME)[0]


@pytest.mark.django_db
def test_resetting_the_password_lifts_the_lock_where_it_was_reset(client, resident):
    fail(client, resident.email, HOME, times=5)
    assert not log_in(client, resident.email, PASSWORD, HOME)[0]

    client.post("/en/accounts/password/reset/", {"email": resident.email}, REMOTE_ADDR=HOME)
    key_url = re.search(r"/en/accounts/password/reset/key/\S+/", mail.outbox[-1].body)[0]
    form_url = client.get(key_url, REMOTE_ADDR=HOME).url
    new = "a-new-Password-42"
    client.post(form_url, {"password1": new, "password2": new}, REMOTE_ADDR=HOME)

    assert log_in(client, resident.email, new, HOME)[0]


def test_ipv6_addresses_count_per_household():
    assert login_limits.address_key("2001:db8:1:2::5") == login_limits.address_key(
        "2001:db8:1:2:ffff::9"
    )
    assert login_limits.address_key("2001:db8:1:3::5") != login_limits.address_key(
        "2001:db8:1:2::5"
    )
    assert login_limits.address_key("::ffff:192.0.2.1") == "192.0.2.1"
