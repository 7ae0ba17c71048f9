"""A person's data download (prepared by a task, for them alone, for 7 days) and deleting
an account (identity gone, contributions kept and counted, follows and places released)."""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from engage.accounts.models import DataDownload
from engage.accounts.roles import EDUCATOR, MODERATOR, STAFF
from engage.accounts.tasks import prepare_data_download, remove_expired
from engage.core import privacy
from tests.factories import PASSWORD, UserFactory

SETTINGS = reverse("privacy_settings")
REQUEST = reverse("request_data_download")
DELETE = reverse("delete_account")


def archive_of(response):
    content = b"".join(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(content))


def ask_for_download(client, user):
    client.force_login(user)
    response = client.post(REQUEST)
    assert response.status_code == 302
    return DataDownload.objects.get(user=user)


# == Download ==


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_asking_for_a_copy_prepares_it_and_e_mails_a_link_only_its_owner_can_use(client):
    resident = UserFactory(email="rosa@example.org", display_name="Rosa", first_name="Rosa")

    download = ask_for_download(client, resident)

    download.refresh_from_db()
    assert download.is_ready
    assert download.expires_at - download.ready_at == datetime.timedelta(days=7)
    link = reverse("data_download", args=[download.token])
    [message] = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert link in message.body
    page = client.get(SETTINGS)
    assert link in page.content.decode()

    response = client.get(link)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = archive_of(response)
    assert sorted(archive.namelist()) == ["my-data.html", "my-data.json"]
    data = json.loads(archive.read("my-data.json"))
    account = next(r for r in data["records"] if r["title"] == "Your account")
    assert account["rows"][0]["E-mail address"] == "rosa@example.org"
    assert account["rows"][0]["Display name"] == "Rosa"
    html = archive.read("my-data.html").decode()
    assert "<h2>Your account</h2>" in html
    assert "rosa@example.org" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_account_or_a_visitor_cannot_fetch_the_download(client):
    owner = UserFactory()
    download = ask_for_download(client, owner)
    link = reverse("data_download", args=[download.token])

    client.force_login(UserFactory())
    assert client.get(link).status_code == 404
    client.logout()
    response = client.get(link)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_expired_link_is_refused_and_the_cleanup_deletes_the_file(client):
    owner = UserFactory()
    download = ask_for_download(client, owner)
    download.refresh_from_db()
    storage = download.archive.storage
    name = download.archive.name
    assert storage.exists(name)
    DataDownload.objects.filter(pk=download.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.get(reverse("data_download", args=[download.token]))

    assert response.status_code == 410
    assert "This download has expired" in response.content.decode()
    call_command("remove_expired_data_downloads", stdout=io.StringIO())
    assert not DataDownload.objects.filter(pk=download.pk).exists()
    assert not storage.exists(name)


@pytest.mark.django_db
def test_a_download_not_yet_expired_is_kept_by_the_cleanup():
    download = DataDownload.objects.create(
        user=UserFactory(),
        ready_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert remove_expired() == 0
    assert DataDownload.objects.filter(pk=download.pk).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_request_the_same_day_is_refused_with_a_reason(client):
    owner = UserFactory()
    ask_for_download(client, owner)

    response = client.post(REQUEST, follow=True)

    assert DataDownload.objects.filter(user=owner).count() == 1
    assert "less than a day ago" in response.content.decode()


@pytest.mark.django_db
def test_running_the_task_twice_builds_the_archive_once(django_capture_on_commit_callbacks):
    download = DataDownload.objects.create(user=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        prepare_data_download.call(download.pk)
    download.refresh_from_db()
    first = (download.archive.name, download.ready_at)
    with django_capture_on_commit_callbacks(execute=True):
        prepare_data_download.call(download.pk)
    download.refresh_from_db()
    assert (download.archive.name, download.ready_at) == first
    assert len(mail.outbox) == 1


# == Delete ==


@pytest.mark.django_db
def test_deleting_needs_the_password_and_keeps_what_was_typed_when_wrong(client):
    resident = UserFactory(email="sam@example.org")
    client.force_login(resident)

    response = client.post(DELETE, {"password": "not-it", "understood": "on"})

    assert response.status_code == 200
    assert "That is not your password" in response.content.decode()
    assert response.context["form"]["understood"].value() is True
    resident.refresh_from_db()
    assert resident.erased_at is None
    assert resident.email == "sam@example.org"


@pytest.mark.django_db
def test_deleting_blanks_the_identity_ends_sessions_and_logs_out(client):
    resident = UserFactory(
        email="sam@example.org", display_name="Sam", first_name="Sam", last_name="Okafor"
    )
    elsewhere = type(client)()
    elsewhere.force_login(resident)
    client.force_login(resident)

    response = client.post(DELETE, {"password": PASSWORD, "understood": "on"})

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.erased_at is not None
    assert resident.email == f"deleted-{resident.pk}@deleted.invalid"
    assert (resident.first_name, resident.last_name, resident.display_name) == ("", "", "")
    assert not resident.has_usable_password()
    assert not resident.is_active
    assert str(resident.public_name) == "a former resident"
    assert not resident.emailaddress_set.exists()
    assert not Session.objects.exists()
    assert client.get(SETTINGS).status_code == 302
    assert elsewhere.get(SETTINGS).status_code == 302
    assert not client.login(email="sam@example.org", password=PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "roles,flags", [([STAFF], {}), ([MODERATOR], {}), ([], {"is_superuser": True})]
)
def test_staff_accounts_cannot_be_deleted_here_and_are_told_why(client, roles, flags):
    staff = UserFactory(roles=roles, **flags)
    client.force_login(staff)

    response = client.post(DELETE, {"password": PASSWORD, "understood": "on"})

    assert response.status_code == 200
    assert "Ask an administrator" in response.content.decode()
    staff.refresh_from_db()
    assert staff.erased_at is None
    with pytest.raises(privacy.ErasureRefused):
        privacy.erase(staff)


@pytest.mark.django_db
def test_an_educator_may_delete_their_account_and_loses_the_role():
    educator = UserFactory(roles=[EDUCATOR])

    privacy.erase(educator)

    educator = get_user_model().objects.get(pk=educator.pk)
    assert not educator.groups.exists()


@pytest.mark.django_db
def test_the_privacy_page_lists_what_every_part_keeps(client):
    response = client.get(reverse("privacy_page"))

    assert response.status_code == 200
    html = response.content.decode()
    for line in privacy.kept():
        assert str(line.what) in html
    assert "7 days" in html
    assert "Survey responses" in html
    assert "Volunteer registration" in html


@pytest.mark.django_db
def test_an_operator_deletes_an_account_a_resident_asked_about_by_phone():
    resident = UserFactory(email="by.phone@example.org")
    out = io.StringIO()

    call_command("delete_account", "BY.PHONE@example.org", stdout=out)

    resident.refresh_from_db()
    assert resident.erased_at is not None
    assert f"deleted-{resident.pk}@deleted.invalid" in out.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_a_staff_account_and_an_unknown_address():
    UserFactory(email="staff@example.org", roles=[STAFF])

    with pytest.raises(CommandError, match="Staff accounts"):
        call_command("delete_account", "staff@example.org")
    with pytest.raises(CommandError, match="No account"):
        call_command("delete_account", "nobody@example.org")
