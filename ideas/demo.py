"""Demo ideas: the Ideas section, three campaigns, ideas in every status.

``load_demo_ideas()`` is called by ``manage.py seed_demo`` (``IdeasConfig.demo_content``)
after the page tree and the demo users exist. It is safe to run again and again:

* the Ideas section (an ``IdeasIndexPage``, in the menu right after "Surveys") and the two
  campaigns are looked up by slug and created only if missing; the Spanish translations of
  two are made, or brought back to the demo text, only when they differ; the third, opened
  this week, is in English only (the Spanish site shows Wagtail's alias of it, marked as
  being in English);
* the demo residents (``demo-resident-N@example.org``, verified, no usable password) are
  created only if missing;
* ideas, votes, comments and flags are created only when no demo resident has an idea yet.

An older demo database has a plain "Ideas" SectionPage where the section goes: it is
replaced (with its Spanish translation) when nothing was added under it, and left alone
otherwise, in which case no demo idea is made.

Everything goes through ``ideas.services``, so the status history, the counts, the vote
budgets and the follows are the real thing; the timestamps are then spread over the past
weeks (and the trending scores recomputed from the backdated votes). The e-mails the
services queue are marked as skipped before the transaction commits: seeding mails nobody.
"""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Locale, Page

from engage.core.demo import remove_old_section, translate
from engage.core.models import HomePage
from engage.neighborhoods import geometry
from engage.neighborhoods.models import Neighborhood
from engage.notifications.models import Notification

from . import services
from .models import (
    Comment,
    Flag,
    Idea,
    IdeaCampaignPage,
    IdeasIndexPage,
    Moderation,
    ModerationAction,
    StatusChange,
    Vote,
    vote_weight,
)

Status = Idea.Status
logger = logging.getLogger(__name__)

STAFF_EMAIL = "staff@example.org"
MODERATOR_EMAIL = "moderator@example.org"
DEMO_RESIDENT = "resident@example.org"  # the demo login "Rosa M."
RESIDENT_EMAIL = "demo-resident-{}@example.org"
SKIPPED_REASON = "demo content"
SECTION_AFTER = "surveys"  # the Ideas section comes right after this one in the menu

RESIDENT_NAMES = [
    "Aisha K.",
    "Marcus T.",
    "Lucía R.",
    "Tom B.",
    "Keisha W.",
    "Nguyen V.",
    "Carmen D.",
    "Pat O.",
    "Jamal H.",
    "Sofía M.",
    "Dave S.",
    "Mei L.",
    "Andre J.",
    "Rosa P.",
    "Bill C.",
    "Fatima A.",
    "José G.",
    "Linda F.",
    "Omar N.",
    "Grace E.",
    "Héctor V.",
    "Tanya R.",
    "Kevin M.",
    "Ana L.",
    "Ray D.",
    "Priya S.",
    "Luis F.",
    "Joan W.",
    "Darnell P.",
    "Elena C.",
    "Mike K.",
    "Yolanda B.",
    "Sam T.",
    "Isabel O.",
    "Chris A.",
    "Nadia H.",
]
NEIGHBORHOOD_ROTA = ["kensington", "kensington", "germantown", "center-city", "west-philadelphia"]

INDEX = {
    "en": {
        "title": "Ideas",
        "slug": "ideas",
        "search_description": "Propose an idea for your neighborhood and vote on others'.",
        "intro": (
            "<p>Propose an idea for your neighborhood and vote on others'. The city answers "
            "every idea that gathers support, and you can follow each one from proposal to "
            "decision.</p>"
        ),
    },
    "es": {
        "title": "Ideas",
        "slug": "ideas",
        "search_description": "Proponga una idea para su barrio y vote por las de otros.",
        "intro": (
            "<p>Proponga una idea para su barrio y vote por las de otros. La ciudad responde a "
            "cada idea que reúne apoyo, y usted puede seguir cada una desde la propuesta "
            "hasta la decisión.</p>"
        ),
    },
}

