"""Staff merging the same records at the same moment, on a real PostgreSQL server.

``merge_people`` locks both records in primary-key order, so whatever the timing each
record is merged once, never into a record being merged away, and no contact, request or
note is left on a record merged away or counted twice.
"""

import os

import pytest
from django.db import connection

from engage.reports.contact_center import merge, people
from engage.reports.models import Contact, Person, PersonNote
from tests.concurrency import run_together
from tests.reports.contact_center_factories import ContactFactory, PersonFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="DATABASE_URL does not point at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_records_merged_into_each_other_at_once_become_one():
    assert connection.vendor == "postgresql"
    a, b = PersonFactory(name="By phone"), PersonFactory(name="By e-mail")
    contacts = {ContactFactory(person=a).pk, ContactFactory(person=b).pk}

    outcomes = run_together(
        [lambda: merge.merge_people(a, b), lambda: merge.merge_people(b, a)] * 3
    )

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(e, merge.MergeRefused) for e in errors), errors
    assert len(errors) == 5
    current = list(Person.objects.current().filter(pk__in=[a.pk, b.pk]))
    assert len(current) == 1
    kept = current[0]
    assert set(Contact.objects.filter(person=kept).values_list("pk", flat=True)) == contacts
    assert PersonNote.objects.filter(person=kept).count() == 1


def test_one_duplicate_merged_into_two_records_at_once_goes_to_one():
    duplicate = PersonFactory(name="Duplicate")
    first, second = PersonFactory(name="First"), PersonFactory(name="Second")
    contact = ContactFactory(person=duplicate)

    outcomes = run_together(
        [
            lambda: merge.merge_people(duplicate, first),
            lambda: merge.merge_people(duplicate, second),
        ]
    )

    assert sum(isinstance(o, merge.MergeRefused) for o in outcomes) == 1
    duplicate.refresh_from_db()
    contact.refresh_from_db()
    assert duplicate.merged_into in (first, second)
    assert contact.person == duplicate.merged_into


def test_a_note_written_during_a_merge_lands_on_the_record_kept():
    gone, kept = PersonFactory(name="Gone"), PersonFactory(name="Kept")

    outcomes = run_together(
        [
            lambda: merge.merge_people(gone, kept),
            lambda: people.add_note(gone, "Written while merging", author=None),
        ]
    )

    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    note = PersonNote.objects.get(text="Written while merging")
    assert note.person_id == kept.pk
    assert not PersonNote.objects.filter(person=gone).exists()
