"""Demo content for the liaison network: liaisons in four neighborhoods, volunteers, past
cleanups with their attendance, hours, results and fixed reports, upcoming ones (one full,
with a waitlist), an event waiting for staff approval, and an adopted block.

``load_demo_liaisons()`` is called by ``manage.py seed_demo`` after the users, the
neighborhoods and the demo reports exist (``LiaisonsConfig.demo_content``). It is safe to
run again and again: people, the waiver and the kinds of events are looked up before they
are made, and the events (with their sign-ups, hours and the reports they fixed) only when
none of the demo's events exists yet.

The rows are written directly, as the services would leave them (``places_taken`` equals
the sign-ups holding a place, hours are one attendance record per volunteer and event,
a fixed report is resolved through ``engage.reports.services.change_status`` by the
liaison who fixed it). Nobody is e-mailed: the reports the cleanups fix are filed by the
demo liaison for neighbors who gave a phone number only, and the liaison follows them.
"""

import random
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from engage.accounts.roles import LIAISON
from engage.neighborhoods.models import Neighborhood
from engage.reports import services as reports
from engage.reports.demo import points_in
from engage.reports.models import ServiceCategory, ServiceReport

from .models import (
    Adoption,
    EventKind,
    EventTarget,
    Liaison,
    LiaisonApplication,
    SignUp,
    Volunteer,
    VolunteerEvent,
    VolunteerHours,
    Waiver,
    WaiverAcceptance,
)

DEMO_LIAISON = "liaison@example.org"
DEMO_RESIDENT = "resident@example.org"
STAFF_EMAIL = "staff@example.org"
DEMO_DEVICE_ID = "engage-demo-liaisons"

WAIVER = {
    "title": "Volunteer waiver and safety rules",
    "text": (
        "I take part in city volunteer events of my own free will and at my own risk. I "
        "will follow the organiser's safety instructions, wear the gloves provided, and "
        "never pick up needles, chemicals or anything heavy alone: I will tell the "
        "organiser instead. I agree that photos of the group may be published by the city."
    ),
}

# (code, English name, Spanish name, fixes service reports)
KINDS = [
    ("cleanup", "Cleanup", "Limpieza", True),
    ("tree-planting", "Tree planting", "Plantación de árboles", False),
    ("alley-lot-cleanup", "Alley or lot clean-up", "Limpieza de callejón o lote", True),
    ("mentoring-day", "Mentoring day", "Día de mentoría", False),
]

# (e-mail, public name, neighborhoods, bio). The first is the demo liaison user.
LIAISONS = [
    (
        DEMO_LIAISON,
        "Luis (Kensington liaison)",
        ["kensington"],
        "Born on Somerset Street. I organise our monthly cleanups and relay what neighbors "
        "report to the city.",
    ),
    (
        "liaison.germantown@example.org",
        "Denise W.",
        ["germantown"],
        "Retired teacher; I run the tree-planting crew and the Saturday mentoring days.",
    ),
    (
        "liaison.center-city@example.org",
        "Marcus T.",
        ["center-city", "south-philadelphia"],
        "I work downtown and live in South Philly: alleys and vacant lots are my thing.",
    ),
    (
        "liaison.west@example.org",
        "Priya S.",
        ["west-philadelphia"],
        "Block captain on Baltimore Avenue for ten years.",
    ),
]
# Someone who served and stepped down: the program keeps the history.
FORMER_LIAISON = ("liaison.former@example.org", "Walter G.", ["kensington"])

