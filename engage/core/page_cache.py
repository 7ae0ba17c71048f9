"""Whole pages for anonymous visitors, kept in the cache and never out of date.

``PageCacheMiddleware`` keeps the page a visitor without an account gets (a GET answered
200) in the default cache (Redis when ``REDIS_URL`` is set) for ``PAGE_CACHE_SECONDS``,
and hands it to the next such visitor without running the view. Three things keep it right:

**One generation for the whole site.** Every cache key holds the site's current
generation, a random value kept in the cache. Any write to a table whose rows a visitor
can see (a page published, moved or deleted, a vote, a comment, a report, a survey
response, a sign-up, a branding setting, a queryset ``update()`` behind a count…) replaces
it once the transaction commits, so every page kept before is never read again and the
next visitor sees the change at once. Writes are noticed where they happen, in the
database cursor (an execute wrapper on every connection), so a part cannot forget a
signal and an ``update()`` that sends none still counts. The whole site rather than one
page per write, because one write shows on many pages (a vote changes the idea, its
campaign, the trending list on the home page, the figures, the neighborhood's news);
a site that is read far more often than written still serves most pages from memory.
A part names, in its ``signals.py``, the tables nobody sees on a public page (drafts,
reminders sent, page-view counters) with :func:`not_shown_to_visitors`, so that their
writes do not empty the cache; everything else empties it. The key is read before the
view runs: a page rendered while a write commits is kept under the old generation,
where nobody finds it.

**Only what is the same for every visitor.** A request is served from the cache, or
kept, only when it carries no cookie but the CSRF and language cookies (no session: not
logged in, no survey in progress, no youth participant, no "already answered" cookie, no
messages), no ``Authorization`` header, and its path is not under
``PAGE_CACHE_EXCLUDED_PATHS`` (the admin). A response is kept only when it is a 200 that
sets no cookie, left the session untouched, queued no message, wrote nothing to the
database (a page that counts its readers must run for each of them), asked for no CSP
nonce, varies on nothing but cookies and language, and does not say ``private``,
``no-store``, ``no-cache`` or ``max-age=0``. A shorter ``s-maxage`` or ``max-age`` keeps
it that long only. What changes with the clock rather than with a write is said where the
page decides by the time: a survey's opening and closing, a campaign's, a session's join
form call :func:`changes_at`, and the page is kept until that moment at most. A list
that moves with the clock (the cleanups still to come) is at most ``PAGE_CACHE_SECONDS``
behind.

**CSRF tokens are filled in per visitor.** Every page carries a form (the language
switcher at least), so "only pages without a token" would keep nothing. Before a page is
kept, each CSRF token in it that belongs to the visitor who caused it to be rendered is
replaced by a placeholder; a visitor served from the cache gets their own token in its
place (``get_token``), and Django's CSRF middleware, which sits outside this one, sets
their cookie. One visitor's token is never handed to another, and a form on a cached page
posts as it would on a fresh one.

**The honeypot's start stamp is made when the page is served.** A form's signed
``form_started`` (engage/core/honeypot.py) says when the form was shown; kept in the page
it would say when the page was kept, and a bot reading a page kept minutes ago could send
it back at once. So each stamp this site signed is replaced by a placeholder too, and every
page served from the cache gets a stamp of that moment.

Pages are also purged from a CDN when one is configured (``WAGTAILFRONTENDCACHE``):
Wagtail's ``frontend_cache`` app purges a page when it is published or unpublished, and
:func:`purge_on_change` lets a part purge the pages a resident's write changes.
"""

import logging
import math
import re
from contextlib import ExitStack
from contextvars import ContextVar
from functools import partial
from hashlib import sha256
from uuid import uuid4

from django.conf import settings
from django.contrib.messages import get_messages
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from . import honeypot

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
KEY_PREFIX = "page-cache:page"
# Never produced by a template from what someone typed: forms refuse control characters.
CSRF_PLACEHOLDER = b"\x00engage-csrf-token\x00"
STAMP_PLACEHOLDER = b"\x00engage-form-started\x00"
HIT_HEADER = "X-Page-Cache"

# Tables of the frameworks underneath whose writes change no public page: sessions and
# the task queue, Wagtail's drafts, logs, workflow, editing sessions and reference index,
# images' renditions and embeds (made while a page renders), allauth's e-mail
# confirmations. The search index is not among them: a task may update it after the
# write it follows has committed, and the search page must show it then.
FRAMEWORK_PRIVATE_TABLES = {
    "django_session",
    "django_admin_log",
    "django_tasks_database_dbtaskresult",
    "wagtailcore_revision",
    "wagtailcore_pagelogentry",
    "wagtailcore_modellogentry",
    "wagtailcore_pagesubscription",
    "wagtailcore_workflowstate",
    "wagtailcore_taskstate",
    "wagtailcore_comment",
    "wagtailcore_commentreply",
    "wagtailcore_uploadedfile",
    "wagtailcore_referenceindex",
    "wagtailadmin_editingsession",
    "wagtailadmin_formstate",
    "wagtailusers_userprofile",
    "wagtailimages_rendition",
    "wagtailembeds_embed",
    "account_emailconfirmation",
}
_private_tables = set(FRAMEWORK_PRIVATE_TABLES)

