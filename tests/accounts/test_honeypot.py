"""The honeypot on allauth's forms: sign-up, log-in and password reset."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from engage.core import honeypot
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()
SIGNUP = "/en/accounts/signup/"
LOGIN = "/en/accounts/login/"
RESET = "/en/accounts/password/reset/"
REFUSED = str(honeypot.REFUSED_MESSAGE)


def an_old_stamp():
    return honeypot.started_stamp(now=honeypot.time.time() - 60)


@pytest.mark.parametrize("url", [SIGNUP, LOGIN, RESET])
def test_every_account_form_carries_the_honeypot(client, url):
    page = client.get(url).content.decode()

    assert 'class="engage-honeypot" aria-hidden="true"' in page
    assert 'name="website"' in page and 'name="form_started"' in page


def test_a_bot_signing_up_makes_no_account_and_sends_no_mail(client):
    response = client.post(
        SIGNUP,
        {
            "email": "bot@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "website": "http://spam.example",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSED in page
    assert 'value="bot@example.org"' in page  # what was typed stays in the form
    assert not User.objects.filter(email="bot@example.org").exists()
    assert mail.outbox == []


def test_a_sign_up_sent_the_instant_the_form_was_shown_is_refused(client, settings):
    settings.HONEYPOT_MIN_SECONDS = 2
    fresh = honeypot.started_stamp()
    data = {"email": "fast@example.org", "password1": PASSWORD, "password2": PASSWORD}

    response = client.post(SIGNUP, {**data, "form_started": fresh})

    assert REFUSED in response.content.decode()
    assert not User.objects.filter(email="fast@example.org").exists()


def test_a_person_signs_up(client, settings):
    settings.HONEYPOT_MIN_SECONDS = 2
    response = client.post(
        SIGNUP,
        {
            "email": "person@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "website": "",
            "form_started": an_old_stamp(),
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(email="person@example.org").exists()


def test_a_bot_logging_in_is_not_logged_in_even_with_the_right_password(client, resident):
    response = client.post(LOGIN, {"login": resident.email, "password": PASSWORD, "website": "x"})

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_password_manager_logs_in_at_once(client, resident, settings):
    settings.HONEYPOT_MIN_SECONDS = 2
    response = client.post(
        LOGIN,
        {"login": resident.email, "password": PASSWORD, "form_started": honeypot.started_stamp()},
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_a_bot_asking_for_a_password_reset_sends_no_mail(client, resident):
    response = client.post(RESET, {"email": resident.email, "website": "x"})

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert mail.outbox == []


def test_a_person_asking_for_a_password_reset_gets_the_mail(client, resident):
    response = client.post(RESET, {"email": resident.email, "form_started": an_old_stamp()})

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[resident.email]]