# (e-mail, name, neighborhoods, skills, availability)
VOLUNTEERS = [
    (DEMO_RESIDENT, "Rosa M.", ["kensington"], "Spanish and English", "Saturday mornings"),
    ("ana.volunteer@example.org", "Ana R.", ["kensington"], "First aid", "Weekends"),
    ("ben.volunteer@example.org", "Ben K.", ["kensington"], "Has a pickup truck", "Saturdays"),
    ("chen.volunteer@example.org", "Chen L.", ["kensington", "center-city"], "", "Evenings"),
    ("dora.volunteer@example.org", "Dora P.", ["kensington"], "Gardening", "Any weekend"),
    ("eli.volunteer@example.org", "Eli J.", ["kensington"], "", "Sundays"),
    ("fatima.volunteer@example.org", "Fatima A.", ["kensington"], "Photography", "Saturdays"),
    ("gus.volunteer@example.org", "Gus O.", ["kensington"], "", "Weekday evenings"),
    ("hana.volunteer@example.org", "Hana Y.", ["germantown"], "Arborist training", "Weekends"),
    ("ivan.volunteer@example.org", "Ivan D.", ["germantown"], "Tutoring", "Saturdays"),
    ("jo.volunteer@example.org", "Jo B.", ["germantown", "west-philadelphia"], "", "Sundays"),
    ("kai.volunteer@example.org", "Kai N.", ["center-city"], "", "Weekday evenings"),
    ("lena.volunteer@example.org", "Lena V.", ["west-philadelphia"], "Mentoring", "Weekends"),
]

TITLES = {
    "past_kensington": "Clean-up of the dumping on Hope Street",
    "past_germantown": "Street trees on Chelten Avenue",
    "full_kensington": "Somerset Street spring cleanup",
    "alley_center": "Alley clean-up behind Sansom Street",
    "mentoring_west": "Mentoring day at the Baltimore Avenue library",
    "pending_kensington": "Vacant lot clean-up on Cambria Street",
}


# People --------------------------------------------------------------------------------------


def ensure_user(email, name, neighborhood):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name, "home_neighborhood": neighborhood}
    )
    if created:
        # Demo people seen on rosters and in the directory; only the role users log in.
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def ensure_liaison(user, name, neighborhoods, bio, *, staff, started):
    """An approved application and the active term it opened (the Liaison role with it)."""
    term = Liaison.objects.active().filter(user=user).first()
    if term is None:
        application = LiaisonApplication.objects.create(
            applicant=user,
            display_name=name,
            motivation="I want my block to be heard, and to get neighbors working together.",
            availability="Weekends and some evenings",
            contact_preference="E-mail through the site",
            bio=bio,
            status=LiaisonApplication.Status.APPROVED,
            decided_by=staff,
            decided_at=started,
        )
        application.neighborhoods.set(neighborhoods)
        term = Liaison.objects.create(
            user=user, application=application, display_name=name, bio=bio, started_at=started
        )
        term.neighborhoods.set(neighborhoods)
    user.groups.add(Group.objects.get(name=LIAISON))
    return term


def ensure_former_liaison(hoods, *, staff, now):
    email, name, slugs = FORMER_LIAISON
    user = ensure_user(email, name, hoods[slugs[0]])
    if Liaison.objects.filter(user=user).exists():
        return
    term = Liaison.objects.create(
        user=user,
        display_name=name,
        started_at=now - timedelta(days=700),
        ended_at=now - timedelta(days=200),
        ending=Liaison.Ending.STEPPED_DOWN,
        ending_note="Moved to Delaware County. Thank you, Walter!",
        ended_by=staff,
    )
    term.neighborhoods.set([hoods[slug] for slug in slugs])


def ensure_volunteers(hoods, waiver):
    volunteers = {}
    for email, name, slugs, skills, availability in VOLUNTEERS:
        user = ensure_user(email, name, hoods[slugs[0]])
        volunteer, created = Volunteer.objects.get_or_create(
            user=user,
            defaults={
                "display_name": name,
                "skills": skills,
                "availability": availability,
                "age_band": Volunteer.AgeBand.ADULT,
            },
        )
        if created:
            volunteer.neighborhoods.set([hoods[slug] for slug in slugs])
        WaiverAcceptance.objects.get_or_create(volunteer=volunteer, waiver=waiver)
        volunteers[email] = volunteer
    return volunteers


def ensure_waiver():
    waiver = Waiver.objects.filter(title=WAIVER["title"]).first()
    return waiver or Waiver.objects.create(**WAIVER)


