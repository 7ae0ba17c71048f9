"""100 volunteers pressing "Sign up" for the same 30 places at once, through a real server.

gunicorn (4 workers of 8 threads: 32 requests in the database at a time) serves the
benchmark database. ``VOLUME`` volunteers, each logged in with their own session, post
the sign-up form of one cleanup of ``PLACES`` places (``POST
/en/volunteer/events/<pk>/sign-up/`` with the CSRF token, as the event page's button
does), all released at the same instant by a barrier. Every answer must be the redirect
back to the event page.

Afterwards the database must hold exactly ``PLACES`` confirmed sign-ups and the rest on
the waitlist, with the event's ``places_taken`` equal to the confirmed rows: ``errors``
counts answers other than the redirect, ``lost`` the volunteers the server answered who
have no sign-up, ``mismatches`` any difference between those counts. On SQLite (WAL,
BEGIN IMMEDIATE, a busy timeout: ``SQLITE_OPTIONS``) writers queue for the one write
lock; the run must show 0 errors there too.
"""

import datetime
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils import timezone
from django.utils.crypto import get_random_string
from wagtail.models import Locale

from engage.neighborhoods.models import Neighborhood
from liaisons.models import (
    EventKind,
    SignUp,
    Volunteer,
    VolunteerEvent,
    Waiver,
    WaiverAcceptance,
)

from .ideas_vote_concurrency import session_cookie
from .open311_post_concurrency import free_port, wait_until_up

NAME = "liaisons-signup-concurrency"
VOLUME = 100  # volunteers signing up at once
PLACES = 30
WORKERS = 4
THREADS = 8
EMAIL = "bench-signup-{}@example.org"
TITLE = "Benchmark cleanup everyone signs up for"


def seed(volume):
    """One published cleanup next week with ``PLACES`` places; ``volume`` volunteers."""
    neighborhood = Neighborhood.objects.order_by("pk").first()
    kind, _ = EventKind.objects.get_or_create(
        code="cleanup", locale=Locale.get_default(), defaults={"name": "Cleanup"}
    )
    organiser, _ = get_user_model().objects.get_or_create(
        email=EMAIL.format("organiser"), defaults={"display_name": "Bench organiser"}
    )
    waiver = Waiver.current() or Waiver.objects.create(
        title="Volunteer waiver", text="I take part at my own risk."
    )
    starts = (timezone.localtime() + datetime.timedelta(days=7)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    VolunteerEvent.objects.create(
        kind=kind,
        title=TITLE,
        description="Everyone signs up at once.",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        meeting_point="The corner by the library",
        lat=settings.MAP_CENTER[0],
        lng=settings.MAP_CENTER[1],
        neighborhood=neighborhood,
        capacity=PLACES,
        organiser=organiser,
        status=VolunteerEvent.Status.PUBLISHED,
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=EMAIL.format(n), display_name=f"Signer {n}") for n in range(volume)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    volunteers = Volunteer.objects.bulk_create(
        Volunteer(user=user, display_name=user.display_name, age_band=Volunteer.AgeBand.ADULT)
        for user in users
    )
    WaiverAcceptance.objects.bulk_create(
        WaiverAcceptance(volunteer=volunteer, waiver=waiver) for volunteer in volunteers
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect comes back as an HTTPError we can read


def post_sign_up(url, session, token):
    """POST the sign-up form as a logged-in browser; the redirect's address, or raise."""
    cookies = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={token}"
    request = urllib.request.Request(  # noqa: S310
        url,
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
        headers={"Cookie": cookies},
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=120) as response:
            raise RuntimeError(f"answered {response.status}, not a redirect")
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            raise RuntimeError(f"answered {answer.code}: {answer.read()[:200]!r}") from None
        return answer.headers.get("Location", "")


def run(harness):
    event = VolunteerEvent.objects.get(title=TITLE)
    people = list(
        get_user_model()
        .objects.filter(email__startswith="bench-signup-")
        .exclude(email=EMAIL.format("organiser"))
    )
    sessions = [session_cookie(person) for person in people]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/en/volunteer/events/{event.pk}/sign-up/"
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "engage.wsgi:application",
            f"--workers={WORKERS}",
            "--worker-class=gthread",
            f"--threads={THREADS}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    errors = []
    answered = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(sessions))
    try:
        wait_until_up(base, server)

        def client(session):
            token = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
            barrier.wait()
            try:
                location = post_sign_up(url, session, token)
            except (OSError, RuntimeError) as error:
                with lock:
                    errors.append(repr(error))
                return
            with lock:
                if location.endswith(f"/volunteer/events/{event.pk}/#signup"):
                    answered.append(session)
                else:
                    errors.append(f"redirected to {location}")

        threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    event.refresh_from_db()
    signups = SignUp.objects.filter(event=event)
    confirmed = signups.filter(status=SignUp.Status.CONFIRMED).count()
    waitlisted = signups.filter(status=SignUp.Status.WAITLISTED).count()
    lost = len(answered) - signups.count()
    mismatches = int(confirmed != min(PLACES, len(answered)) or event.places_taken != confirmed)
    if errors:
        harness.log(f"{NAME}: {len(errors)} errors, e.g. {errors[0]}")
    harness.log(
        f"{NAME}: {confirmed} confirmed, {waitlisted} waitlisted, places_taken "
        f"{event.places_taken} of {event.capacity}"
    )
    return {
        "scenario": NAME,
        "clients": len(sessions),
        "places": PLACES,
        "seconds": round(elapsed, 2),
        "requests": len(sessions),
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "errors": len(errors),
        "lost": lost,
        "mismatches": mismatches,
        "database": connection.vendor,
    }