# key: rules (dates in days from now), neighborhoods, suggested tags, and texts per language.
CAMPAIGNS = {
    "parks": {
        "opens": -21,
        "closes": 40,
        "moderation": Moderation.POST,
        "vote_budget": 3,
        "support_threshold": 10,
        "neighborhoods": ["kensington"],
        "tags": ["benches", "trees", "playgrounds", "lighting", "accessibility"],
        "en": {
            "title": "Parks in Kensington",
            "slug": "parks-in-kensington",
            "question": "How should we improve parks in Kensington?",
            "search_description": "Ideas for Kensington's parks, for this year's budget.",
            "intro": (
                "<p>Kensington's parks get a share of this year's capital budget. Tell us what "
                "would make them better for you, and vote for up to <b>three</b> ideas. An "
                "idea with 10 votes is reviewed by Parks &amp; Recreation.</p>"
            ),
        },
        "es": {
            "title": "Parques en Kensington",
            "slug": "parques-en-kensington",
            "question": "¿Cómo deberíamos mejorar los parques de Kensington?",
            "search_description": "Ideas para los parques de Kensington, para el presupuesto.",
            "intro": (
                "<p>Los parques de Kensington reciben una parte del presupuesto de este año. "
                "Díganos qué los haría mejores para usted y vote por hasta <b>tres</b> ideas. "
                "Parques y Recreación revisa cada idea que llega a 10 votos.</p>"
            ),
        },
    },
    "schools": {
        "opens": -100,
        "closes": -30,
        "moderation": Moderation.PRE,
        "vote_budget": None,
        "support_threshold": None,
        "neighborhoods": ["germantown"],
        "tags": ["crossings", "traffic calming", "lighting"],
        "en": {
            "title": "Safer streets around schools",
            "slug": "safer-streets-around-schools",
            "question": "What would make the walk to school safer?",
            "search_description": "Closed: what residents proposed, and what the city decided.",
            "intro": (
                "<p>Parents, students and neighbors told us where the walk to school feels "
                "unsafe. The campaign has closed; see below what the city decided.</p>"
            ),
        },
        "es": {
            "title": "Calles más seguras alrededor de las escuelas",
            "slug": "calles-seguras-escuelas",
            "question": "¿Qué haría más seguro el camino a la escuela?",
            "search_description": (
                "Cerrada: lo que propusieron los vecinos y lo que decidió la ciudad."
            ),
            "intro": (
                "<p>Madres, padres, estudiantes y vecinos nos dijeron dónde el camino a la "
                "escuela no se siente seguro. La campaña cerró; vea abajo lo que decidió la "
                "ciudad.</p>"
            ),
        },
    },
}

# A campaign staff opened this week and nobody has translated yet: the Spanish site shows
# Wagtail's alias of it (what the synchronised page tree makes when a page is created), which
# the page and the lists mark as being in English. It has no ideas yet.
UNTRANSLATED_CAMPAIGN = {
    "opens": -2,
    "closes": 45,
    "moderation": Moderation.PRE,
    "vote_budget": None,
    "support_threshold": None,
    "neighborhoods": ["center-city"],
    "tags": ["names"],
    "en": {
        "title": "A name for the new Center City library",
        "slug": "name-the-new-library",
        "question": "What should the new library branch be called?",
        "search_description": "Propose a name for the library branch opening next spring.",
        "intro": (
            "<p>The new library branch on Spring Garden Street opens next spring. Propose a "
            "name, or vote for the names you like best. The Free Library's board chooses from "
            "the five with the most votes.</p>"
        ),
    },
}

# Answers staff give with each decision (clean HTML, as the admin form would store it).
ANSWERS = {
    "review": (
        "<p>Thank you. The departments concerned are looking at the cost and will answer here.</p>"
    ),
    "accepted": (
        "<p>Good idea: it is in this year's budget. We will post the dates here once the "
        "work is scheduled.</p>"
    ),
    "progress": (
        "<p>A crew started on this. Expect some noise and a fenced-off area for a while.</p>"
    ),
    "implemented": "<p>Done. Thank you to everyone who proposed, voted and commented.</p>",
}