def ensure_kinds(english, spanish):
    kinds = {}
    for code, name, name_es, targets_reports in KINDS:
        kind, _ = EventKind.objects.get_or_create(
            code=code,
            locale=english,
            defaults={"name": name, "targets_reports": targets_reports},
        )
        if not EventKind.objects.filter(code=code, locale=spanish).exists():
            EventKind.objects.create(
                code=code,
                locale=spanish,
                translation_key=kind.translation_key,
                name=name_es,
                targets_reports=kind.targets_reports,
            )
        kinds[code] = kind
    return kinds


# Events --------------------------------------------------------------------------------------


def at(now, days, hour):
    """``days`` from today at ``hour`` o'clock, in the site's time zone."""
    day = timezone.localtime(now) + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventMaker:
    def __init__(self, *, kinds, hoods, terms, now, rng):
        self.kinds, self.hoods, self.terms, self.now, self.rng = kinds, hoods, terms, now, rng

    def event(self, key, kind, slug, *, days, hours, capacity, term, **fields):
        neighborhood = self.hoods[slug]
        ((lat, lng),) = points_in(neighborhood, 1, self.rng)
        starts_at = at(self.now, days, fields.pop("hour", 9))
        status = fields.pop("status", VolunteerEvent.Status.PUBLISHED)
        return VolunteerEvent.objects.create(
            kind=self.kinds[kind],
            title=TITLES[key],
            description=fields.pop("description"),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            meeting_point=fields.pop("meeting_point"),
            lat=lat,
            lng=lng,
            neighborhood=neighborhood,
            capacity=capacity,
            organiser=term.user,
            liaison=term,
            status=status,
            reviewed_at=None
            if status == VolunteerEvent.Status.PENDING
            else starts_at - timedelta(days=14),
            **fields,
        )

    def sign_up(self, event, volunteers, status=SignUp.Status.CONFIRMED, *, came=False, **fields):
        signups = []
        for position, volunteer in enumerate(volunteers):
            signup = SignUp.objects.create(
                event=event,
                volunteer=volunteer,
                status=status,
                checked_in_at=event.starts_at + timedelta(minutes=5 + position) if came else None,
                checked_in_by=event.organiser if came else None,
                **fields,
            )
            # Sign-ups come in over the weeks before, in this order (the waitlist's order).
            SignUp.objects.filter(pk=signup.pk).update(
                created_at=event.starts_at - timedelta(days=10, hours=-position)
            )
            signups.append(signup)
        return signups

    @staticmethod
    def count_places(event):
        event.places_taken = event.signups.holding_a_place().count()
        event.save(update_fields=["places_taken"])

    def attended(self, event, signups, hours):
        VolunteerHours.objects.bulk_create(
            VolunteerHours(
                volunteer=signup.volunteer,
                event=event,
                date=timezone.localtime(event.starts_at).date(),
                hours=Decimal(hours),
                status=VolunteerHours.Status.APPROVED,
                reviewed_by=event.organiser,
                reviewed_at=event.ends_at,
            )
            for signup in signups
            if signup.checked_in_at
        )

    def results(self, event, *, bags, sites, note):
        event.bags_collected, event.sites_cleaned, event.results_note = bags, sites, note
        event.results_recorded_at = event.ends_at + timedelta(hours=2)
        event.save(
            update_fields=["bags_collected", "sites_cleaned", "results_note", "results_recorded_at"]
        )


def file_for_neighbors(term, neighborhood, rng, now):
    """Three problems the demo liaison reported for neighbors who are not online: two
    dumping sites a cleanup fixed, and graffiti the next cleanup will paint over."""
    categories = {
        c.code: c
        for c in ServiceCategory.objects.filter(
            code__in=("illegal-dumping", "graffiti"), locale=Locale.get_default()
        )
    }
    if len(categories) < 2:
        return []
    specs = [
        ("illegal-dumping", "Mattresses and tires dumped in the alley behind Hope St.", 26),
        ("illegal-dumping", "Bags of construction debris on the lot at Hope and Berks.", 21),
        ("graffiti", "Tags across the wall of the corner store on Somerset St.", 6),
    ]
    filed = []
    for (code, description, days_ago), (lat, lng) in zip(
        specs, points_in(neighborhood, len(specs), rng), strict=True
    ):
        filed.append(
            reports.file_report(
                category=categories[code],
                filed_by=term.user,
                description=description,
                lat=lat,
                lng=lng,
                channel=ServiceReport.Channel.LIAISON,
                contact_name="A neighbor (by phone)",
                contact_phone="215-555-0142",
                submitted_at=now - timedelta(days=days_ago),
                device_id=DEMO_DEVICE_ID,
            )
        )
    return filed


