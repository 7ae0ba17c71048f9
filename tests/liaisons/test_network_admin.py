"""The liaison network in the Wagtail admin: the applications and liaisons lists, deciding,
changing a liaison's neighborhoods, removing a liaison, and the dashboard's count."""

import csv
import io
import re

import pytest
from django.core import mail

from engage.accounts.roles import LIAISON, MODERATOR, STAFF, has_role
from liaisons.models import Liaison, LiaisonApplication
from liaisons.services import network as services
from tests.factories import NeighborhoodFactory, UserFactory
from tests.liaisons.factories import LiaisonFactory

Status = LiaisonApplication.Status
pytestmark = pytest.mark.django_db

APPLICATIONS = "/admin/volunteering/liaison-applications/"
LIAISONS = "/admin/volunteering/liaisons/"


@pytest.fixture
def staff():
    return UserFactory(roles=[STAFF], first_name="Sam", last_name="Staff")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def hoods():
    return NeighborhoodFactory(name="Kensington"), NeighborhoodFactory(name="Fishtown")


def apply(hoods, email="maria@example.org", name="Maria G."):
    return services.apply(
        UserFactory(email=email),
        neighborhoods=list(hoods),
        display_name=name,
        motivation="I know the blocks.",
        availability="Evenings",
        contact_preference="555-0100",
        bio="Block captain.",
    )


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def refused(response):
    """The admin answers a forbidden request by sending the person to its dashboard."""
    return (
        response.status_code == 403
        or (response.status_code == 302 and response.url in ("/admin/", "/admin/login/?next="))
        or (response.status_code == 302 and "/admin/login/" in response.url)
    )


def fresh(user):
    return type(user).objects.get(pk=user.pk)


# == Applications ==


def test_the_list_shows_applications_and_filters_by_status_and_neighborhood(
    staff_client, staff, hoods
):
    kensington, fishtown = hoods
    waiting = apply([kensington], "a@example.org", "Waiting W.")
    other = apply([fishtown], "b@example.org", "Fishtown F.")
    declined = apply([kensington], "c@example.org", "Declined D.")
    services.decline(declined, staff, "No")

    page = html(staff_client.get(APPLICATIONS))
    for name in ("Waiting W.", "Fishtown F.", "Declined D."):
        assert name in page
    for heading in ("Public name", "Applicant", "Neighborhoods", "Status", "Applied"):
        assert heading in page
    assert f"{APPLICATIONS}edit/{waiting.pk}/" in page
    assert f"{APPLICATIONS}delete/" not in page and f"{APPLICATIONS}new/" not in page

    pending = html(staff_client.get(APPLICATIONS, {"status": "pending"}))
    assert "Waiting W." in pending and "Fishtown F." in pending and "Declined D." not in pending
    in_fishtown = html(staff_client.get(APPLICATIONS, {"neighborhood": fishtown.pk}))
    assert "Fishtown F." in in_fishtown and "Waiting W." not in in_fishtown
    assert other.pk


def test_an_applications_page_shows_everything_and_the_history(staff_client, staff, hoods):
    old = apply([hoods[0]], "back@example.org", "Back B.")
    services.decline(old, staff, "Too soon after moving in")
    application = services.apply(
        old.applicant,
        neighborhoods=[hoods[1]],
        display_name="Back B.",
        motivation="A year later, I know everyone.",
        availability="Weekends",
        contact_preference="Text 555-0199",
        bio="",
    )

    page = html(staff_client.get(f"{APPLICATIONS}edit/{application.pk}/"))

    for text in ("A year later, I know everyone.", "Weekends", "Text 555-0199", "back@example.org"):
        assert text in page
    assert 'id="decision-form"' in page
    assert "Too soon after moving in" in page  # the earlier application, in the history


def test_staff_approve_from_the_admin(staff_client, hoods, django_capture_on_commit_callbacks):
    application = apply(hoods)
    kensington, _fishtown = hoods

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"{APPLICATIONS}edit/{application.pk}/",
            {"decision": "approve", "neighborhoods": [kensington.pk]},
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    term = Liaison.objects.get(application=application)
    assert list(term.neighborhoods.all()) == [kensington]
    assert has_role(fresh(application.applicant), LIAISON)
    assert [m.to for m in mail.outbox] == [["maria@example.org"]]
    page = html(staff_client.get(response.url))
    assert "Approved" in page and 'id="decision-form"' not in page


