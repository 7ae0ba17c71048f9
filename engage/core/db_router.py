"""Reads from a PostgreSQL read replica, writes to the primary (``DATABASE_REPLICA_URL``).

A replica lags the primary by a little, so a read may only go there when being a moment
behind cannot be noticed or do harm:

- Outside a web request everything uses the primary: a background task enqueued on commit
  must find the rows it was enqueued for, and a management command must see what it wrote.
  ``PrimaryAfterWriteMiddleware`` is what lets a request read from the replica at all.
- Inside a transaction on the primary, reads stay there: a rule checked again inside
  ``services`` must read what the transaction is about to change.
- Once a request has written, its later reads go to the primary, and so do the requests the
  same browser makes in the next ``DATABASE_REPLICA_PIN_SECONDS`` (a cookie): someone who
  has just voted and is redirected to the idea, served perhaps by another web server, sees
  their vote.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_DB_ALIAS = "replica"
PIN_COOKIE = "engage_primary"

# True: read from the primary. The default is what every process that is not serving a
# request needs (workers, commands, the shell).
_reads_from_primary = ContextVar("engage_reads_from_primary", default=True)
_request_wrote = ContextVar("engage_request_wrote", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reads_from_primary.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA_DB_ALIAS

    def db_for_write(self, model, **hints):
        _reads_from_primary.set(True)
        _request_wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        aliases = {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies the primary's schema; it is never migrated on its own.
        return db != REPLICA_DB_ALIAS


class PrimaryAfterWriteMiddleware:
    """Lets a request read from the replica unless its browser wrote in the last few
    seconds, and marks the browser when this request writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        recently_wrote = request.COOKIES.get(PIN_COOKIE) == "1"
        primary_token = _reads_from_primary.set(recently_wrote)
        wrote_token = _request_wrote.set(False)
        try:
            response = self.get_response(request)
            wrote = _request_wrote.get()
        finally:
            _reads_from_primary.reset(primary_token)
            _request_wrote.reset(wrote_token)
        if wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