def fix(event, report, note):
    """The liaison marks the report fixed after the cleanup: resolved, told publicly."""
    EventTarget.objects.filter(event=event, report=report).update(
        fixed_at=event.ends_at, fixed_by=event.organiser, public_note=note
    )
    report = reports.change_status(
        report, ServiceReport.Status.RESOLVED, actor=event.organiser, public_note=note
    )
    # On the day of the cleanup, as it happened, not when the demo was loaded.
    fixed_at = event.ends_at + timedelta(hours=1)
    report.events.filter(to_status=ServiceReport.Status.RESOLVED).update(created_at=fixed_at)
    ServiceReport.objects.filter(pk=report.pk).update(closed_at=fixed_at)


def past_kensington_cleanup(make, term, volunteers, targets):
    event = make.event(
        "past_kensington",
        "cleanup",
        "kensington",
        days=-12,
        hours=3,
        capacity=15,
        term=term,
        description=(
            "Neighbors reported two dumping sites on Hope Street; the city lends the truck "
            "and we clear them together."
        ),
        meeting_point="Hope St and Berks St, by the mural",
        supplies_provided="Gloves, grabbers, bags, a city truck for the bulky items.",
        what_to_bring="Closed shoes and water.",
    )
    EventTarget.objects.bulk_create(EventTarget(event=event, report=r) for r in targets)
    came = make.sign_up(event, volunteers[:5], came=True)
    no_show = make.sign_up(event, volunteers[5:6])
    walk_in = make.sign_up(event, volunteers[6:7], came=True, walk_in=True)
    make.count_places(event)
    make.attended(event, came + no_show + walk_in, "3")
    make.results(
        event,
        bags=18,
        sites=2,
        note="Six of us cleared both sites: 18 bags, 9 tires and 2 mattresses went on the truck.",
    )
    for report in targets:
        fix(event, report, "Cleared by the neighborhood cleanup on Hope Street. Thank you!")
    return event


def past_germantown_planting(make, term, volunteers):
    event = make.event(
        "past_germantown",
        "tree-planting",
        "germantown",
        days=-30,
        hours=4,
        capacity=12,
        term=term,
        description="Twelve street trees from the city's tree program, planted in one morning.",
        meeting_point="Chelten Ave and Greene St",
        supplies_provided="Trees, shovels, mulch and gloves.",
    )
    came = make.sign_up(event, volunteers, came=True)
    make.count_places(event)
    make.attended(event, came, "4")
    make.results(event, bags=None, sites=12, note="12 trees planted and mulched.")
    return event


