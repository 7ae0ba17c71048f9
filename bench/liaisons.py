"""The liaison network at a big city's scale, in a few bulk queries: at VOLUME (100,000
sign-ups) 2,000 liaisons, 50,000 volunteers, 5,000 events and 100,000 sign-ups, plus
20,000 service reports for the liaisons' dashboards; at ``VOLUME // 100`` the same in
proportion.

Every row is what the services would leave: an event's ``places_taken`` equals its
sign-ups holding a place and never passes its capacity (the rest wait on its waitlist), a
volunteer holds at most one sign-up per event, each liaison's term names one or two
neighborhoods, the volunteers of past events were checked in. Users, volunteers and
sign-ups are plain models, so ``bulk_create`` inserts them ``BATCH_SIZE`` at a time.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from engage.neighborhoods.models import Neighborhood
from liaisons.models import (
    EventKind,
    Liaison,
    SignUp,
    Volunteer,
    VolunteerEvent,
    Waiver,
    WaiverAcceptance,
)

from . import database
from .reports import seed_reports

VOLUME = 100_000  # sign-ups
BATCH_SIZE = 2_000
TITLE_PREFIX = "Bench cleanup"
DEMO_LIAISON = "liaison@example.org"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def sizes(volume):
    """How many of each thing at ``volume`` sign-ups (the issue's proportions)."""
    return {
        "liaisons": max(2, volume // 50),
        "volunteers": max(10, volume // 2),
        "events": max(5, volume // 20),
        "signups": volume,
        "reports": max(20, volume // 5),
    }


def code(prefix, number, length):
    """A code that can never meet a random one: ``prefix`` and ``number`` in base 31."""
    digits = []
    for _ in range(length):
        number, rest = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[rest])
    return prefix + "".join(reversed(digits))


def _batches(model, rows):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def _users(prefix, count, neighborhoods, rng):
    User = get_user_model()
    _batches(
        User,
        (
            User(
                email=f"{prefix}{number}@bench.example.org",
                display_name=f"{prefix.capitalize()} {number}",
                password="!bench",  # noqa: S106 (an unusable password, as set_unusable_password)
                home_neighborhood=rng.choice(neighborhoods),
            )
            for number in range(count)
        ),
    )
    return list(
        User.objects.filter(email__endswith="@bench.example.org", email__startswith=prefix)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _liaisons(count, neighborhoods, rng, now):
    user_ids = _users("liaison", count, neighborhoods, rng)
    _batches(
        Liaison,
        (
            Liaison(
                user_id=user_id,
                display_name=f"Liaison {number}",
                bio="I know the block.",
                started_at=now - timedelta(days=rng.randint(30, 900)),
            )
            for number, user_id in enumerate(user_ids)
        ),
    )
    terms = list(Liaison.objects.filter(user_id__in=user_ids).values_list("pk", "user_id"))
    links, by_neighborhood = [], {n.pk: [] for n in neighborhoods}
    for term_id, user_id in terms:
        for neighborhood in rng.sample(neighborhoods, rng.choice((1, 1, 1, 2))):
            links.append(
                Liaison.neighborhoods.through(liaison_id=term_id, neighborhood_id=neighborhood.pk)
            )
            by_neighborhood[neighborhood.pk].append((term_id, user_id))
    _batches(Liaison.neighborhoods.through, links)
    return by_neighborhood


def _volunteers(count, neighborhoods, rng, now):
    user_ids = _users("volunteer", count, neighborhoods, rng)
    _batches(
        Volunteer,
        (
            Volunteer(
                user_id=user_id,
                display_name=f"Volunteer {number}",
                age_band=Volunteer.AgeBand.ADULT,
                skills=rng.choice(("", "", "First aid", "Has a truck", "Spanish")),
                availability=rng.choice(("Weekends", "Evenings", "Saturdays")),
                personal_code=code("Z", number, 7),
                calendar_token=f"bench-{number}",
            )
            for number, user_id in enumerate(user_ids)
        ),
    )
    volunteer_ids = list(
        Volunteer.objects.filter(user_id__in=user_ids).order_by("pk").values_list("pk", flat=True)
    )
    _batches(
        Volunteer.neighborhoods.through,
        (
            Volunteer.neighborhoods.through(volunteer_id=pk, neighborhood_id=n.pk)
            for pk in volunteer_ids
            for n in rng.sample(neighborhoods, rng.choice((1, 1, 2)))
        ),
    )
    waiver = Waiver.current() or Waiver.objects.create(title="Waiver", text="At my own risk.")
    _batches(
        WaiverAcceptance,
        (WaiverAcceptance(volunteer_id=pk, waiver=waiver) for pk in volunteer_ids),
    )
    return volunteer_ids


def _events(count, neighborhoods, terms, rng, now):
    kind = EventKind.objects.filter(code="cleanup", locale=Locale.get_default()).first()
    if kind is None:
        kind = EventKind.objects.create(code="cleanup", name="Cleanup", locale=Locale.get_default())
    # Round the neighborhoods, each one's events spread from a year ago to three months
    # ahead (the last fifth upcoming), one in ten waiting for approval and one cancelled.
    per_neighborhood = -(-count // len(neighborhoods))
    events = []
    for number in range(count):
        neighborhood = neighborhoods[number % len(neighborhoods)]
        rank = number // len(neighborhoods)
        term_id, user_id = rng.choice(terms[neighborhood.pk])
        day = now + timedelta(days=-365 + (rank * 455) // per_neighborhood + 1)
        starts_at = day.replace(hour=rng.choice((9, 10, 13)), minute=0, second=0, microsecond=0)
        status = {3: VolunteerEvent.Status.PENDING, 6: VolunteerEvent.Status.CANCELLED}.get(
            rank % 10, VolunteerEvent.Status.PUBLISHED
        )
        events.append(
            VolunteerEvent(
                kind=kind,
                title=f"{TITLE_PREFIX} {number}",
                description="We clean the lot and the alley behind it.",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3),
                meeting_point="The corner by the mural",
                lat=(neighborhood.min_lat + neighborhood.max_lat) / 2,
                lng=(neighborhood.min_lng + neighborhood.max_lng) / 2,
                neighborhood=neighborhood,
                capacity=rng.choice((15, 20, 25, 40)),
                organiser_id=user_id,
                liaison_id=term_id,
                status=status,
            )
        )
    _batches(VolunteerEvent, events)
    # Only published events take sign-ups (staff have not approved the others; a
    # cancelled event's sign-ups would be cancelled with it).
    return list(
        VolunteerEvent.objects.filter(
            title__startswith=TITLE_PREFIX, status=VolunteerEvent.Status.PUBLISHED
        )
        .order_by("pk")
        .values_list("pk", "capacity", "starts_at")
    )


def _signups(count, events, volunteer_ids, rng, now):
    """``count`` sign-ups over the events: places first, then the waitlist."""
    per_event = max(1, count // len(events))
    taken = {}
    rows = []
    for event_id, capacity, starts_at in events:
        past = starts_at < now
        for position, volunteer_id in enumerate(rng.sample(volunteer_ids, per_event)):
            confirmed = position < capacity
            rows.append(
                SignUp(
                    event_id=event_id,
                    volunteer_id=volunteer_id,
                    status=SignUp.Status.CONFIRMED if confirmed else SignUp.Status.WAITLISTED,
                    checked_in_at=starts_at + timedelta(minutes=10) if confirmed and past else None,
                )
            )
        taken[event_id] = min(per_event, capacity)
    _batches(SignUp, rows[:count])
    for places, ids in _grouped(taken).items():
        VolunteerEvent.objects.filter(pk__in=ids).update(places_taken=places)


def _grouped(taken):
    grouped = {}
    for event_id, places in taken.items():
        grouped.setdefault(places, []).append(event_id)
    return grouped


@transaction.atomic
def seed_liaisons(volume, seed=20_261_205):
    rng = random.Random(seed)  # noqa: S311 (the same data every run, not a secret)
    now = timezone.now()
    counts = sizes(volume)
    neighborhoods = list(Neighborhood.objects.order_by("pk"))
    terms = _liaisons(counts["liaisons"], neighborhoods, rng, now)
    # A neighborhood no generated liaison serves still has one: the demo's, if any.
    for neighborhood in neighborhoods:
        if not terms[neighborhood.pk]:
            term = Liaison.objects.active().first()
            terms[neighborhood.pk].append((term.pk, term.user_id))
    volunteer_ids = _volunteers(counts["volunteers"], neighborhoods, rng, now)
    events = _events(counts["events"], neighborhoods, terms, rng, now)
    _signups(counts["signups"], events, volunteer_ids, rng, now)
    seed_reports(counts["reports"])
    return counts


# One seed for every liaisons scenario: the first at a volume keeps a copy for the others.
_seeded = database.SeededCopies(
    "liaisons",
    seed_liaisons,
    [
        "liaisons_volunteer",
        "liaisons_volunteer_neighborhoods",
        "liaisons_volunteerevent",
        "liaisons_signup",
        "reports_servicereport",
    ],
)


def seed(volume):
    _seeded.seed(volume)


# What the scenarios ask for ------------------------------------------------------------------


def url(name, *args):
    with translation.override("en"):
        return reverse(f"liaisons:{name}", args=args)


def busiest_event():
    """The upcoming published event with the longest waitlist (so a full one)."""
    return (
        VolunteerEvent.objects.upcoming()
        .filter(title__startswith=TITLE_PREFIX, status=VolunteerEvent.Status.PUBLISHED)
        .annotate(waiting=Count("signups", filter=Q(signups__status=SignUp.Status.WAITLISTED)))
        .order_by("-waiting", "pk")
        .first()
    )


def dashboard_user():
    """The demo liaison (Kensington), whose neighborhood the seed fills like the others."""
    return get_user_model().objects.get(email=DEMO_LIAISON)