# Each idea: key, campaign key (None: the general box), author (a resident number, or the
# demo login), neighborhood, days ago, texts, tags, how many votes, and what happens next:
# "decisions" (status, answer) in order, "merge_into" another key, or "withdraw".
IDEAS = [
    {
        "key": "shade-trees",
        "campaign": "parks",
        "author": 1,
        "days": 19,
        "title": "Shade trees around the Hissey Park playground",
        "summary": "The playground has no shade at all; in July the slide is too hot to touch.",
        "body": (
            "<p>Plant a ring of trees around the playground, and put up a shade sail until "
            "they grow.</p>"
        ),
        "tags": ["trees", "playgrounds"],
        "votes": 11,  # past the threshold: "under review" by itself
    },
    {
        "key": "fountain",
        "campaign": "parks",
        "author": 2,
        "days": 18,
        "title": "A drinking fountain at McPherson Square",
        "summary": "Kids playing ball and people walking dogs have nowhere to get water.",
        "body": "<p>A fountain with a bottle filler and a low bowl for dogs.</p>",
        "tags": ["accessibility"],
        "votes": 12,
        "decisions": [("accepted", ANSWERS["accepted"])],
    },
    {
        "key": "court-lights",
        "campaign": "parks",
        "author": 3,
        "days": 17,
        "title": "Fix the lights on the basketball courts",
        "summary": "Half of the court lights have been out since spring.",
        "body": (
            "<p>After 7 pm in winter nobody can play. The poles are there; the lamps are out.</p>"
        ),
        "tags": ["lighting"],
        "votes": 10,
        "decisions": [
            ("accepted", ANSWERS["accepted"]),
            ("progress", ANSWERS["progress"]),
        ],
    },
    {
        "key": "garden-beds",
        "campaign": "parks",
        "author": 4,
        "days": 16,
        "title": "Raised garden beds at Harrowgate Park",
        "summary": "A few raised beds neighbors can sign up for, with a water tap nearby.",
        "body": (
            "<p>Raised beds are easier for older gardeners and keep the soil clean. Our block "
            "club would look after the sign-up sheet.</p>"
        ),
        "tags": ["accessibility"],
        "votes": 10,
        "decisions": [
            ("accepted", ANSWERS["accepted"]),
            ("progress", ANSWERS["progress"]),
            ("implemented", ANSWERS["implemented"]),
        ],
    },
    {
        "key": "food-trucks",
        "campaign": "parks",
        "author": 5,
        "days": 15,
        "title": "Let food trucks park inside the park on weekends",
        "summary": "It would bring people in, and families could stay longer.",
        "body": "<p>Two or three trucks on the main path on Saturdays and Sundays.</p>",
        "tags": [],
        "votes": 3,
        "decisions": [
            (
                "declined",
                "<p>The paths inside the park are not built for vehicles, and trucks would "
                "share them with children. Food trucks may already park on the streets around "
                "the park with a vending permit.</p>",
            )
        ],
    },
    {
        "key": "benches",
        "campaign": "parks",
        "author": 6,
        "days": 14,
        "title": "More benches along the Tacony Creek trail",
        "summary": "Places to rest every few hundred metres.",
        "body": (
            "<p>Older residents cannot walk the whole trail without resting. A bench every "
            "300 metres or so would do.</p>"
        ),
        "tags": ["benches", "accessibility"],
        "votes": 7,
    },
    {
        "key": "benches-again",
        "campaign": "parks",
        "author": 7,
        "days": 12,
        "title": "Benches on the creek trail, please",
        "summary": "My mother cannot walk to the end of the trail without sitting down.",
        "body": "<p>Even a few benches would help.</p>",
        "tags": ["benches"],
        "votes": 3,  # two of them also voted for "benches": they keep one vote there
        "overlap": "benches",
        "merge_into": "benches",
    },
    {
        "key": "skate-ramp",
        "campaign": "parks",
        "author": 8,
        "days": 11,
        "title": "A skate ramp at Penn Treaty Park",
        "summary": "Teenagers skate on the steps of the rec center because there is nowhere else.",
        "body": "<p>A small concrete ramp and a rail.</p>",
        "tags": ["playgrounds"],
        "votes": 2,
        "withdraw": True,
    },
    {
        "key": "bilingual-signs",
        "campaign": "parks",
        "author": 9,
        "days": 9,
        "title": "Letreros bilingües en los parques",
        "summary": "Muchas familias del barrio leen mejor en español que en inglés.",
        "body": (
            "<p>Los letreros con las reglas y los horarios del parque deberían estar en inglés "
            "y en español.</p>"
        ),
        "tags": ["accessibility"],
        "votes": 5,
    },
    {
        "key": "clean-up-days",
        "campaign": "parks",
        "author": DEMO_RESIDENT,
        "days": 5,
        "title": "Monthly clean-up days with free supplies",
        "summary": "Neighbors would pitch in if the city lent gloves, grabbers and bags.",
        "body": (
            "<p>One Saturday a month. The city drops off supplies in the morning and picks "
            "up the bags in the afternoon.</p>"
        ),
        "tags": [],
        "votes": 4,
    },
    {
        "key": "crossing-guard",
        "campaign": "schools",
        "author": 10,
        "days": 95,
        "title": "A crossing guard at Germantown Ave and Chelten Ave",
        "summary": "Children cross five lanes of traffic there every morning.",
        "body": "<p>Between 7:30 and 8:30, and again at 3 pm when school lets out.</p>",
        "tags": ["crossings"],
        "votes": 9,
        "decisions": [
            ("review", ANSWERS["review"]),
            ("accepted", ANSWERS["accepted"]),
            ("implemented", "<p>A crossing guard has been on this corner since Monday.</p>"),
        ],
    },
    {
        "key": "speed-cushions",
        "campaign": "schools",
        "author": 11,
        "days": 90,
        "title": "Speed cushions on the streets around the Lingelbach school",
        "summary": "Cars speed down Wayne Ave past the school entrance.",
        "body": "<p>Speed cushions slow cars down and let buses and fire trucks through.</p>",
        "tags": ["traffic calming"],
        "votes": 8,
        "decisions": [("review", ANSWERS["review"]), ("accepted", ANSWERS["accepted"])],
    },
    {
        "key": "school-zone-signs",
        "campaign": "schools",
        "author": 12,
        "days": 85,
        "title": "Flashing school-zone signs on Lincoln Drive",
        "summary": "Drivers do not notice the school until they are past it.",
        "body": "<p>Flashing 15 mph signs that light up during school hours.</p>",
        "tags": ["traffic calming"],
        "votes": 7,
        "decisions": [("progress", ANSWERS["progress"])],
    },
    {
        "key": "car-free-drop-off",
        "campaign": "schools",
        "author": 13,
        "days": 80,
        "title": "Close the street in front of the school to cars at drop-off time",
        "summary": "A school street: no cars for half an hour in the morning.",
        "body": "<p>Other cities do it with two movable barriers and a volunteer.</p>",
        "tags": ["traffic calming"],
        "votes": 4,
        "decisions": [
            (
                "declined",
                "<p>This street is a bus route, and SEPTA cannot move the route for half an "
                "hour a day. We will look at the side streets instead, in the next campaign.</p>",
            )
        ],
    },
    {
        "key": "path-lighting",
        "campaign": "schools",
        "author": 14,
        "days": 75,
        "title": "Better lighting on the path to the high school",
        "summary": "The footpath behind the library is dark in winter mornings.",
        "body": "<p>Three or four lamps along the path would make a big difference.</p>",
        "tags": ["lighting"],
        "votes": 3,
        "decisions": [
            (
                "review",
                "<p>We have asked the Streets Department to survey the path; they will report "
                "back here.</p>",
            )
        ],
    },
    {
        "key": "walking-bus",
        "campaign": "schools",
        "author": 15,
        "days": 70,
        "title": "A walking school bus with volunteer parents",
        "summary": "Parents take turns walking a group of children along a fixed route.",
        "body": "<p>The city could print route maps and lend high-visibility vests.</p>",
        "tags": [],
        "votes": 3,
    },
    {
        "key": "wifi",
        "campaign": None,
        "author": 16,
        "days": 2,
        "title": "Free Wi-Fi in every recreation center",
        "summary": "Students do their homework at the rec center but the signal is weak.",
        "body": "<p>Good Wi-Fi in the main rooms, open to everyone.</p>",
        "tags": [],
        "votes": 0,
        "awaiting": True,
    },
    {
        "key": "library-hours",
        "campaign": None,
        "author": 17,
        "days": 1,
        "title": "Horario más largo en la biblioteca los sábados",
        "summary": "La biblioteca cierra a las 5 los sábados; muchos trabajamos toda la semana.",
        "body": "<p>Abrir hasta las 8 los sábados ayudaría a las familias que trabajan.</p>",
        "tags": [],
        "votes": 0,
        "awaiting": True,
    },
    {
        "key": "recycling-bins",
        "campaign": None,
        "author": 18,
        "days": 30,
        "title": "Recycling bins next to every bus stop",
        "summary": "There are trash cans at bus stops but nowhere to put bottles and cans.",
        "body": "<p>A recycling bin beside each trash can at the busiest stops, to start.</p>",
        "tags": [],
        "votes": 5,
    },
    {
        "key": "restrooms",
        "campaign": None,
        "author": 19,
        "days": 45,
        "title": "Public restrooms in Center City",
        "summary": "There is almost nowhere to use a toilet downtown without buying something.",
        "body": "<p>Staffed, clean public restrooms near the busiest transit stations.</p>",
        "tags": [],
        "votes": 7,
        "decisions": [
            (
                "accepted",
                "<p>Two staffed restrooms will open next year, at City Hall and near the "
                "Market East station.</p>",
            )
        ],
    },
]

