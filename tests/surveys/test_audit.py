"""Staff work on survey responses (paper entry, deletion, the CSV) reaches the audit trail."""

import pytest
from wagtail.models import ModelLogEntry, PageLogEntry

from engage.accounts.roles import STAFF
from surveys import services
from surveys.models import Channel, Response
from tests.factories import UserFactory
from tests.surveys.factories import post_data, raw
from tests.surveys.test_exports import ANSWERS, download

SURVEYS = "/admin/surveys/"
RESPONSES = "/admin/surveys/responses/"


@pytest.fixture
def staff(db):
    return UserFactory(roles=[STAFF], first_name="Sam", last_name="Clerk")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.django_db
def test_a_paper_response_is_recorded_on_the_survey(staff_client, staff, survey):
    response = staff_client.post(
        f"{SURVEYS}{survey.pk}/paper/", post_data(survey, ANSWERS, paper_date="2026-03-04")
    )

    assert response.status_code == 302
    stored = Response.objects.get()
    logged = PageLogEntry.objects.get(action="surveys.paper_entry")
    assert logged.page_id == survey.pk
    assert logged.user == staff
    assert logged.data == {"channel": Channel.PAPER, "response": stored.pk}


@pytest.mark.django_db
def test_a_response_from_the_web_is_not_a_staff_action(survey):
    services.submit_response(survey, raw(survey, ANSWERS), user=UserFactory())
    assert not PageLogEntry.objects.filter(action__startswith="surveys.").exists()


@pytest.mark.django_db
def test_deleting_a_response_in_the_admin_is_recorded(staff_client, staff, survey):
    doomed = services.submit_response(survey, raw(survey, ANSWERS))

    response = staff_client.post(f"{RESPONSES}delete/{doomed.pk}/")

    assert response.status_code == 302
    assert not Response.objects.exists()
    logged = PageLogEntry.objects.get(action="surveys.response_delete")
    assert logged.user == staff
    assert logged.page_id == survey.pk
    assert logged.data["response"] == doomed.pk


@pytest.mark.django_db
def test_an_anonymous_surveys_entries_never_name_a_response(staff, survey):
    survey.anonymous = True
    survey.save_revision().publish()
    survey.refresh_from_db()
    response = services.submit_response(
        survey, raw(survey, ANSWERS), channel=Channel.PAPER, entered_by=staff
    )

    services.delete_response(response, user=staff)

    entries = PageLogEntry.objects.filter(action__startswith="surveys.")
    assert entries.count() == 2
    assert all("response" not in entry.data for entry in entries)


@pytest.mark.django_db
def test_downloading_the_responses_is_recorded(staff_client, staff, survey):
    download(staff_client, survey)

    logged = ModelLogEntry.objects.get(action="engage.export")
    assert logged.user == staff
    assert logged.data["format"] == "CSV"
    assert logged.data["filename"].endswith(".csv")


@pytest.mark.django_db
def test_downloading_the_results_pdf_is_recorded_with_its_filters(staff_client, staff, survey):
    services.submit_response(survey, raw(survey, ANSWERS))

    response = staff_client.get(survey.url + "results/pdf/", {"since": "2026-01-01"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    logged = ModelLogEntry.objects.get(action="engage.export")
    assert logged.user == staff
    assert logged.object_id == str(staff.pk)
    assert logged.data["format"] == "PDF"
    assert logged.data["filters"] == {"since": "2026-01-01"}
    assert logged.data["filename"] in response["Content-Disposition"]
    assert logged.message == f"Exported {logged.data['export']} (PDF)"


@pytest.mark.django_db
def test_a_results_pdf_refused_is_not_recorded(client, survey):
    client.force_login(UserFactory())
    response = client.get(survey.url + "results/pdf/")
    assert response.status_code in (302, 403, 404)
    assert not ModelLogEntry.objects.filter(action="engage.export").exists()
