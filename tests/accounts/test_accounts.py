import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from engage.notifications.models import EmailOptOut
from tests.factories import PASSWORD

User = get_user_model()
SIGNUP = "/en/accounts/signup/"
LOGIN = "/en/accounts/login/"
RESET = "/en/accounts/password/reset/"


def sign_up(client, email, password=PASSWORD, language="en"):
    return client.post(
        f"/{language}/accounts/signup/",
        {"email": email, "password1": password, "password2": password},
    )


@pytest.mark.django_db
def test_sign_up_requires_verification_before_log_in(client):
    response = sign_up(client, "new@example.org")

    assert response.status_code == 302
    assert response.url == "/en/accounts/confirm-email/"
    user = User.objects.get(email="new@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "/en/accounts/confirm-email/" in mail.outbox[0].body

    response = client.post(LOGIN, {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_confirming_the_address_allows_log_in(client):
    sign_up(client, "new@example.org")
    key_path = re.search(r"/en/accounts/confirm-email/[^/\s]+/", mail.outbox[0].body).group(0)

    client.post(key_path)
    response = client.post(LOGIN, {"login": "new@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="new@example.org").pk)


@pytest.mark.django_db
def test_sign_up_in_spanish_sets_the_preferred_language(client):
    sign_up(client, "nueva@example.org", language="es")

    assert User.objects.get(email="nueva@example.org").preferred_language == "es"


@pytest.mark.django_db
def test_sign_up_with_a_taken_address_reveals_nothing(client, resident):
    new = sign_up(client, "fresh@example.org")
    taken = sign_up(client, resident.email)

    # Both land on the same "check your e-mail" page; the owner is told by e-mail.
    assert taken.status_code == new.status_code == 302
    assert taken.url == new.url
    assert User.objects.filter(email=resident.email).count() == 1
    assert mail.outbox[-1].to == [resident.email]


@pytest.mark.django_db
def test_password_reset_reveals_nothing_about_unknown_addresses(client, resident):
    known = client.post(RESET, {"email": resident.email})
    unknown = client.post(RESET, {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == "/en/accounts/password/reset/done/"


@pytest.mark.django_db
def test_sign_up_errors_are_shown_and_keep_the_address(client):
    response = client.post(
        SIGNUP, {"email": "typed@example.org", "password1": "short", "password2": "other"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="typed@example.org"' in content
    assert 'aria-invalid="true"' in content
    assert not User.objects.filter(email="typed@example.org").exists()


@pytest.mark.django_db
def test_sign_up_errors_are_translated(client):
    response = client.post(
        "/es/accounts/signup/",
        {"email": "typed@example.org", "password1": "abc", "password2": "xyz"},
    )

    assert "La contraseña es demasiado corta." in response.content.decode()


@pytest.mark.django_db
def test_repeated_failed_log_ins_are_rate_limited(client, resident):
    for _ in range(5):
        client.post(LOGIN, {"login": resident.email, "password": "wrong"})

    # Even the right password is refused for a while after five failures (from this
    # address: see test_login_limits.py).
    response = client.post(LOGIN, {"login": resident.email, "password": PASSWORD})

    assert "Too many failed log-ins to this account from your connection" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_profile_saves_preferences(client, resident, neighborhood_factory):
    kensington = neighborhood_factory(name="Kensington", slug="kensington")
    client.force_login(resident)

    response = client.post(
        "/en/profile/",
        {
            "display_name": "Rosa M.",
            "home_neighborhood": kensington.pk,
            "preferred_language": "es",
            "email_notifications": "on",
            "topics": ["reports", "ideas"],
        },
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Rosa M."
    assert resident.home_neighborhood == kensington
    assert resident.preferred_language == "es"
    opted_out = set(EmailOptOut.objects.filter(user=resident).values_list("topic", flat=True))
    assert opted_out == {
        "events",
        "organising",
        "adopted",
        "liaison",
        "volunteer_news",
        "surveys",
        "outcomes",
        "news",
    }


@pytest.mark.django_db
def test_profile_error_keeps_what_was_typed(client, resident):
    client.force_login(resident)

    response = client.post(
        "/en/profile/",
        {"display_name": "Rosa typed this", "preferred_language": "xx", "topics": ["ideas"]},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Rosa typed this"' in content
    assert "Select a valid choice" in content
    assert not EmailOptOut.objects.filter(user=resident).exists()


@pytest.mark.django_db
def test_profile_needs_log_in(client):
    response = client.get("/en/profile/")

    assert response.status_code == 302
    assert response.url.startswith("/en/accounts/login/")


@pytest.mark.django_db
def test_public_name_never_shows_the_email(user_factory):
    user = user_factory(email="secret@example.org", display_name="", first_name="")

    assert "secret" not in str(user.public_name)


@pytest.mark.django_db
def test_sign_ups_from_one_address_are_rate_limited(client):
    statuses = [sign_up(client, f"bot{n}@example.org").status_code for n in range(21)]

    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


@pytest.mark.django_db
def test_a_failed_log_in_is_announced_and_keeps_the_address(client, resident):
    response = client.post(LOGIN, {"login": resident.email, "password": "wrong"})

    content = response.content.decode()
    alert = re.search(
        r'<div class="[^"]*form-errors" role="alert">(.*?)</div>\s*</div>', content, re.S
    )
    assert alert and "are not correct" in alert[1]
    assert f'value="{resident.email}"' in content