_WRITE = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[`"]?([\w.]+)', re.IGNORECASE
)
_TOKEN_CANDIDATE = re.compile(
    rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % CSRF_TOKEN_LENGTH
)
_UNCACHEABLE_DIRECTIVES = {"private", "no-store", "no-cache"}
_VARY_HANDLED = {"cookie", "accept-language", "accept-encoding"}


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """A new generation made by one process must reach every process serving pages."""
    backend = settings.CACHES["default"]["BACKEND"]
    if enabled() and backend.endswith(("LocMemCache", "DummyCache")):
        return [
            checks.Warning(
                "PAGE_CACHE_SECONDS is set but the cache is local to each process: a change "
                "made through one web server process leaves the others serving old pages.",
                hint="Set REDIS_URL, or PAGE_CACHE_SECONDS=0 when running several processes.",
                id="engage.W001",
            )
        ]
    return []


# --- Invalidation -------------------------------------------------------------------


def not_shown_to_visitors(*models):
    """Writes to these models' tables leave cached pages as they are: nobody sees them
    on a page the cache keeps (a part's drafts, reminders sent, page-view counters)."""
    _private_tables.update(model._meta.db_table for model in models)


def current_generation():
    """The site's generation: a random value, made anew on every change.

    Random rather than a counter: a counter evicted from the cache would start again at a
    number that old pages were kept under.
    """
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _new_generation():
    cache.set(GENERATION_KEY, uuid4().hex, timeout=None)


def invalidate(using=None):
    """Every kept page is out of date once the current transaction commits (at once when
    there is none). Writes call it by themselves; call it for a change that reaches the
    pages from outside the database (a file replaced in storage, a setting changed)."""
    connection = connections[using or "default"]
    pending = getattr(connection, "run_on_commit", [])
    if connection.in_atomic_block and any(call is _new_generation for _, call, _ in pending):
        return  # this transaction already makes a new one
    # robust: a cache that cannot be reached is logged; the write it follows still stands.
    transaction.on_commit(_new_generation, using=connection.alias, robust=True)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    # After the statement: outside a transaction on_commit runs at once, and must follow
    # the write, never precede it.
    if enabled() and _changes_public_table(sql):
        invalidate(using=context["connection"].alias)
    return result


def _changes_public_table(sql):
    if sql[:8].lstrip().upper().startswith("TRUNCATE"):
        return True
    match = _WRITE.match(sql)
    return bool(match) and match.group(1).split(".")[-1] not in _private_tables


def watch_connection(sender, connection, **kwargs):
    """Connected to ``connection_created`` in ``CoreConfig.ready``: every connection,
    each thread's and each reconnection, reports its writes."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def absolute_url(path):
    """``/en/ideas/4/`` on the site's public address (``BASE_URL``), for a purge."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _purge_urls(urls):
    # Imported here: the frontend cache module reads its settings when first used.
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    PurgeBatch(urls).purge()


def purge_on_change(model, urls):
    """When a ``model`` row is saved or deleted, purge ``urls(instance)`` (absolute
    addresses) from the CDN after the commit, if ``WAGTAILFRONTENDCACHE`` is configured.
    The cache of this site needs no such help: the write already made a new generation."""

    def receiver(sender, instance, raw=False, **kwargs):
        if raw or not getattr(settings, "WAGTAILFRONTENDCACHE", None):
            return
        try:
            addresses = [url for url in urls(instance) if url]
        except ObjectDoesNotExist:  # deleted along with what it belonged to
            return
        if addresses:
            transaction.on_commit(partial(_purge_urls, addresses), robust=True)

    uid = f"page-cache-purge-{model._meta.label_lower}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)


# --- Changes with the clock -----------------------------------------------------------

# The earliest moment the page being rendered changes with no write, in a one-item list
# (None while nothing said), set by whoever records it: the middleware for a page.
_next_change = ContextVar("page_cache_next_change", default=None)


def changes_at(*moments):
    """What is being rendered changes at these moments by the clock alone, with no write
    (a survey that opens or closes, a campaign's voting that ends, a session's join form
    that shuts): a kept copy is served until the earliest one still to come, never after.
    The places that decide by the time call it; a no-op when nothing is recorded."""
    holder = _next_change.get()
    if holder is None:
        return
    now = timezone.now()
    for moment in moments:
        if moment is not None and moment > now and (holder[0] is None or moment < holder[0]):
            holder[0] = moment


def recording():
    """Whether a page is being recorded for the cache: a caller may skip the work of
    finding when its content changes when nobody keeps it."""
    return _next_change.get() is not None


def recording_changes(render):
    """``render()`` and the earliest moment what it rendered changes by the clock (None
    when it does not), for a piece kept in a cache of its own (the home page's sections).
    The moment counts for the page around it too; a piece read from its cache says it
    again with :func:`changes_at`."""
    holder = [None]
    token = _next_change.set(holder)
    try:
        result = render()
    finally:
        _next_change.reset(token)
    changes_at(holder[0])
    return result, holder[0]


def seconds_until(moment, longest):
    """How long something that changes at ``moment`` (or never: None) may be kept, at
    most ``longest`` seconds; 0 when the moment has come."""
    if moment is None:
        return longest
    return max(0, min(longest, math.floor((moment - timezone.now()).total_seconds())))


# --- Serving ------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serves and keeps anonymous visitors' pages (see the module's description).

    It comes after the session, CSRF, authentication and message middleware, so it can
    ask who the visitor is and give a visitor served from the cache their own CSRF
    cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (enabled() and _may_serve(request)):
            return self.get_response(request)
        try:
            key = _page_key(request, current_generation())
            kept = cache.get(key)
        except Exception:
            logger.exception("The page cache could not be read; the page is rendered.")
            return self.get_response(request)
        if kept is not None:
            return _from_kept(request, kept)
        wrote = []
        next_change = [None]
        token = _next_change.set(next_change)
        try:
            with ExitStack() as stack:
                for alias in connections:
                    wrapper = _noting_writes(wrote)
                    stack.enter_context(connections[alias].execute_wrapper(wrapper))
                response = self.get_response(request)
        finally:
            _next_change.reset(token)
        lifetime = seconds_until(next_change[0], _lifetime(response))
        if not wrote and lifetime and _may_keep(request, response):
            try:
                cache.set(key, _kept(request, response), lifetime)
            except Exception:
                logger.exception("The page cache could not be written.")
        response.headers.setdefault(HIT_HEADER, "miss")
        return response


def _may_serve(request):
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    if request.path_info.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)):
        return False
    ignored = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    if set(request.COOKIES) - ignored:
        return False
    return not request.user.is_authenticated


def _page_key(request, generation):
    # The language active for the request, not only the one in the path: the few
    # addresses without a language prefix answer in the visitor's language.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = sha256(f"{get_language()}|{address}".encode()).hexdigest()
    return f"{KEY_PREFIX}:{generation}:{digest}"


def _noting_writes(wrote):
    def wrapper(execute, sql, params, many, context):
        if _WRITE.match(sql) or sql[:8].lstrip().upper().startswith("TRUNCATE"):
            wrote.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def _may_keep(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.user.is_authenticated or getattr(request, "_csp_nonce", None):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if getattr(get_messages(request), "added_new", False):
        return False
    directives = _cache_control(response)
    if set(directives) & _UNCACHEABLE_DIRECTIVES or _lifetime(response) == 0:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part}
    return not (vary - _VARY_HANDLED)


def _cache_control(response):
    directives = {}
    for part in cc_delim_re.split(response.get("Cache-Control", "")):
        name, _, value = part.partition("=")
        if name.strip():
            directives[name.strip().lower()] = value.strip()
    return directives


def _lifetime(response):
    """How long the page may be kept: ``PAGE_CACHE_SECONDS``, or less when the view says
    so with ``s-maxage`` or ``max-age`` (a page that changes with the clock, not with a
    write: a survey that closes at five)."""
    directives = _cache_control(response)
    for name in ("s-maxage", "max-age"):
        if directives.get(name, "").isdigit():
            return min(int(directives[name]), settings.PAGE_CACHE_SECONDS)
    return settings.PAGE_CACHE_SECONDS


def _kept(request, response):
    content = response.content
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        content = _TOKEN_CANDIDATE.sub(partial(_placeholder_for, secret), content)
    content = honeypot.STAMP_CANDIDATE.sub(_stamp_placeholder, content)
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in {"content-length", "set-cookie", HIT_HEADER.lower()}
    ]
    return {"status": response.status_code, "headers": headers, "content": content}


def _placeholder_for(secret, match):
    token = match.group(0).decode("ascii")
    return CSRF_PLACEHOLDER if _unmask_cipher_token(token) == secret else match.group(0)


def _stamp_placeholder(match):
    stamp = match.group(0).decode("ascii")
    return STAMP_PLACEHOLDER if honeypot.is_started_stamp(stamp) else match.group(0)


def _from_kept(request, kept):
    content = kept["content"]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode("ascii"))
    if STAMP_PLACEHOLDER in content:
        # One stamp for every form on the page: all were shown at this moment.
        content = content.replace(STAMP_PLACEHOLDER, honeypot.started_stamp().encode("ascii"))
    response = HttpResponse(content, status=kept["status"])
    for name, value in kept["headers"]:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response
