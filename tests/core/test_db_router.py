"""The read-replica router: which database each read and write goes to.

The test settings declare a second alias, ``replica``, mirroring the test database, so the
queries each connection runs can be counted; the router and its middleware are installed
here as DATABASE_REPLICA_URL would install them.
"""

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from engage.accounts.models import User
from engage.core.db_router import PIN_COOKIE, PrimaryAfterWriteMiddleware, ReplicaRouter
from tests.factories import UserFactory

ROUTER = "engage.core.db_router.ReplicaRouter"
BOTH = ["default", "replica"]


@pytest.fixture
def routed(settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.DATABASE_REPLICA_PIN_SECONDS = 10


def serve(view, *, cookies=None):
    """Run ``view`` as a request through the middleware; returns the response."""
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies or {})
    return PrimaryAfterWriteMiddleware(view)(request)


def test_outside_a_request_everything_uses_the_primary():
    router = ReplicaRouter()

    assert router.db_for_read(User) == "default"
    assert router.db_for_write(User) == "default"


def test_a_request_that_has_not_written_reads_from_the_replica():
    seen = {}

    def view(request):
        seen["read"] = ReplicaRouter().db_for_read(User)
        return HttpResponse()

    response = serve(view)

    assert seen["read"] == "replica"
    assert PIN_COOKIE not in response.cookies


def test_after_a_write_the_request_reads_the_primary_and_the_browser_is_pinned(settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 7
    seen = {}

    def view(request):
        router = ReplicaRouter()
        seen["before"] = router.db_for_read(User)
        router.db_for_write(User)
        seen["after"] = router.db_for_read(User)
        return HttpResponse()

    response = serve(view)

    assert (seen["before"], seen["after"]) == ("replica", "default")
    assert response.cookies[PIN_COOKIE].value == "1"
    assert response.cookies[PIN_COOKIE]["max-age"] == 7
    assert response.cookies[PIN_COOKIE]["httponly"]
    # Once the request is over, the thread reads from the primary again (a worker's default).
    assert ReplicaRouter().db_for_read(User) == "default"


def test_a_browser_that_wrote_recently_reads_the_primary():
    seen = {}

    def view(request):
        seen["read"] = ReplicaRouter().db_for_read(User)
        return HttpResponse()

    serve(view, cookies={PIN_COOKIE: "1"})

    assert seen["read"] == "default"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reads_inside_a_transaction_stay_on_the_primary():
    seen = {}

    def view(request):
        with transaction.atomic():
            seen["read"] = ReplicaRouter().db_for_read(User)
        return HttpResponse()

    serve(view)

    assert seen["read"] == "default"


def test_the_replica_is_never_migrated():
    router = ReplicaRouter()

    assert router.allow_migrate("replica", "ideas") is False
    assert router.allow_migrate("default", "ideas") is True


@pytest.mark.django_db(databases=BOTH, transaction=True, serialized_rollback=True)
def test_queries_really_go_to_each_connection(routed):
    """Through the real ORM: a page view's reads run on the replica connection, a write and
    the reads after it on the primary's."""
    # The factory itself, not the ``user_factory`` fixture: that one asks for the ``db``
    # fixture, which would open the default database alone.
    rosa = UserFactory(email="rosa@example.org")

    def view(request):
        assert User.objects.get(pk=rosa.pk).email == "rosa@example.org"
        User.objects.filter(pk=rosa.pk).update(display_name="Rosa M.")
        assert User.objects.get(pk=rosa.pk).display_name == "Rosa M."
        return HttpResponse()

    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(connections["replica"]) as on_replica,
    ):
        response = serve(view)

    replica_sql = [query["sql"] for query in on_replica.captured_queries]
    primary_sql = [query["sql"] for query in on_primary.captured_queries]
    assert len(replica_sql) == 1 and replica_sql[0].startswith("SELECT")
    assert [sql.split()[0] for sql in primary_sql] == ["UPDATE", "SELECT"]
    assert response.cookies[PIN_COOKIE].value == "1"


@pytest.mark.django_db(databases=BOTH, transaction=True, serialized_rollback=True)
def test_related_objects_from_either_alias_may_be_joined(routed):
    # The factory itself, not the ``user_factory`` fixture: that one asks for the ``db``
    # fixture, which would open the default database alone.
    rosa = UserFactory(email="rosa@example.org")
    from_replica = User.objects.using("replica").get(pk=rosa.pk)
    from_primary = User.objects.using("default").get(pk=rosa.pk)

    assert ReplicaRouter().allow_relation(from_replica, from_primary) is True
