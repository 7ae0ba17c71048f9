"""The contact center's data model: a person never merged into themself, one field update
per key the phone drew, answers that come up for review."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from engage.reports.models import FieldUpdate
from tests.reports.contact_center_factories import PersonFactory, make_answer
from tests.reports.factories import CategoryFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_a_person_cannot_be_merged_into_themself():
    person = PersonFactory()
    person.merged_into = person
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


def test_a_field_update_is_stored_once_per_key():
    report = ReportFactory(category=CategoryFactory())
    fields = {"report": report, "status": "resolved", "made_at": report.submitted_at}
    FieldUpdate.objects.create(client_key="k-1", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        FieldUpdate.objects.create(client_key="k-1", **fields)


def test_an_answer_needs_review_after_its_period():
    answer = make_answer(
        "When is my trash collected?",
        last_reviewed=datetime.date(2026, 1, 1),
        review_every_days=180,
    )
    assert answer.review_due == datetime.date(2026, 6, 30)
    assert not answer.needs_review(today=datetime.date(2026, 6, 30))
    assert answer.needs_review(today=datetime.date(2026, 7, 1))
