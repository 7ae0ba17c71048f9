"""Open311 API keys in the Wagtail admin: shown once, stored as a hash, revocable."""

import hashlib

import pytest

from engage.accounts.roles import MODERATOR, STAFF
from engage.reports.models import Open311ApiKey
from tests.factories import UserFactory

API_KEYS = "/admin/snippets/reports/open311apikey/"
ADD = f"{API_KEYS}add/"


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(roles=[STAFF]))
    return client


@pytest.mark.django_db
def test_the_create_form_asks_only_for_a_name(staff_client):
    response = staff_client.get(ADD)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="name"' in html
    assert 'name="prefix"' not in html and 'name="key_hash"' not in html


@pytest.mark.django_db
def test_creating_a_key_shows_it_once_and_stores_only_a_hash(staff_client):
    response = staff_client.post(ADD, {"name": "SeeClickFix"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = Open311ApiKey.objects.get(name="SeeClickFix")
    plain = response.context["plain_key"]
    assert plain in response.content.decode()
    assert key.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert key.prefix == plain[:8]
    # Nothing that is stored is the key itself.
    for value in (key.name, key.prefix, key.key_hash):
        assert value != plain
    assert plain not in Open311ApiKey.objects.filter(pk=key.pk).values_list().get()

    # Never shown again: not in the listing, not on the edit form.
    for url in (API_KEYS, f"{API_KEYS}edit/{key.pk}/"):
        page = staff_client.get(url)
        assert page.status_code == 200
        assert plain not in page.content.decode()
        assert key.prefix in page.content.decode() or url != API_KEYS


@pytest.mark.django_db
def test_a_key_needs_a_name(staff_client):
    response = staff_client.post(ADD, {"name": ""})
    assert response.status_code == 200
    assert not Open311ApiKey.objects.exists()


@pytest.mark.django_db
def test_the_listing_shows_name_prefix_and_dates(staff_client):
    from engage.reports.open311.keys import create_key, revoke

    active, _plain = create_key("City app")
    revoked, _plain = create_key("Old vendor")
    revoke(revoked)

    html = staff_client.get(API_KEYS).content.decode()
    assert "City app" in html and active.prefix in html
    for heading in ("Prefix", "Created", "Last used", "Revoked"):
        assert heading in html
    assert f"{API_KEYS}revoke/{active.pk}/" in html
    assert f"{API_KEYS}revoke/{revoked.pk}/" not in html

    only_active = staff_client.get(API_KEYS, {"active": "true"}).content.decode()
    assert "City app" in only_active and "Old vendor" not in only_active


@pytest.mark.django_db
def test_revoking_a_key(staff_client):
    from engage.reports.open311.keys import authenticate, create_key

    key, plain = create_key("City app")
    url = f"{API_KEYS}revoke/{key.pk}/"

    confirm = staff_client.get(url)
    assert confirm.status_code == 200
    key.refresh_from_db()
    assert key.revoked_at is None  # a GET only asks

    response = staff_client.post(url)

    assert response.status_code == 302
    assert response.url == API_KEYS
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert authenticate(plain) is None


@pytest.mark.django_db
@pytest.mark.parametrize("person", [MODERATOR, "resident"])
def test_only_staff_manage_keys(client, person):
    from engage.reports.open311.keys import create_key

    key, _plain = create_key("City app")
    client.force_login(UserFactory(roles=[person]) if person != "resident" else UserFactory())

    for url in (API_KEYS, ADD, f"{API_KEYS}revoke/{key.pk}/"):
        assert client.get(url).status_code in (302, 403)
    assert client.post(f"{API_KEYS}revoke/{key.pk}/").status_code in (302, 403)
    assert client.post(ADD, {"name": "Sneaky"}).status_code in (302, 403)
    key.refresh_from_db()
    assert key.revoked_at is None
    assert not Open311ApiKey.objects.filter(name="Sneaky").exists()
