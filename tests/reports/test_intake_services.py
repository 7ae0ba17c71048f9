"""The intake's services: finding a caller by name, phone or e-mail (current records only,
by indexed keys), recording a new one, logging a contact, and filing a request for them."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engage.accounts.roles import STAFF
from engage.reports.contact_center import name_keys, phone_key
from engage.reports.contact_center import services as intake
from engage.reports.models import Contact, Person, ReportEvent, ReportFollow, ServiceReport
from tests.factories import UserFactory, make_person
from tests.reports.contact_center_factories import ContactFactory, PersonFactory, make_answer
from tests.reports.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(db):
    return make_person(STAFF)


# Keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("+1 (215) 555-0142", "2155550142"),
        ("215.555.0142", "2155550142"),
        ("555 0142", "5550142"),
        ("", ""),
    ],
)
def test_a_phone_key_is_the_last_ten_digits(typed, key):
    assert phone_key(typed) == key


def test_name_keys_are_plain_lower_case_and_family_name_first():
    assert name_keys("José  O'Neil-Ruiz") == ("jose oneil ruiz", "ruiz jose oneil")
    assert name_keys("") == ("", "")


def test_a_person_keeps_their_keys_and_a_lower_case_e_mail():
    person = PersonFactory(name="Dana Ruiz", phone="(215) 555-0142", email=" Dana@Example.NET ")
    person.refresh_from_db()
    assert (person.name_key, person.surname_key) == ("dana ruiz", "ruiz dana")
    assert person.phone_key == "2155550142"
    assert person.email == "dana@example.net"
    person.other_phone = "215 555 0199"
    person.save(update_fields=["other_phone"])
    person.refresh_from_db()
    assert person.other_phone_key == "2155550199"


# Finding people -------------------------------------------------------------------------


@pytest.fixture
def callers(db):
    return {
        "dana": PersonFactory(name="Dana Ruiz", phone="215-555-0142", email="dana@example.net"),
        "maria": PersonFactory(name="María del Carmen López", phone="", email=""),
        "danny": PersonFactory(name="Danny Ruizolo", other_phone="215 555 0101"),
        "other": PersonFactory(name="Marcus Webb", phone="215-555-0117"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dana", {"dana"}),
        ("Dan", {"dana", "danny"}),
        ("ruiz", {"dana", "danny"}),
        ("Ruiz, Dana", {"dana"}),
        ("dana ruiz", {"dana"}),
        ("maria lopez", {"maria"}),
        ("Lopez", {"maria"}),
        ("maría del", {"maria"}),
        ("+1 215 555 0142", {"dana"}),
        ("(215) 555-0101", {"danny"}),
        ("DANA@example.net", {"dana"}),
        ("dana@example.n", {"dana"}),
        ("webb marcus", {"other"}),
        ("nobody", set()),
    ],
)
def test_find_people_by_name_words_phone_or_e_mail(callers, query, expected):
    found = intake.find_people(query)
    assert {key for key, person in callers.items() if person in found} == expected


def test_a_merged_record_is_never_found_only_the_one_kept(callers):
    duplicate = PersonFactory(name="Dana Ruiz", phone="215-555-0142")
    duplicate.merged_into = callers["dana"]
    duplicate.save()
    assert intake.find_people("215 555 0142") == [callers["dana"]]


def test_found_people_carry_their_last_contact(callers):
    ContactFactory(person=callers["dana"])
    latest = ContactFactory(person=callers["dana"])
    found = intake.find_people("dana ruiz")
    assert found[0].last_contact_at == latest.created_at


def test_finding_by_phone_compares_keys_not_a_scan_of_the_numbers(callers):
    with CaptureQueriesContext(connection) as queries:
        intake.find_people("215-555-0142")
    sql = queries.captured_queries[0]["sql"]
    assert "2155550142" in sql
    assert "LIKE" not in sql.upper().split("WHERE", 1)[1].split("ORDER BY")[0]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("555-01", "short_phone"),
        ("dana@example", "bad_email"),
        ("@example.org", "bad_email"),
        ("a", "short_name"),
        ("!!", "short_name"),
    ],
)
def test_caller_details_that_cannot_find_anyone_are_refused_with_a_reason(query, code):
    with pytest.raises(ValidationError) as refused:
        intake.parse_caller_query(query)
    assert refused.value.code == code
    assert intake.find_people(query) == []


def test_possible_duplicates_are_the_same_phone_e_mail_or_exact_name(callers):
    assert intake.possible_duplicates(phone="2155550142") == [callers["dana"]]
    assert intake.possible_duplicates(email="DANA@example.net") == [callers["dana"]]
    assert intake.possible_duplicates(name="Marcus  Webb") == [callers["other"]]
    assert intake.possible_duplicates(name="Someone New", phone="215 555 0000") == []


# Recording a person ---------------------------------------------------------------------


def test_a_new_person_needs_a_way_to_be_found_again():
    with pytest.raises(intake.CallRefused):
        intake.create_person(name="  ", phone="--", email="")
    assert not Person.objects.exists()
    person = intake.create_person(phone="215 555 0150")
    assert person.phone_key == "2155550150"


# Logging a contact ----------------------------------------------------------------------


def test_log_a_contact_answered_from_the_knowledge_base(agent):
    person = PersonFactory()
    answer = make_answer("When is my trash collected?")
    contact = intake.log_contact(
        person=person,
        agent=agent,
        kind=Contact.Kind.INFORMATION,
        channel=Contact.Channel.PHONE,
        topic="  Trash day ",
        resolved_first_contact=True,
        answer=answer,
    )
    contact.refresh_from_db()
    assert contact.person == person
    assert contact.agent == agent
    assert contact.topic == "Trash day"
    assert contact.resolved_first_contact
    assert contact.answer == answer


def test_an_anonymous_caller_is_logged_without_a_person(agent):
    contact = intake.log_contact(
        person=None, agent=agent, kind=Contact.Kind.COMPLAINT, channel=Contact.Channel.WALK_IN
    )
    assert contact.person is None


def test_a_contact_on_a_record_merged_during_the_call_lands_on_the_record_kept(agent):
    kept = PersonFactory()
    merged = PersonFactory(merged_into=kept)
    contact = intake.log_contact(
        person=merged, agent=agent, kind=Contact.Kind.COMPLIMENT, channel=Contact.Channel.PHONE
    )
    assert contact.person == kept


def test_a_request_is_not_logged_as_a_contact_and_nothing_is_saved(agent):
    with pytest.raises(intake.CallRefused):
        intake.log_contact(
            person=None, agent=agent, kind=Contact.Kind.REQUEST, channel=Contact.Channel.PHONE
        )
    assert not Contact.objects.exists()


def test_an_unpublished_answer_is_refused(agent):
    answer = make_answer()
    answer.unpublish()
    answer.refresh_from_db()
    with pytest.raises(intake.CallRefused):
        intake.log_contact(
            person=None,
            agent=agent,
            kind=Contact.Kind.INFORMATION,
            channel=Contact.Channel.PHONE,
            answer=answer,
        )
    assert not Contact.objects.exists()


# Filing a request for the caller --------------------------------------------------------


def test_file_for_a_caller_attaches_their_details_and_logs_the_contact(
    agent, django_capture_on_commit_callbacks
):
    person = PersonFactory(
        name="Dana Ruiz", phone="215-555-0142", email="dana@example.net", language="es"
    )
    category = CategoryFactory(name="Pothole")
    with django_capture_on_commit_callbacks(execute=True):
        report = intake.file_for(
            person,
            agent=agent,
            category=category,
            channel=Contact.Channel.WALK_IN,
            description="A deep hole",
            address="Corner of Main St and 3rd Ave",
        )
    report.refresh_from_db()
    assert report.person == person
    assert report.channel == ServiceReport.Channel.WALK_IN
    assert (report.contact_name, report.contact_phone, report.contact_email) == (
        "Dana Ruiz",
        "215-555-0142",
        "dana@example.net",
    )
    assert report.filed_by == agent
    assert report.events.get().kind == ReportEvent.Kind.FILED
    contact = Contact.objects.get()
    assert (contact.kind, contact.channel, contact.report, contact.person) == (
        Contact.Kind.REQUEST,
        Contact.Channel.WALK_IN,
        report,
        person,
    )
    # The caller gets the receipt; the agent does not follow what they file for others.
    assert [message.to for message in mail.outbox] == [["dana@example.net"]]
    assert report.reference in mail.outbox[0].body
    assert not ReportFollow.objects.filter(report=report, user=agent).exists()


def test_a_caller_with_an_account_follows_the_request_filed_for_them(agent):
    account = UserFactory()
    person = PersonFactory(user=account)
    report = intake.file_for(person, agent=agent, category=CategoryFactory(), address="Here")
    assert list(ReportFollow.objects.filter(report=report).values_list("user", flat=True)) == [
        account.pk
    ]


def test_file_for_an_anonymous_caller_has_no_contact_details(agent):
    report = intake.file_for(None, agent=agent, category=CategoryFactory(), address="Park")
    assert (report.person, report.contact_name, report.contact_email) == (None, "", "")
    assert Contact.objects.get().person is None


def test_a_request_by_e_mail_is_not_filed_here_and_nothing_is_saved(agent):
    with pytest.raises(intake.CallRefused):
        intake.file_for(
            None,
            agent=agent,
            category=CategoryFactory(),
            channel=Contact.Channel.EMAIL,
            address="Park",
        )
    assert not ServiceReport.objects.exists()
    assert not Contact.objects.exists()


def test_a_failure_after_filing_leaves_nothing_half_saved(agent, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Contact.objects, "create", broken)
    with pytest.raises(RuntimeError):
        intake.file_for(PersonFactory(), agent=agent, category=CategoryFactory(), address="X")
    assert not ServiceReport.objects.exists()
    assert not ReportEvent.objects.exists()


def _crowd(count):
    crowd = [
        Person(name=f"Caller{n} Family{n}", phone=f"267-555-{n:04d}", email=f"c{n}@example.org")
        for n in range(count)
    ]
    for person in crowd:
        person.fill_keys()
    Person.objects.bulk_create(crowd)
    merged = Person.objects.filter(name__in=[f"Caller{n} Family{n}" for n in range(0, count, 30)])
    merged.update(merged_into=Person.objects.filter(name="Dana Ruiz").first())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "ANALYZE reports_person")


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("215 555 0142", "phone_key"),
        ("dana@example.net", "email"),
        ("ruiz", "surname_key"),
        ("dana ruiz", "name_key"),
    ],
)
def test_every_way_of_finding_a_caller_is_answered_from_its_index(callers, query, index):
    """Among thousands of people, some merged away, the planner answers each search from
    the index of what was typed: not by reading every record, nor every current one through
    the index of merged records (which SQLite's planner once preferred)."""
    _crowd(3000)
    plans = [
        matches.explain() for matches in intake.matching_querysets(intake.parse_caller_query(query))
    ]
    for plan in plans:
        assert "Seq Scan on reports_person" not in plan, plan
        assert "SCAN reports_person" not in plan, plan
        assert "merged_into" not in plan.split("Filter")[0], plan
    assert any(f"reports_person_{index}" in plan for plan in plans), plans


def test_a_name_shared_by_many_finds_the_first_by_name(callers):
    """A common name matches more people than the screen shows: it shows the first
    ``SEARCH_LIMIT`` by name, whether the name is their first or their family name."""
    people = [Person(name=f"Okafor Given{n:02d}") for n in range(30)]
    people += [Person(name=f"{first}{n:02d} Okafor") for n in range(20) for first in "AZ"]
    for person in people:
        person.fill_keys()
    Person.objects.bulk_create(people)
    found = intake.find_people("okafor")
    names = [person.name for person in found]
    everyone = sorted(person.name for person in people)
    assert names == everyone[: intake.SEARCH_LIMIT]
    assert names[-1] == "Okafor Given04"
