"""Merging two records of one person: everything moves to the record kept, nothing is lost,
and the merges that must not happen are refused with a clear message, changing nothing."""

import pytest
from django.urls import reverse

from engage.accounts.roles import STAFF
from engage.reports import services as report_services
from engage.reports.contact_center import merge, people
from engage.reports.models import Contact, Person, PersonNote, ServiceReport
from tests.factories import UserFactory
from tests.reports.contact_center_factories import ContactFactory, PersonFactory
from tests.reports.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(roles=[STAFF])


@pytest.fixture
def by_phone():
    return PersonFactory(name="Dana Ruiz", phone="215-555-0142", phone_key="2155550142")


@pytest.fixture
def by_email():
    return PersonFactory(
        name="",
        email="dana@example.org",
        phone="267-555-0100",
        phone_key="2675550100",
        address="12 Elm St",
        language="es",
    )


def snapshot(person):
    return {
        "contacts": set(Contact.objects.filter(person=person).values_list("pk", flat=True)),
        "reports": set(ServiceReport.objects.filter(person=person).values_list("pk", flat=True)),
        "notes": set(PersonNote.objects.filter(person=person).values_list("pk", flat=True)),
    }


def fill(person, staff):
    ContactFactory(person=person)
    ContactFactory(person=person)
    report_services.file_report(
        category=CategoryFactory(), channel="phone", filed_by=staff, person=person
    )
    people.add_note(person, f"About {person.pk}", author=staff)


def test_merging_moves_everything_and_fills_the_empty_details(by_phone, by_email, staff):
    fill(by_phone, staff)
    fill(by_email, staff)
    earlier = PersonFactory(name="Old record", merged_into=by_email)
    before = {key: snapshot(by_phone)[key] | snapshot(by_email)[key] for key in snapshot(by_phone)}

    kept = merge.merge_people(by_email, by_phone, actor=staff)

    by_email.refresh_from_db()
    earlier.refresh_from_db()
    after = snapshot(kept)
    assert after["contacts"] == before["contacts"]
    assert after["reports"] == before["reports"]
    assert before["notes"] < after["notes"]  # plus the note saying what was merged
    assert by_email.merged_into == kept and earlier.merged_into == kept
    assert snapshot(by_email) == {"contacts": set(), "reports": set(), "notes": set()}
    # The record kept keeps its own details and takes the duplicate's where it had none.
    assert (kept.name, kept.phone, kept.phone_key) == ("Dana Ruiz", "215-555-0142", "2155550142")
    assert (kept.other_phone, kept.other_phone_key) == ("267-555-0100", "2675550100")
    assert (kept.email, kept.address, kept.language) == ("dana@example.org", "12 Elm St", "es")
    assert list(Person.objects.current().filter(pk__in=[by_phone.pk, by_email.pk])) == [kept]


def test_a_note_keeps_what_had_no_empty_place_to_go(staff):
    kept = PersonFactory(
        name="Dana",
        email="dana@work.example",
        phone="1",
        phone_key="1",
        other_phone="2",
        other_phone_key="2",
    )
    duplicate = PersonFactory(name="Dana R.", email="dana@home.example", phone="3", phone_key="3")

    merge.merge_people(duplicate, kept, actor=staff)

    kept.refresh_from_db()
    assert kept.email == "dana@work.example"
    note = kept.notes.get()
    assert note.author == staff
    assert f"Record #{duplicate.pk} was merged into this one" in note.text
    for detail in ("Dana R.", "dana@home.example", "3"):
        assert detail in note.text


def test_the_same_number_is_not_taken_twice(by_phone):
    twin = PersonFactory(phone="(215) 555 0142", phone_key="2155550142")
    merge.merge_people(twin, by_phone)
    by_phone.refresh_from_db()
    assert by_phone.other_phone == ""


def test_the_record_kept_takes_the_account_when_it_had_none(by_phone):
    user = UserFactory()
    with_account = PersonFactory(user=user)
    merge.merge_people(with_account, by_phone)
    by_phone.refresh_from_db()
    assert by_phone.user == user


def refused(duplicate, into):
    with pytest.raises(merge.MergeRefused) as refusal:
        merge.merge_people(duplicate, into)
    return str(refusal.value)


def test_a_record_cannot_be_merged_into_itself(by_phone):
    assert refused(by_phone, by_phone) == "A record cannot be merged into itself."


def test_a_record_already_merged_cannot_be_merged_again(by_phone, by_email):
    other = PersonFactory()
    merge.merge_people(by_email, other)
    assert "has already been merged" in refused(by_email, by_phone)


def test_nothing_is_merged_into_a_record_merged_away(by_phone, by_email):
    other = PersonFactory(name="Other")
    merge.merge_people(by_phone, other)
    assert "merge into the record it was merged into" in refused(by_email, by_phone)


def test_two_records_of_two_accounts_are_two_people(by_phone, by_email):
    Person.objects.filter(pk=by_phone.pk).update(user=UserFactory())
    Person.objects.filter(pk=by_email.pk).update(user=UserFactory())
    ContactFactory(person=by_email)
    by_phone.refresh_from_db()
    by_email.refresh_from_db()

    assert "two different accounts" in refused(by_email, by_phone)

    by_email.refresh_from_db()
    assert by_email.merged_into is None
    assert Contact.objects.get().person == by_email
    assert not PersonNote.objects.exists()


# --- the merge screen


def test_the_screen_offers_likely_duplicates_and_searches(client, staff, by_phone, by_email):
    same_number = PersonFactory(name="D. Ruiz", phone_key="2155550142", phone="215 555 0142")
    unrelated = PersonFactory(name="Sam Lee")
    client.force_login(staff)
    url = reverse("reports_person_merge", args=[by_phone.pk])

    offered = client.get(url).content.decode()
    assert "D. Ruiz" in offered and "Sam Lee" not in offered

    found = client.get(url, {"q": "sam"}).content.decode()
    assert "Sam Lee" in found and f"?duplicate={unrelated.pk}" in found
    assert f"?duplicate={same_number.pk}" not in found


def test_the_screen_previews_what_moves_then_merges(client, staff, by_phone, by_email):
    ContactFactory(person=by_email)
    client.force_login(staff)
    url = reverse("reports_person_merge", args=[by_phone.pk])

    preview = client.get(url, {"duplicate": by_email.pk}).content.decode()
    assert "1 contact moves to this record." in preview
    assert "dana@example.org" in preview
    assert not Person.objects.filter(merged_into__isnull=False).exists()

    response = client.post(url, {"duplicate": by_email.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("reports_person", args=[by_phone.pk])
    by_email.refresh_from_db()
    assert by_email.merged_into == by_phone


def test_the_screen_refuses_a_merge_into_itself(client, staff, by_phone):
    client.force_login(staff)
    url = reverse("reports_person_merge", args=[by_phone.pk])

    preview = client.get(url, {"duplicate": by_phone.pk}).content.decode()
    assert "A record cannot be merged into itself." in preview
    assert "Yes, merge the records" not in preview

    response = client.post(url, {"duplicate": by_phone.pk}, follow=True)
    assert "A record cannot be merged into itself." in response.content.decode()
    by_phone.refresh_from_db()
    assert by_phone.merged_into is None


def test_the_screen_says_when_the_chosen_record_is_gone(client, staff, by_phone):
    client.force_login(staff)
    url = reverse("reports_person_merge", args=[by_phone.pk])
    response = client.post(url, {"duplicate": 999999}, follow=True)
    assert "That record no longer exists." in response.content.decode()
