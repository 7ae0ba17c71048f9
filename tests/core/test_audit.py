"""The audit trail: the core's actions, the admin report, who may read it, the purge."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.log_actions import LogContext
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from engage.accounts.roles import MODERATOR, STAFF
from engage.core import audit
from engage.core.exports import CsvExport
from tests.factories import NeighborhoodFactory, UserFactory

AUDIT_TRAIL = "/admin/reports/audit-trail/"


class NamesExport(CsvExport):
    filename_stem = "names"

    def get_header(self):
        return ["Name"]

    def get_rows(self):
        return [["Ada"]]


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True, display_name="Root")


@pytest.fixture
def staff(db):
    return UserFactory(roles=[STAFF], display_name="Sam Staff")


@pytest.fixture
def neighborhood(neighborhood_factory):
    return neighborhood_factory(name="Riverside")


def test_every_declared_action_is_registered_with_its_label():
    choices = dict(log_registry.get_choices())
    names = [action.name for action in audit.all_actions()]
    assert len(names) == len(set(names))
    for action in audit.all_actions():
        assert choices[action.name] == action.label
    # One from each part, so a part that stops declaring its actions is noticed.
    for name in (
        "engage.export",
        "reports.status",
        "ideas.decide",
        "surveys.paper_entry",
        "liaisons.application_approve",
        "youth.field_report_release",
        "outcomes.snapshot",
    ):
        assert name in choices


@pytest.mark.django_db
def test_record_keeps_the_user_the_object_and_the_data(staff, neighborhood):
    entry = audit.record(
        neighborhood, "engage.export", user=staff, data={"export": "x", "format": "CSV"}
    )
    stored = ModelLogEntry.objects.get(pk=entry.pk)
    assert stored.user == staff
    assert stored.object_id == str(neighborhood.pk)
    assert stored.label == "Riverside"
    assert stored.data == {"export": "x", "format": "CSV"}
    assert stored.message == "Exported x (CSV)"


@pytest.mark.django_db
def test_without_a_user_the_admin_request_user_is_recorded(staff, neighborhood):
    with LogContext(user=staff):
        entry = audit.record(neighborhood, "engage.export", data={"export": "x", "format": "CSV"})
    assert entry.user == staff
    system = audit.record(neighborhood, "engage.export", data={"export": "x", "format": "CSV"})
    assert system.user is None


@pytest.mark.django_db
def test_a_message_missing_a_value_falls_back_to_the_label(neighborhood):
    entry = audit.record(neighborhood, "engage.role_granted", data={})
    assert entry.message == "Role granted"


@pytest.mark.django_db
def test_giving_and_taking_a_role_is_recorded_either_way(staff, superuser):
    person = UserFactory()
    moderators = Group.objects.get(name=MODERATOR)
    with LogContext(user=superuser):
        person.groups.add(moderators)
        moderators.user_set.remove(person)

    granted = ModelLogEntry.objects.get(action="engage.role_granted", object_id=str(person.pk))
    removed = ModelLogEntry.objects.get(action="engage.role_removed", object_id=str(person.pk))
    assert granted.user == removed.user == superuser
    assert granted.data == {"role": MODERATOR, "group": moderators.pk}
    assert removed.message == f"Role removed: {MODERATOR}"

    # clear() names no group: the groups the person had are read before they go.
    person.groups.add(moderators)
    person.groups.clear()
    assert (
        ModelLogEntry.objects.filter(action="engage.role_removed", object_id=str(person.pk)).count()
        == 2
    )
    # The factory's own role for the staff member was recorded too, as the system's.
    assert ModelLogEntry.objects.filter(
        action="engage.role_granted", object_id=str(staff.pk), user=None
    ).exists()


@pytest.mark.django_db
def test_a_csv_export_by_a_person_is_recorded_on_their_account(staff):
    response = NamesExport().response(user=staff)
    b"".join(response.streaming_content)

    entry = ModelLogEntry.objects.get(action="engage.export")
    assert entry.user == staff
    assert entry.object_id == str(staff.pk)
    assert entry.data["export"] == "names"
    assert entry.data["format"] == "CSV"
    assert entry.data["filename"].startswith("names-")


@pytest.mark.django_db
def test_an_export_in_the_admin_knows_its_person_and_open_data_is_not_recorded(staff):
    with LogContext(user=staff):
        NamesExport().response()
    assert ModelLogEntry.objects.filter(action="engage.export", user=staff).count() == 1

    NamesExport().response()  # the public transparency page: no one to record
    assert ModelLogEntry.objects.filter(action="engage.export").count() == 1


@pytest.mark.django_db
def test_an_admin_list_export_is_recorded_with_its_filters(client, staff):
    client.force_login(staff)
    response = client.get("/admin/snippets/reports/servicereport/", {"export": "xlsx"})
    assert response.status_code == 200
    response = client.get(
        "/admin/snippets/reports/servicereport/", {"export": "csv", "status": "open"}
    )
    assert response.status_code == 200

    xlsx, csv = ModelLogEntry.objects.filter(action="engage.export").order_by("pk")
    assert (xlsx.user, csv.user) == (staff, staff)
    assert xlsx.data["format"] == "XLSX"
    assert csv.data["format"] == "CSV"
    assert csv.data["filters"] == {"status": "open"}


# The report ----------------------------------------------------------------------------


def _history(client, **params):
    response = client.get(AUDIT_TRAIL, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_audit_trail_lists_and_filters_the_entries(client, superuser, staff):
    other = UserFactory(display_name="Olga Other")
    place = NeighborhoodFactory(name="Hillcrest")
    audit.record(place, "engage.export", user=staff, data={"export": "tally", "format": "CSV"})
    old = audit.record(
        place, "engage.role_granted", user=other, data={"role": "Made-up role", "group": 0}
    )
    ModelLogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=40))
    client.force_login(superuser)

    everything = _history(client)
    assert "Exported tally (CSV)" in everything
    assert "Role granted: Made-up role" in everything

    exports = _history(client, action="engage.export")
    assert "Exported tally (CSV)" in exports
    assert "Made-up role" not in exports

    by_other = _history(client, user=other.pk)
    assert "Made-up role" in by_other
    assert "Exported tally" not in by_other

    recent = _history(client, timestamp_from=(timezone.localdate() - timedelta(days=7)).isoformat())
    assert "Exported tally (CSV)" in recent
    assert "Made-up role" not in recent


@pytest.mark.django_db
def test_the_reports_menu_offers_the_audit_trail_in_place_of_the_site_history(client, staff):
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    assert AUDIT_TRAIL in html
    assert "/admin/reports/site-history/" not in html


@pytest.mark.django_db
def test_the_old_site_history_address_leads_to_the_audit_trail(client, staff):
    client.force_login(staff)

    response = client.get("/admin/reports/site-history/", {"action": "engage.export"})

    assert response.status_code == 301
    assert response["Location"] == f"{AUDIT_TRAIL}?action=engage.export"
    results = client.get("/admin/reports/site-history/results/")
    assert results.status_code == 301
    assert results["Location"] == f"{AUDIT_TRAIL}results/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_residents_cannot_see_the_audit_trail(client, resident):
    client.force_login(resident)
    response = client.get(AUDIT_TRAIL)
    assert response.status_code == 302
    assert "/admin/login/" in response.url

    client.logout()
    response = client.get(AUDIT_TRAIL)
    assert response.status_code == 302


@pytest.mark.django_db
def test_staff_see_only_entries_about_what_they_may_see(client, staff, superuser):
    place = NeighborhoodFactory(name="Hillcrest")
    audit.record(place, "engage.export", user=superuser, data={"export": "seen", "format": "CSV"})
    # An entry about an account: staff hold no permission on accounts.
    audit.record(
        superuser, "engage.export", user=superuser, data={"export": "unseen", "format": "CSV"}
    )
    client.force_login(staff)

    html = _history(client)
    assert "Exported seen (CSV)" in html
    assert "Exported unseen (CSV)" not in html


# The purge -------------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(AUDIT_LOG_RETENTION_DAYS=30)
def test_the_purge_deletes_entries_older_than_the_retention_period(staff, neighborhood):
    old = audit.record(neighborhood, "engage.export", user=staff, data={"export": "a"})
    kept = audit.record(neighborhood, "engage.export", user=staff, data={"export": "b"})
    ModelLogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=31))
    ModelLogEntry.objects.filter(pk=kept.pk).update(timestamp=timezone.now() - timedelta(days=29))
    root = Page.objects.get(depth=1)
    page_entry = PageLogEntry.objects.log_action(root, "wagtail.edit", user=staff)
    PageLogEntry.objects.filter(pk=page_entry.pk).update(
        timestamp=timezone.now() - timedelta(days=31)
    )

    out = StringIO()
    call_command("purge_audit_log", stdout=out)

    assert not ModelLogEntry.objects.filter(pk=old.pk).exists()
    assert ModelLogEntry.objects.filter(pk=kept.pk).exists()
    assert not PageLogEntry.objects.filter(pk=page_entry.pk).exists()
    assert "Kept the last 30 days" in out.getvalue()


@pytest.mark.django_db
def test_the_purge_takes_another_period_and_refuses_nonsense(staff, neighborhood):
    entry = audit.record(neighborhood, "engage.export", user=staff, data={"export": "a"})
    ModelLogEntry.objects.filter(pk=entry.pk).update(timestamp=timezone.now() - timedelta(days=3))

    call_command("purge_audit_log", days=5, stdout=StringIO())
    assert ModelLogEntry.objects.filter(pk=entry.pk).exists()
    call_command("purge_audit_log", days=2, stdout=StringIO())
    assert not ModelLogEntry.objects.filter(pk=entry.pk).exists()

    with pytest.raises(Exception, match="at least 1"):
        call_command("purge_audit_log", days=0, stdout=StringIO())


def test_the_retention_period_defaults_to_two_years():
    assert settings.AUDIT_LOG_RETENTION_DAYS == 730


@pytest.mark.django_db
def test_the_audit_trail_downloads_neutralised_and_the_download_is_recorded(client, superuser):
    place = NeighborhoodFactory(name='=HYPERLINK("http://evil.example","x")')
    audit.record(place, "engage.export", user=superuser, data={"export": "a", "format": "CSV"})
    client.force_login(superuser)

    response = client.get(AUDIT_TRAIL, {"export": "csv"})

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ',"=HYPERLINK' not in text and "\n=HYPERLINK" not in text
    downloaded = ModelLogEntry.objects.filter(action="engage.export", user=superuser).latest("pk")
    assert downloaded.data["filename"].startswith("audit-log-")
