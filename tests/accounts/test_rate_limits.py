"""allauth's own limits (``ACCOUNT_RATE_LIMITS``) answered like every other limit: 429,
``Retry-After`` (the seconds until the limit lets one more attempt through) and the site's
"please wait" page in the visitor's language (engage/accounts/rate_limits.py)."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import resolve
from django.utils import translation

from engage.accounts import rate_limits

pytestmark = pytest.mark.django_db

RESET = "/en/accounts/password/reset/"
LOGIN = "/en/accounts/login/"


def assert_waits_about_a_minute(refused):
    assert refused.status_code == 429
    assert 55 <= int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"


def test_log_ins_past_the_limit_say_how_long_to_wait(client, resident, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "5/m/ip"}
    wrong = {"login": resident.email, "password": "not-the-password"}
    for _ in range(5):
        assert client.post(LOGIN, wrong).status_code == 200

    refused = client.post(LOGIN, {"login": resident.email, "password": "secret-password"})

    assert_waits_about_a_minute(refused)
    page = refused.content.decode()
    assert "Please wait a moment" in page
    assert re.search(r"Please try again in (59|60) seconds\.", page)
    # The address typed is ready to send again; the password never is.
    assert re.search(rf'name="login" value="{re.escape(resident.email)}"', page)
    assert "secret-password" not in page


def test_the_page_is_in_the_visitors_language(client, resident, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    client.post("/es/accounts/login/", {"login": resident.email, "password": "x"})

    refused = client.post("/es/accounts/login/", {"login": resident.email, "password": "x"})

    assert_waits_about_a_minute(refused)
    page = refused.content.decode()
    assert '<html lang="es"' in page
    assert "Espere un momento, por favor" in page


def test_resets_for_one_address_are_limited_and_the_page_offers_to_send_again(
    client, resident, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/key"}
    for _ in range(2):
        assert client.post(RESET, {"email": resident.email}).status_code == 302

    refused = client.post(RESET, {"email": f"  {resident.email.upper()} "})

    assert_waits_about_a_minute(refused)
    page = refused.content.decode()
    assert "Please wait a moment" in page
    assert re.search(r"Please try again in (59|60) seconds\.", page)
    assert 'name="email" value="' in page
    assert len(mail.outbox) == 2


def test_resets_from_one_connection_are_limited_whatever_the_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/h/ip"}
    for number in range(2):
        client.post(RESET, {"email": f"someone{number}@example.org"})

    refused = client.post(RESET, {"email": "someone-else@example.org"})

    assert refused.status_code == 429
    assert 3590 <= int(refused["Retry-After"]) <= 3600
    assert "Please try again in 60 minutes." in refused.content.decode()


def test_the_wait_is_until_the_oldest_attempt_that_fills_the_limit_leaves_it(rf, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    request = rf.post("/en/accounts/signup/")
    with translation.override("en"):
        request.resolver_match = resolve(request.path)
    (rate,) = rate_limits.ratelimit.get_rates(
        app="allauth.account", action="signup", config=settings.ACCOUNT_RATE_LIMITS
    )
    key = rate_limits.ratelimit.get_cache_key(
        request, app="allauth.account", action="signup", rate=rate
    )
    cache.set(key, [1_000_050.0, 1_000_020.0, 999_900.0])  # newest first; the last is over

    assert rate_limits.seconds_to_wait(request, now=1_000_060) == 20
    cache.set(key, [1_000_050.0])
    # Not spent (the cache was busy, or another key): the longest period, never too short.
    assert rate_limits.seconds_to_wait(request, now=1_000_060) == 60


def test_the_default_limits_hold_reset_and_sign_up_to_their_figures(settings):
    limits = settings.ACCOUNT_RATE_LIMITS
    assert limits["reset_password"] == "20/m/ip,5/m/key"
    assert limits["signup"] == "20/m/ip"
    assert limits["login"] == "30/m/ip"