def test_declining_without_a_reason_changes_nothing_and_keeps_the_form(staff_client, hoods):
    application = apply(hoods)

    page = html(
        staff_client.post(
            f"{APPLICATIONS}edit/{application.pk}/", {"decision": "decline", "reason": " "}
        )
    )

    assert "Give the reason: the applicant reads it." in page
    application.refresh_from_db()
    assert application.status == Status.PENDING
    assert mail.outbox == []


def test_staff_decline_with_a_reason(staff_client, hoods, django_capture_on_commit_callbacks):
    application = apply(hoods)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"{APPLICATIONS}edit/{application.pk}/",
            {"decision": "decline", "reason": "We need liaisons elsewhere."},
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.DECLINED
    assert "We need liaisons elsewhere." in mail.outbox[0].body
    assert not Liaison.objects.exists()


def test_deciding_twice_is_refused(staff_client, staff, hoods):
    application = apply(hoods)
    services.decline(application, UserFactory(roles=[STAFF]), "Declined by a colleague")

    page = html(
        staff_client.post(
            f"{APPLICATIONS}edit/{application.pk}/",
            {"decision": "approve", "neighborhoods": [hoods[0].pk]},
        )
    )

    assert "already decided" in page
    assert not Liaison.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.DECLINED


def test_residents_liaisons_and_moderators_see_none_of_it(client, hoods):
    application = apply(hoods)
    term = LiaisonFactory()
    for person in (UserFactory(), term.user, UserFactory(roles=[MODERATOR])):
        client.force_login(person)
        for url in (
            APPLICATIONS,
            f"{APPLICATIONS}edit/{application.pk}/",
            LIAISONS,
            f"{LIAISONS}edit/{term.pk}/",
            f"{LIAISONS}remove/{term.pk}/",
        ):
            assert refused(client.get(url)), (person, url)
        response = client.post(f"{APPLICATIONS}edit/{application.pk}/", {"decision": "approve"})
        assert refused(response)
    application.refresh_from_db()
    assert application.status == Status.PENDING


def test_applications_are_never_deleted_nor_added_here(staff_client, hoods):
    application = apply(hoods)
    assert refused(staff_client.get(f"{APPLICATIONS}delete/{application.pk}/"))
    assert refused(staff_client.post(f"{APPLICATIONS}delete/{application.pk}/"))
    assert LiaisonApplication.objects.filter(pk=application.pk).exists()
    response = staff_client.get(f"{APPLICATIONS}new/")
    assert response.status_code == 302 and response.url.endswith("/volunteer/liaisons/apply/")


# == Liaisons ==


def test_the_liaisons_list_keeps_past_terms_and_filters_them(staff_client, staff, hoods):
    LiaisonFactory(display_name="Serving S.", neighborhoods=[hoods[0]])
    past = LiaisonFactory(display_name="Past P.", neighborhoods=[hoods[1]])
    services.remove(past, staff, "Moved away")

    page = html(staff_client.get(LIAISONS))
    assert "Serving S." in page and "Past P." in page and "Removed by staff" in page

    active = html(staff_client.get(LIAISONS, {"active": "true"}))
    assert "Serving S." in active and "Past P." not in active
    ended = html(staff_client.get(LIAISONS, {"active": "false"}))
    assert "Past P." in ended and "Serving S." not in ended
    in_fishtown = html(staff_client.get(LIAISONS, {"neighborhood": hoods[1].pk}))
    assert "Past P." in in_fishtown and "Serving S." not in in_fishtown


def test_staff_change_a_liaisons_neighborhoods(staff_client, hoods):
    term = LiaisonFactory(neighborhoods=[hoods[0]])
    url = f"{LIAISONS}edit/{term.pk}/"
    assert 'id="neighborhoods-form"' in html(staff_client.get(url))

    page = html(staff_client.post(url, {"neighborhoods": []}))
    assert "Choose at least one neighborhood." in page
    assert list(term.neighborhoods.all()) == [hoods[0]]

    response = staff_client.post(url, {"neighborhoods": [hoods[0].pk, hoods[1].pk]})
    assert response.status_code == 302
    assert set(term.neighborhoods.all()) == set(hoods)


def test_staff_remove_a_liaison_with_a_reason(
    staff_client, staff, hoods, django_capture_on_commit_callbacks
):
    term = LiaisonFactory(neighborhoods=[hoods[0]], user=UserFactory(email="lia@example.org"))
    url = f"{LIAISONS}remove/{term.pk}/"
    assert 'id="remove-form"' in html(staff_client.get(url))

    page = html(staff_client.post(url, {"reason": ""}))
    assert "Give the reason: the liaison reads it." in page
    assert Liaison.objects.active().filter(pk=term.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"reason": "No answer to residents since June."})

    assert response.status_code == 302
    term.refresh_from_db()
    assert term.ending == Liaison.Ending.REMOVED and term.ended_by == staff
    assert not has_role(fresh(term.user), LIAISON)
    assert mail.outbox[0].to == ["lia@example.org"]
    page = html(staff_client.get(f"{LIAISONS}edit/{term.pk}/"))
    assert "No answer to residents since June." in page
    assert 'id="neighborhoods-form"' not in page and url not in page
    assert 'id="term-ended"' in html(staff_client.get(url))