# Comments: idea key, author, text, and the key of the comment it answers (or None).
# "staff" writes official replies; "mod" is the moderator.
COMMENTS = [
    ("c-benches-1", "benches", 20, "Yes please. The first bench should be by the bridge.", None),
    ("c-benches-2", "benches", 21, "And one near the dog run, it is a long way.", "c-benches-1"),
    (
        "c-benches-3",
        "benches",
        "staff",
        "Parks &amp; Recreation is pricing benches for the trail now. We will post the plan "
        "here, and the idea “Benches on the creek trail” has been merged into this one.",
        None,
    ),
    ("c-benches-4", "benches", 6, "Thank you! Happy to show anyone the worst stretch.", None),
    ("c-food-1", "food-trucks", 22, "Love this, the nearest lunch place is far.", None),
    (
        "c-food-2",
        "food-trucks",
        23,
        "This is the dumbest idea on here, whoever wrote it should move to the suburbs.",
        "c-food-1",
    ),
    ("c-clean-1", "clean-up-days", 24, "Count me in for the first one.", None),
    (
        "c-clean-2",
        "clean-up-days",
        DEMO_RESIDENT,
        "Great, I will ask the block club for a date.",
        "c-clean-1",
    ),
    ("c-clean-3", "clean-up-days", 25, "Saturday mornings work best for us.", "c-clean-1"),
    (
        "c-signs-1",
        "bilingual-signs",
        26,
        "Sí, y también en los avisos de eventos. / Yes, event notices too.",
        None,
    ),
    (
        "c-signs-2",
        "bilingual-signs",
        27,
        "CHEAP SNEAKERS 80% OFF at www.example.com/deals",
        None,
    ),
    ("c-guard-1", "crossing-guard", 28, "The guard is great. Thank you for listening.", None),
    (
        "c-guard-2",
        "crossing-guard",
        "staff",
        "Thank you all: your votes made this a priority for the school district.",
        None,
    ),
    ("c-shade-1", "shade-trees", 29, "A shade sail this summer would already help.", None),
    ("c-bins-1", "recycling-bins", 30, "The stop at Broad and Erie needs one most.", None),
]
FLAGS = [
    # (comment key, reporter, reason, details): left for the moderators' queue.
    ("c-food-2", 24, Flag.Reason.OFFENSIVE, "Insulting the author."),
    ("c-food-2", 31, Flag.Reason.OFFENSIVE, ""),
]
HIDDEN = [
    # (comment key, flagged by, reason the moderator gives): hidden, with a log entry.
    ("c-signs-2", 26, "Advertising is not allowed in comments."),
]


