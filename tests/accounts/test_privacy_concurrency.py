"""Racing the privacy operations on PostgreSQL's row locks: a double click asks for one
copy of the data, and an account deleted twice at once is deleted once."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from engage.accounts.models import DataDownload
from engage.core import privacy
from tests.concurrency import run_together
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_requests_at_once_prepare_one_copy():
    person = UserFactory()

    def ask():
        client = Client()
        client.force_login(person)
        return client.post(reverse("request_data_download")).status_code

    outcomes = run_together([ask, ask, ask])

    assert outcomes == [302, 302, 302]
    assert DataDownload.objects.filter(user=person).count() == 1


def test_an_account_deleted_twice_at_once_is_deleted_once():
    person = UserFactory()

    outcomes = run_together([lambda: privacy.erase(person), lambda: privacy.erase(person)])

    refused = [o for o in outcomes if isinstance(o, privacy.ErasureRefused)]
    done = [o for o in outcomes if not isinstance(o, Exception)]
    assert (len(done), len(refused)) == (1, 1), outcomes
