"""The intake screen as an agent uses it: find the caller, record a new one, answer from
the knowledge base, log the contact, file a request and read back its reference. Staff
only; bad input gets a translated reason and nothing is saved."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engage.accounts.roles import EDUCATOR, LIAISON, MODERATOR, STAFF
from engage.reports.contact_center.services import SEARCH_LIMIT
from engage.reports.models import Contact, Person, ServiceReport
from tests.factories import ANONYMOUS, RESIDENT, SUPERUSER, make_person
from tests.reports.contact_center_factories import ContactFactory, PersonFactory, make_answer
from tests.reports.factories import CategoryFactory, ReportFactory, add_attribute

pytestmark = pytest.mark.django_db

INTAKE = "/admin/contact-center/"


@pytest.fixture
def agent_client(client):
    agent = make_person(STAFF)
    client.force_login(agent)
    client.agent = agent
    return client


@pytest.fixture
def dana(db):
    return PersonFactory(name="Dana Ruiz", phone="215-555-0142", email="dana@example.net")


def call_url(person):
    return reverse("reports_intake_person", args=[person.pk])


# Who may -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        (ANONYMOUS, False),
        (RESIDENT, False),
        (LIAISON, False),
        (EDUCATOR, False),
        (MODERATOR, False),
        (STAFF, True),
        (SUPERUSER, True),
    ],
)
def test_only_staff_work_the_contact_center(client, dana, kind, allowed):
    user = make_person(kind)
    if user:
        client.force_login(user)
    for url in (
        INTAKE,
        reverse("reports_intake_new_person"),
        call_url(dana),
        reverse("reports_intake_anonymous"),
    ):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        elif kind == MODERATOR:
            # In the admin, but not an agent: Wagtail says so and sends them to its home.
            assert response.status_code in (302, 403), url
            assert not response.get("Location", "").startswith("/admin/login/")
        else:
            # Wagtail sends whoever may not use the admin to its login page.
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/")
    response = client.post(
        call_url(dana),
        {"action": "log", "log-kind": "information", "log-channel": "phone", "log-topic": "x"},
    )
    assert Contact.objects.exists() == allowed


def test_the_menu_shows_the_contact_center_to_staff_only(client):
    client.force_login(make_person(STAFF))
    assert reverse("reports_intake") in client.get("/admin/").content.decode()
    client.force_login(make_person(MODERATOR))
    assert reverse("reports_intake") not in client.get("/admin/").content.decode()


# Finding the caller ---------------------------------------------------------------------


def test_the_search_box_has_the_focus_and_finds_the_caller_with_their_last_contact(
    agent_client, dana
):
    ContactFactory(person=dana)
    page = agent_client.get(INTAKE).content.decode()
    assert 'name="q"' in page and "autofocus" in page
    response = agent_client.get(INTAKE, {"q": "+1 215 555 0142"})
    html = response.content.decode()
    assert "1 person found" in html
    assert call_url(dana) in html
    assert "dana@example.net" in html
    assert response.context["people"][0].last_contact_at is not None


def test_malformed_caller_details_get_a_reason_and_no_results(agent_client, dana):
    response = agent_client.get(INTAKE, {"q": "555-01"})
    html = response.content.decode()
    assert response.context["people"] is None
    assert "A phone number has at least 7 digits" in html
    assert 'href="#id_q"' in html  # the error summary leads to the field
    assert 'value="555-01"' in html  # what was typed stays


def test_nobody_found_offers_a_new_person_with_the_number_already_filled(agent_client):
    html = agent_client.get(INTAKE, {"q": "215 555 0999"}).content.decode()
    assert "0 people found" in html
    assert reverse("reports_intake_new_person") + "?phone=215+555+0999" in html
    page = agent_client.get(reverse("reports_intake_new_person"), {"phone": "215 555 0999"})
    assert page.context["form"].initial["phone"] == "215 555 0999"


def test_the_search_takes_the_same_number_of_queries_for_one_or_many_people(agent_client):
    def queries_for(count):
        for number in range(count):
            person = PersonFactory(name=f"Lee Caller{number}")
            ContactFactory(person=person)
        with CaptureQueriesContext(connection) as queries:
            agent_client.get(INTAKE, {"q": "lee"})
        return len(queries)

    assert queries_for(1) == queries_for(15)


def test_a_name_many_share_says_more_match_than_the_list_shows(agent_client):
    for number in range(SEARCH_LIMIT + 1):
        PersonFactory(name=f"Lee Caller{number:02d}")
    response = agent_client.get(INTAKE, {"q": "lee"})
    assert len(response.context["people"]) == SEARCH_LIMIT
    assert "More people match: these are the first 25, by name." in response.content.decode()
    Person.objects.filter(name="Lee Caller25").delete()
    response = agent_client.get(INTAKE, {"q": "lee"})
    assert len(response.context["people"]) == SEARCH_LIMIT
    assert "More people match" not in response.content.decode()


# A new person ---------------------------------------------------------------------------


def test_a_new_person_is_recorded_and_the_call_goes_on(agent_client):
    response = agent_client.post(
        reverse("reports_intake_new_person"),
        {"name": "Ana Bell", "phone": "215 555 0123", "email": "", "language": "es"},
    )
    person = Person.objects.get()
    assert (person.name, person.phone_key, person.language) == ("Ana Bell", "2155550123", "es")
    assert response.status_code == 302
    assert response["Location"] == call_url(person)


def test_possible_duplicates_are_shown_before_a_new_person_is_recorded(agent_client, dana):
    data = {"name": "D. Ruiz", "phone": "(215) 555-0142", "email": "", "address": ""}
    response = agent_client.post(reverse("reports_intake_new_person"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This may be someone already recorded" in html
    assert call_url(dana) in html
    assert 'value="D. Ruiz"' in html
    assert Person.objects.count() == 1

    response = agent_client.post(
        reverse("reports_intake_new_person"), {**data, "confirm_new": "on"}
    )
    assert response.status_code == 302
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "phone": "", "email": ""}, "Give at least a name"),
        ({"name": "Ana", "phone": "555-01", "email": ""}, "at least 7 digits"),
        ({"name": "Ana", "phone": "call me", "email": ""}, "digits only"),
        ({"name": "Ana", "phone": "", "email": "ana@"}, "whole e-mail address"),
    ],
)
def test_bad_details_of_a_new_person_are_explained_and_nothing_is_saved(
    agent_client, data, message
):
    response = agent_client.post(reverse("reports_intake_new_person"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists()


# The call page --------------------------------------------------------------------------


def test_the_call_page_shows_the_callers_recent_history(agent_client, dana):
    ContactFactory(person=dana, topic="Bulk item pickup")
    report = ReportFactory(person=dana)
    other = ReportFactory()
    html = agent_client.get(call_url(dana)).content.decode()
    assert "Bulk item pickup" in html
    assert report.reference in html
    assert other.reference not in html
    assert "215-555-0142" in html


def test_the_call_page_takes_flat_queries_however_long_the_history(agent_client, dana):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            agent_client.get(call_url(dana))
        return len(captured)

    ContactFactory(person=dana)
    ReportFactory(person=dana)
    before = queries()
    for _ in range(6):
        ContactFactory(person=dana)
        ReportFactory(person=dana)
    assert queries() == before


def test_a_merged_record_leads_to_the_record_kept(agent_client, dana):
    merged = PersonFactory(merged_into=dana)
    response = agent_client.get(call_url(merged))
    assert response.status_code == 302
    assert response["Location"] == call_url(dana)


def test_an_unknown_caller_record_is_not_found(agent_client):
    response = agent_client.get("/admin/contact-center/people/999999/call/", follow=True)
    assert response.status_code == 404


def test_answers_are_searched_and_one_fills_the_contact(agent_client, dana):
    answer = make_answer(
        "When is my trash collected?", summary="Once a week, on your street's day."
    )
    response = agent_client.get(call_url(dana), {"aq": "trash"})
    html = response.content.decode()
    assert "Once a week, on your street" in html
    use = f"?answer={answer.pk}&amp;aq=trash"
    assert use in html

    response = agent_client.get(call_url(dana), {"answer": answer.pk, "aq": "trash"})
    form = response.context["contact_form"]
    assert form.initial["answer"] == answer.pk
    assert form.initial["topic"] == "When is my trash collected?"
    assert form.initial["resolved_first_contact"] is True
    assert "autofocus" in str(form["topic"])


def test_log_the_contact_resolved_on_first_contact(agent_client, dana):
    answer = make_answer("How do I get a bulk item picked up?")
    response = agent_client.post(
        call_url(dana),
        {
            "action": "log",
            "log-kind": "information",
            "log-channel": "phone",
            "log-topic": "",
            "log-answer": answer.pk,
            "log-resolved_first_contact": "on",
            "log-notes": "Pickup on Tuesday",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == INTAKE
    contact = Contact.objects.get()
    assert contact.person == dana
    assert contact.agent == agent_client.agent
    assert contact.answer == answer
    assert contact.topic == "How do I get a bulk item picked up?"
    assert contact.resolved_first_contact
    assert contact.notes == "Pickup on Tuesday"


def test_a_contact_without_a_topic_is_refused_and_what_was_typed_stays(agent_client, dana):
    response = agent_client.post(
        call_url(dana),
        {
            "action": "log",
            "log-kind": "complaint",
            "log-channel": "walk_in",
            "log-topic": "",
            "log-notes": "Angry about the noise",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Say what the contact was about" in html
    assert "Angry about the noise" in html
    assert 'href="#id_log-topic"' in html
    assert not Contact.objects.exists()


def test_a_contact_with_an_unknown_kind_or_channel_is_refused(agent_client, dana):
    response = agent_client.post(
        call_url(dana),
        {"action": "log", "log-kind": "request", "log-channel": "fax", "log-topic": "x"},
    )
    assert response.status_code == 200
    assert response.context["contact_form"].errors.keys() == {"kind", "channel"}
    assert not Contact.objects.exists()


def test_an_anonymous_call_is_logged_without_a_person(agent_client):
    agent_client.post(
        reverse("reports_intake_anonymous"),
        {"action": "log", "log-kind": "compliment", "log-channel": "phone", "log-topic": "Crew"},
    )
    assert Contact.objects.get().person is None


# Filing a request -----------------------------------------------------------------------


def test_file_a_request_and_read_back_the_reference(agent_client, dana):
    category = CategoryFactory(name="Pothole", code="pothole")
    response = agent_client.post(
        call_url(dana),
        {
            "action": "file",
            "category": "pothole",
            "description": "Deep hole by the school",
            "address": "Behind the library",
            "lat": "40.005",
            "lng": "-74.995",
            "channel": "phone",
        },
    )
    report = ServiceReport.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports_intake_filed", args=[report.reference]))
    assert (report.category, report.person, report.channel) == (category, dana, "phone")
    assert (report.lat, report.lng) == (40.005, -74.995)
    assert Contact.objects.get().report == report

    page = agent_client.get(response["Location"])
    html = page.content.decode()
    assert f'data-reference="{report.reference}"' in html
    assert report.reference[:4] in html and report.reference[4:] in html
    assert "A receipt is on its way to dana@example.net" in html
    assert call_url(dana) in html  # back to this caller


def test_a_request_without_category_or_place_is_refused_and_what_was_typed_stays(
    agent_client, dana
):
    CategoryFactory(code="pothole")
    response = agent_client.post(
        call_url(dana),
        {
            "action": "file",
            "category": "",
            "description": "Deep hole by the school",
            "address": "",
            "channel": "phone",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose the kind of problem." in html
    assert "Ask the caller where the problem is." in html
    assert "Deep hole by the school" in html
    assert not ServiceReport.objects.exists()
    assert not Contact.objects.exists()


def test_an_inactive_category_cannot_be_filed_here(agent_client, dana):
    CategoryFactory(code="old", active=False)
    response = agent_client.post(
        call_url(dana),
        {"action": "file", "category": "old", "address": "Here", "channel": "phone"},
    )
    assert "can no longer be reported" in response.content.decode()
    assert not ServiceReport.objects.exists()


def test_the_read_back_page_is_only_for_requests_taken_by_an_agent(agent_client):
    report = ReportFactory(channel=ServiceReport.Channel.WEB)
    url = reverse("reports_intake_filed", args=[report.reference])
    assert agent_client.get(url, follow=True).status_code == 404


def test_the_read_back_page_links_back_only_inside_the_contact_center(agent_client):
    report = ReportFactory(channel=ServiceReport.Channel.PHONE)
    url = reverse("reports_intake_filed", args=[report.reference])
    html = agent_client.get(url, {"from": "https://evil.example/"}).content.decode()
    assert "evil.example" not in html


def test_the_categorys_required_question_is_asked_before_the_request_is_filed(agent_client, dana):
    category = CategoryFactory(code="graffiti")
    add_attribute(category, "surface", required=True, description="What is it painted on?")
    data = {"action": "file", "category": "graffiti", "address": "Park", "channel": "phone"}
    response = agent_client.post(call_url(dana), data)
    html = response.content.decode()
    assert "What is it painted on?" in html
    assert not ServiceReport.objects.exists()

    agent_client.post(call_url(dana), {**data, "attr_surface": "A wall"})
    assert ServiceReport.objects.get().attributes == {"surface": "A wall"}