# Pages --------------------------------------------------------------------------------


def place_after(page, sibling):
    """Move ``page`` right after ``sibling`` (same parent) in the menu, unless it is there."""
    if sibling is None:
        return
    page = Page.objects.get(pk=page.pk)
    previous = page.get_prev_sibling()
    if previous is None or previous.pk != sibling.pk:
        page.move(Page.objects.get(pk=sibling.pk), pos="right")


def ensure_index(english, spanish):
    """The Ideas section in English and Spanish, in the menu after Surveys; or None."""
    home = HomePage.objects.filter(locale=english).first()
    if home is None:
        return None
    index = IdeasIndexPage.objects.filter(locale=english).first()
    if index is None:
        if not remove_old_section(english, INDEX["en"]["slug"]):
            logger.warning(
                "No demo ideas: the old 'Ideas' section page has pages under it. Move or "
                "delete them (and the section), then run seed_demo again."
            )
            return None
        index = IdeasIndexPage(
            show_in_menus=True,
            general_box_open=True,
            general_box_moderation=Moderation.PRE,
            **INDEX["en"],
        )
        Page.objects.get(pk=home.pk).add_child(instance=index)
        index.save_revision().publish()
    index_es = translate(index, spanish, INDEX["es"])
    # Whatever its type (the surveys part makes its own index page there).
    surveys = Page.objects.child_of(home).filter(slug=SECTION_AFTER).first()
    place_after(index, surveys)
    place_after(index_es, surveys.get_translation_or_none(spanish) if surveys else None)
    return IdeasIndexPage.objects.get(pk=index.pk)


