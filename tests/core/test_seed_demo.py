import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from engage.accounts.roles import EDUCATOR, LIAISON, MODERATOR, STAFF, has_role
from engage.core.management.commands.seed_demo import DEFAULT_DEMO_PASSWORD
from engage.neighborhoods.models import Neighborhood

User = get_user_model()


def counts():
    return (Page.objects.count(), User.objects.count(), Neighborhood.objects.count())


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)

    assert counts() == first
    assert first[2] == 5
    assert Site.objects.get(is_default_site=True).root_page.specific_class.__name__ == "HomePage"


@pytest.mark.django_db
def test_seed_demo_creates_one_verified_user_per_role(client):
    call_command("seed_demo", verbosity=0)

    expected = {
        "liaison@example.org": LIAISON,
        "educator@example.org": EDUCATOR,
        "moderator@example.org": MODERATOR,
        "staff@example.org": STAFF,
    }
    for email, role in expected.items():
        assert has_role(User.objects.get(email=email), role)
    assert not has_role(User.objects.get(email="resident@example.org"), LIAISON)
    assert User.objects.get(email="staff@example.org").is_superuser
    role_emails = [*expected, "resident@example.org"]
    assert EmailAddress.objects.filter(email__in=role_emails, verified=True).count() == 5
    client.post(
        "/en/accounts/login/",
        {"login": "resident@example.org", "password": DEFAULT_DEMO_PASSWORD},
    )
    assert client.session["_auth_user_id"] == str(User.objects.get(email="resident@example.org").pk)


@pytest.mark.django_db
def test_seed_demo_uses_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-Demo-pass-7")

    call_command("seed_demo", verbosity=0)

    assert User.objects.get(email="staff@example.org").check_password("another-Demo-pass-7")


@pytest.mark.django_db
def test_seed_demo_refuses_production_settings(settings):
    settings.DEMO_CONTENT_ALLOWED = False

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_pages_exist_in_both_languages(client):
    call_command("seed_demo", verbosity=0)

    assert "Your city is listening" in client.get("/en/").content.decode()
    assert "Su ciudad le escucha" in client.get("/es/").content.decode()
    assert client.get("/es/encuestas/").status_code == 200