# == The dashboard ==


def test_the_dashboard_counts_pending_applications_with_a_link_to_them(staff_client, staff, hoods):
    apply(hoods, "one@example.org")
    apply(hoods, "two@example.org")
    services.decline(apply(hoods, "three@example.org"), staff, "No")

    page = html(staff_client.get("/admin/"))

    assert 'data-work-waiting="work-waiting-liaisons"' in page
    assert re.search(
        r'href="/admin/volunteering/liaison-applications/\?status=pending" data-work-item>\s*'
        r'<span class="engage-work-waiting__count">2</span>\s*'
        r"liaison applications waiting for a decision",
        page,
    )


def test_the_dashboard_count_is_for_staff_only(client, hoods):
    apply(hoods)
    client.force_login(UserFactory(roles=[MODERATOR]))
    assert "liaison applications waiting" not in html(client.get("/admin/"))


# == Messages to liaisons ==

MESSAGES = "/admin/volunteering/liaison-messages/"


def test_staff_read_the_messages_sent_to_a_liaison(staff_client, resident):
    term = LiaisonFactory(display_name="Ana K.")
    other = LiaisonFactory(display_name="Bo F.")
    message = services.contact(term, resident, sender_name="Rosa", body="Rude words here")
    services.contact(other, UserFactory(), sender_name="Sol", body="Hello Bo")

    page = html(staff_client.get(f"{LIAISONS}edit/{term.pk}/"))
    assert f"{MESSAGES}?liaison={term.pk}" in page

    listed = html(staff_client.get(MESSAGES, {"liaison": term.pk}))
    assert "Rosa" in listed and "resident@example.org" in listed and "Sol" not in listed
    assert f"{MESSAGES}inspect/{message.pk}/" in listed
    shown = html(staff_client.get(f"{MESSAGES}inspect/{message.pk}/"))
    assert "Rude words here" in shown and "Ana K." in shown
    edit = staff_client.get(f"{MESSAGES}edit/{message.pk}/")
    assert edit.status_code == 302 and edit.url == f"{MESSAGES}inspect/{message.pk}/"
    assert refused(staff_client.post(f"{MESSAGES}delete/{message.pk}/"))
    assert term.messages.count() == 1


def test_liaisons_and_residents_cannot_read_messages_in_the_admin(client, resident):
    term = LiaisonFactory()
    message = services.contact(term, resident, sender_name="Rosa", body="Private")
    for person in (term.user, resident, UserFactory(roles=[MODERATOR])):
        client.force_login(person)
        assert refused(client.get(MESSAGES))
        assert refused(client.get(f"{MESSAGES}inspect/{message.pk}/"))


# == CSV ==


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_staff_download_the_liaisons_as_csv_with_the_list_filters(staff_client, staff, hoods):
    LiaisonFactory(display_name="=HYPERLINK(1)", neighborhoods=[hoods[0]])
    past = LiaisonFactory(display_name="Past P.", neighborhoods=[hoods[1]])
    services.remove(past, staff, "Moved away")

    rows = csv_rows(staff_client.get(LIAISONS, {"export": "csv", "active": "false"}))

    assert rows[0][:4] == ["Public name", "E-mail address", "Neighborhoods", "Started"]
    assert [row[0] for row in rows[1:]] == ["Past P."]
    assert rows[1][2] == "Fishtown" and rows[1][5] == "Removed by staff"
    everyone = csv_rows(staff_client.get(LIAISONS, {"export": "csv"}))
    assert "'=HYPERLINK(1)" in [row[0] for row in everyone]  # a formula is neutralised


def test_staff_download_the_applications_as_csv(staff_client, staff, hoods):
    apply(hoods, "one@example.org", "One O.")
    services.decline(apply([hoods[0]], "two@example.org", "Two T."), staff, "Not now")

    rows = csv_rows(staff_client.get(APPLICATIONS, {"export": "csv", "status": "declined"}))

    assert rows[0][0] == "Public name" and "Reason for declining" in rows[0]
    assert len(rows) == 2 and rows[1][0] == "Two T." and rows[1][1] == "two@example.org"
    assert rows[1][-1] == "Not now"