def ensure_campaign(index, spanish, key, now):
    spec = CAMPAIGNS[key]
    campaign = english_campaign(index, spec, now)
    translate(campaign, spanish, spec["es"])
    return IdeaCampaignPage.objects.get(pk=campaign.pk)


def ensure_untranslated_campaign(index, spanish, now):
    """The English-only campaign, and its alias in the Spanish tree."""
    campaign = english_campaign(index, UNTRANSLATED_CAMPAIGN, now)
    if not campaign.has_translation(spanish):
        campaign.copy_for_translation(spanish, alias=True)
    return IdeaCampaignPage.objects.get(pk=campaign.pk)


def english_campaign(index, spec, now):
    """The campaign of ``spec`` under ``index``, created and published if missing."""
    campaign = IdeaCampaignPage.objects.child_of(index).filter(slug=spec["en"]["slug"]).first()
    if campaign is None:
        campaign = IdeaCampaignPage(
            opens_at=now + timedelta(days=spec["opens"]),
            closes_at=now + timedelta(days=spec["closes"]),
            moderation=spec["moderation"],
            voting_enabled=True,
            vote_budget=spec["vote_budget"],
            support_threshold=spec["support_threshold"],
            **spec["en"],
        )
        campaign.neighborhoods = list(Neighborhood.objects.filter(slug__in=spec["neighborhoods"]))
        campaign.suggested_tags.add(*spec["tags"])
        index.add_child(instance=campaign)
        campaign.save_revision().publish()
    return campaign


# People ---------------------------------------------------------------------------------


def ensure_residents():
    """The generated demo residents, in order: verified, no usable password."""
    User = get_user_model()
    emails = [RESIDENT_EMAIL.format(n) for n in range(1, len(RESIDENT_NAMES) + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    neighborhoods = {n.slug: n for n in Neighborhood.objects.all()}
    new = []
    for number, (email, name) in enumerate(zip(emails, RESIDENT_NAMES, strict=True), 1):
        if email in existing:
            continue
        user = User(
            email=email,
            display_name=name,
            preferred_language="es" if number % 4 == 0 else "en",
            home_neighborhood=neighborhoods.get(NEIGHBORHOOD_ROTA[number % len(NEIGHBORHOOD_ROTA)]),
        )
        user.set_unusable_password()
        new.append(user)
    User.objects.bulk_create(new)
    people = {u.email: u for u in User.objects.filter(email__in=emails)}
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=people[u.email], email=u.email, verified=True, primary=True)
            for u in new
        ]
    )
    return [people[email] for email in emails]


# Ideas ----------------------------------------------------------------------------------