def upcoming_events(make, terms, volunteers, target):
    luis, denise, marcus, priya = terms
    full = make.event(
        "full_kensington",
        "cleanup",
        "kensington",
        days=9,
        hours=3,
        capacity=6,
        term=luis,
        description="Our spring cleanup of Somerset Street, and the graffiti on the corner store.",
        meeting_point="Somerset St and Kensington Ave, under the El",
        supplies_provided="Gloves, bags, paint and rollers.",
        what_to_bring="Old clothes you can paint in.",
    )
    if target is not None:
        EventTarget.objects.create(event=full, report=target)
    make.sign_up(full, volunteers["kensington"][:6])
    # Full: the next two wait their turn, first come first served.
    make.sign_up(full, volunteers["kensington"][6:8], SignUp.Status.WAITLISTED)
    make.count_places(full)
    alley = make.event(
        "alley_center",
        "alley-lot-cleanup",
        "center-city",
        days=16,
        hours=2,
        capacity=20,
        term=marcus,
        description="The alley behind Sansom Street collects everything the wind brings.",
        meeting_point="Sansom St and 20th St",
    )
    make.sign_up(alley, volunteers["center-city"])
    make.count_places(alley)
    mentoring = make.event(
        "mentoring_west",
        "mentoring-day",
        "west-philadelphia",
        days=23,
        hours=3,
        capacity=10,
        hour=13,
        term=priya,
        description="Homework help and a walk around the block with the library's teen group.",
        meeting_point="Baltimore Avenue library, community room",
    )
    make.sign_up(mentoring, volunteers["west-philadelphia"])
    make.count_places(mentoring)
    make.event(
        "pending_kensington",
        "alley-lot-cleanup",
        "kensington",
        days=30,
        hours=3,
        capacity=25,
        term=luis,
        status=VolunteerEvent.Status.PENDING,
        description="The lot on Cambria Street needs a big day: waiting for the city's approval.",
        meeting_point="Cambria St and B St",
    )


def adopt_a_block(volunteer, neighborhood, rng):
    ((lat, lng),) = points_in(neighborhood, 1, rng)
    size = 0.002
    Adoption.objects.get_or_create(
        volunteer=volunteer,
        name="Hope Street, Berks to Norris",
        defaults={
            "group_name": "Hope Street Neighbors",
            "neighborhood": neighborhood,
            "area": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [lng - size, lat - size],
                        [lng + size, lat - size],
                        [lng + size, lat + size],
                        [lng - size, lat + size],
                        [lng - size, lat - size],
                    ]
                ],
            },
        },
    )


def by_neighborhood(volunteers):
    grouped = {}
    for volunteer in volunteers.values():
        for neighborhood in volunteer.neighborhoods.all():
            grouped.setdefault(neighborhood.slug, []).append(volunteer)
    return grouped


@transaction.atomic
def load_demo_liaisons():
    english, _ = Locale.objects.get_or_create(language_code="en")
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    hoods = {n.slug: n for n in Neighborhood.objects.all()}
    User = get_user_model()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if not all(slug in hoods for _e, _n, slugs, _b in LIAISONS for slug in slugs):
        return
    if not User.objects.filter(email=DEMO_LIAISON).exists():
        return
    now = timezone.now()
    waiver = ensure_waiver()
    kinds = ensure_kinds(english, spanish)
    terms = []
    for position, (email, name, slugs, bio) in enumerate(LIAISONS):
        user = ensure_user(email, name, hoods[slugs[0]])
        started = now - timedelta(days=400 - 60 * position)
        terms.append(
            ensure_liaison(
                user, name, [hoods[slug] for slug in slugs], bio, staff=staff, started=started
            )
        )
    ensure_former_liaison(hoods, staff=staff, now=now)
    volunteers = ensure_volunteers(hoods, waiver)
    adopt_a_block(volunteers[DEMO_RESIDENT], hoods["kensington"], random.Random(13))  # noqa: S311
    if VolunteerEvent.objects.filter(title__in=TITLES.values()).exists():
        return
    rng = random.Random(2613)  # noqa: S311 (the same demo every time, not a secret)
    filed = file_for_neighbors(terms[0], hoods["kensington"], rng, now)
    make = EventMaker(kinds=kinds, hoods=hoods, terms=terms, now=now, rng=rng)
    grouped = by_neighborhood(volunteers)
    past_kensington_cleanup(make, terms[0], grouped["kensington"], filed[:2])
    upcoming_events(make, terms, grouped, filed[2] if len(filed) == 3 else None)
    past_germantown_planting(make, terms[1], grouped["germantown"])
    # Hours a volunteer logged herself, waiting for the liaison's approval.
    VolunteerHours.objects.create(
        volunteer=volunteers[DEMO_RESIDENT],
        date=timezone.localdate() - timedelta(days=3),
        hours=Decimal("1.5"),
        description="Handed out flyers for the Somerset Street cleanup.",
        self_logged=True,
    )