class _Seeder:
    def __init__(self, *, residents, login, staff, moderator, campaigns, now):
        self.residents = residents
        self.login = login
        self.staff = staff
        self.moderator = moderator
        self.campaigns = campaigns
        self.now = now
        self.ideas = {}
        self.comments = {}
        self.voters = {}  # idea key -> the residents who voted for it
        self.next_voter = 0

    def person(self, who):
        if who == DEMO_RESIDENT:
            return self.login
        if who == "staff":
            return self.staff
        if who == "mod":
            return self.moderator
        return self.residents[who - 1]

    def point(self, neighborhood):
        """A point near the middle of the neighborhood, if the middle is inside it."""
        if neighborhood is None:
            return {}
        lat = round((neighborhood.min_lat + neighborhood.max_lat) / 2, 6)
        lng = round((neighborhood.min_lng + neighborhood.max_lng) / 2, 6)
        if not geometry.contains(neighborhood.boundary, lat=lat, lng=lng):
            return {}
        return {"lat": lat, "lng": lng}

    def submit(self, spec):
        campaign = self.campaigns.get(spec["campaign"])
        author = self.person(spec["author"])
        neighborhood = None
        if campaign is not None:
            neighborhood = campaign.neighborhoods.first()
        idea = services.submit_idea(
            author=author,
            campaign=campaign,
            tags=spec["tags"],
            title=spec["title"],
            summary=spec["summary"],
            body=spec["body"],
            neighborhood=neighborhood,
            **self.point(neighborhood),
        )
        if idea.status == Status.AWAITING and not spec.get("awaiting"):
            idea = services.publish(idea, self.moderator)
        self.ideas[spec["key"]] = idea
        return idea

    def pick_voters(self, spec):
        """``spec["votes"]`` residents, in turn, each within the campaign's vote budget."""
        campaign = self.campaigns.get(spec["campaign"])
        budget = campaign.vote_budget if campaign else None
        chosen = []
        if spec.get("overlap"):  # people who vote for both ideas (before they are merged)
            chosen = [
                person
                for person in self.voters[spec["overlap"]]
                if not budget or services.votes_left(person, campaign)
            ][:2]
        attempts = 0
        while len(chosen) < spec["votes"]:
            attempts += 1
            if attempts > 10 * len(self.residents):
                raise RuntimeError(f"Not enough demo residents to vote for {spec['key']}")
            person = self.residents[self.next_voter % len(self.residents)]
            self.next_voter += 1
            if person.pk == self.ideas[spec["key"]].author_id or person in chosen:
                continue
            if budget and services.votes_left(person, campaign) < 1:
                continue
            chosen.append(person)
        return chosen

    def vote(self, spec):
        idea = self.ideas[spec["key"]]
        voters = self.pick_voters(spec)
        for position, person in enumerate(voters):
            services.cast_vote(idea, person, follow=position % 4 == 1)
        self.voters[spec["key"]] = voters

    def comment(self, key, idea_key, who, text, parent_key):
        parent = self.comments[parent_key] if parent_key else None
        self.comments[key] = services.add_comment(
            self.ideas[idea_key], self.person(who), f"<p>{text}</p>", parent=parent
        )

    def conclude(self, spec):
        idea = self.ideas[spec["key"]]
        for status, answer in spec.get("decisions", ()):
            idea = services.decide(idea, self.staff, status, answer)
        if spec.get("merge_into"):
            services.merge(
                idea,
                self.ideas[spec["merge_into"]],
                self.staff,
                "<p>The same idea as “More benches along the Tacony Creek trail”: its votes "
                "and followers were carried over.</p>",
            )
        if spec.get("withdraw"):
            services.withdraw_idea(idea, idea.author)

    def run(self):
        for spec in IDEAS:
            self.submit(spec)
        for key, idea_key, who, text, parent_key in COMMENTS:
            self.comment(key, idea_key, who, text, parent_key)
        for spec in IDEAS:
            if spec["votes"]:
                self.vote(spec)
        for key, who, reason, details in FLAGS:
            services.flag(
                self.person(who), reason=reason, details=details, comment=self.comments[key]
            )
        for key, who, reason in HIDDEN:
            services.flag(self.person(who), reason=Flag.Reason.SPAM, comment=self.comments[key])
            services.hide(self.moderator, reason, comment=self.comments[key])
        for spec in IDEAS:
            self.conclude(spec)

    # Timestamps ---------------------------------------------------------------------

    def backdate(self):
        """Spread each idea's life over the days before now, votes and history included.

        Submitted (and published) first, then the votes and comments, then the decisions;
        in a closed campaign the votes stop when it closed.
        """
        votes, comments = [], []
        for spec in IDEAS:
            idea = self.ideas[spec["key"]]
            created = self.now - timedelta(days=spec["days"], hours=spec["days"] % 7)
            published = created
            if idea.moderation == Moderation.PRE:
                published = created + timedelta(hours=20)
            campaign = self.campaigns.get(spec["campaign"])
            ends = self.now - timedelta(hours=1)
            if campaign is not None and campaign.closes_at and campaign.closes_at < ends:
                ends = campaign.closes_at
            changes = list(StatusChange.objects.filter(idea=idea).order_by("created_at", "pk"))
            later = [c for c in changes[1:] if c.to_status != Status.PUBLISHED]
            active_until = published + (ends - published) * 0.6 if later else ends
            StatusChange.objects.filter(pk=changes[0].pk).update(created_at=created)
            StatusChange.objects.filter(idea=idea, to_status=Status.PUBLISHED).exclude(
                pk=changes[0].pk
            ).update(created_at=published)
            for position, change in enumerate(later, 1):
                when = active_until + (self.now - active_until) * position / (len(later) + 1)
                StatusChange.objects.filter(pk=change.pk).update(created_at=when)
            if idea.status == Status.AWAITING:
                Idea.objects.filter(pk=idea.pk).update(created_at=created)
            else:
                Idea.objects.filter(pk=idea.pk).update(created_at=created, published_at=published)
                ModerationAction.objects.filter(
                    idea=idea, kind=ModerationAction.Kind.PUBLISH
                ).update(created_at=published)
            span = active_until - published
            idea_votes = list(Vote.objects.filter(idea=idea).order_by("pk"))
            for position, vote in enumerate(idea_votes, 1):
                vote.created_at = published + span * position / (len(idea_votes) + 1)
                vote.weight = vote_weight(vote.created_at)
                votes.append(vote)
            idea_comments = list(Comment.objects.filter(idea=idea).order_by("pk"))
            for position, comment in enumerate(idea_comments, 1):
                comment.created_at = published + span * position / (len(idea_comments) + 2)
                comments.append(comment)
        Vote.objects.bulk_update(votes, ["created_at", "weight"], batch_size=500)
        Comment.objects.bulk_update(comments, ["created_at"], batch_size=500)
        flagged = Flag.objects.filter(comment__isnull=False)
        moderated = set(flagged.values_list("comment", flat=True))
        for comment in comments:
            if comment.pk not in moderated:
                continue
            Flag.objects.filter(comment=comment).update(
                created_at=comment.created_at + timedelta(hours=1)
            )
            Flag.objects.filter(comment=comment, resolved_at__isnull=False).update(
                resolved_at=comment.created_at + timedelta(hours=3)
            )
            ModerationAction.objects.filter(comment=comment).update(
                created_at=comment.created_at + timedelta(hours=3)
            )
        # The trending score is the sum of the (backdated) votes' weights.
        score = (
            Vote.objects.filter(idea=OuterRef("pk"))
            .values("idea")
            .annotate(total=Sum("weight"))
            .values("total")
        )
        Idea.objects.filter(pk__in=[i.pk for i in self.ideas.values()]).update(
            trending_score=Coalesce(Subquery(score), 0.0)
        )


def _open_while_seeding(campaigns):
    """Closed campaigns are reopened for the seed (ideas came in while they were open)."""
    closes = {}
    for campaign in campaigns.values():
        closes[campaign.pk] = campaign.closes_at
        IdeaCampaignPage.objects.filter(pk=campaign.pk).update(closes_at=None)
    return closes


@transaction.atomic
def load_demo_ideas():
    """Create the Ideas section, the campaigns and the demo ideas if they are missing.

    Returns the number of ideas created (0 when they were there already).
    """
    english, _ = Locale.objects.get_or_create(language_code="en")
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    User = get_user_model()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    moderator = User.objects.filter(email=MODERATOR_EMAIL).first()
    login = User.objects.filter(email=DEMO_RESIDENT).first()
    index = ensure_index(english, spanish)
    if index is None or staff is None or moderator is None or login is None:
        return 0
    now = timezone.now()
    campaigns = {key: ensure_campaign(index, spanish, key, now) for key in CAMPAIGNS}
    ensure_untranslated_campaign(index, spanish, now)
    residents = ensure_residents()
    if Idea.objects.filter(author__in=residents).exists():
        return 0

    last_notification = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
    closes = _open_while_seeding(campaigns)
    seeder = _Seeder(
        residents=residents,
        login=login,
        staff=staff,
        moderator=moderator,
        campaigns={
            key: IdeaCampaignPage.objects.get(pk=campaign.pk) for key, campaign in campaigns.items()
        },
        now=now,
    )
    seeder.run()
    for pk, closes_at in closes.items():
        IdeaCampaignPage.objects.filter(pk=pk).update(closes_at=closes_at)
    seeder.campaigns = {
        key: IdeaCampaignPage.objects.get(pk=campaign.pk) for key, campaign in campaigns.items()
    }
    seeder.backdate()
    # The services queued e-mails (status changes, replies, thresholds): nobody is mailed.
    Notification.objects.filter(
        pk__gt=last_notification or 0, sent_at__isnull=True, skipped_reason=""
    ).update(skipped_reason=SKIPPED_REASON)
    return len(seeder.ideas)
