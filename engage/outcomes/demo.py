"""Demo outcomes: the "You said, we did" section and outcomes at every stage.

``load_demo_outcomes()`` is called by ``manage.py seed_demo`` (``OutcomesConfig
.demo_content``) after every other part's demo content, since outcomes answer it: demo
ideas, demo service reports, the citywide survey, a past cleanup and the youth program.
It is safe to run again and again:

* the section (an ``OutcomeIndexPage``, in the menu after "Youth programs") and each
  outcome are looked up by slug and created only if missing; their Spanish translations are
  made, or brought back to the demo text, only when they differ;
* the before and after photos are looked up by title and drawn only if missing;
* an outcome's linked feedback is set when the outcome is made: what a demo part did not
  make (its demo content was removed) is simply not linked.

An older demo database has a plain "Outcomes" SectionPage where the section goes: it is
replaced (with its Spanish translation) when nothing was added under it, and left alone
otherwise, in which case no demo outcome is made.

The outcomes: garden beds built (completed, with before and after photos), street lights
repaired (in progress, with milestones, answering reports, an idea and two questions of
the citywide survey), benches on a trail (planned, answering an idea and the one merged into
it), cleaner streets in Kensington (a parent outcome whose progress is its three children's:
a cleanup done, clean-up days under way, cameras planned), and the youth program's results.
"""

import io
import logging
from datetime import timedelta
from decimal import Decimal

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from engage.core.demo import remove_old_section, translate
from engage.core.models import HomePage
from engage.neighborhoods.models import Neighborhood
from engage.reports.demo import DEMO_DEVICE_ID
from engage.reports.models import Department, ServiceReport
from ideas.models import Idea
from liaisons.models import VolunteerEvent
from surveys.models import SurveyPage
from youth.models import Program

from .models import OutcomeIndexPage, OutcomeLink, OutcomeMilestone, OutcomePage
from .signals import announcements_held

logger = logging.getLogger(__name__)

Status = OutcomePage.Status
SECTION_AFTER = "youth"  # the section comes right after this one in the menu

INDEX = {
    "en": {
        "title": "Outcomes",
        "slug": "outcomes",
        "search_description": "You said, we did: what changed because residents spoke up.",
        "intro": (
            "You said, we did: what changed because residents spoke up, how far along each "
            "change is, and the ideas, reports and surveys behind it."
        ),
    },
    "es": {
        "title": "Resultados",
        "slug": "resultados",
        "search_description": "Ustedes dijeron, nosotros hicimos: lo que cambió gracias a ustedes.",
        "intro": (
            "Ustedes dijeron, nosotros hicimos: lo que cambió gracias a los residentes, cuánto "
            "avanzó cada cambio, y las ideas, reportes y encuestas que lo motivaron."
        ),
    },
}

# The two photos of the garden beds: (title, alt text, colours) — drawn, not downloaded.
PHOTOS = {
    "before": (
        "Harrowgate Park lot before the garden beds",
        "A bare, weedy patch of ground by the park fence, with litter along the edge.",
    ),
    "after": (
        "Harrowgate Park garden beds",
        "Six raised wooden garden beds full of green plants, with a water tap beside them.",
    ),
}

# Each outcome: its slug and texts per language, where it is, what it answers, its stage.
# ``ideas``: demo idea titles; ``reports``: (category code, neighborhood slug or None,
# how many, resolved only); ``survey``: the question kinds whose results it shows;
# ``event``: a demo volunteer event's title; ``program``: the youth program's name.
OUTCOMES = [
    {
        "key": "garden-beds",
        "en": {
            "title": "Raised garden beds at Harrowgate Park",
            "slug": "garden-beds-harrowgate",
            "summary": (
                "Six raised garden beds and a water tap, looked after by the block club: "
                "what neighbors asked for in the parks campaign."
            ),
            "why": (
                "<p>Residents asked for beds that older gardeners can reach, with water "
                "nearby. The block club offered to run the sign-up sheet, so the city built "
                "the beds and the tap.</p>"
            ),
        },
        "es": {
            "title": "Huertos elevados en el parque Harrowgate",
            "slug": "huertos-harrowgate",
            "summary": (
                "Seis huertos elevados y una toma de agua que cuida el club de vecinos: lo que "
                "pidieron en la campaña de parques."
            ),
            "why": (
                "<p>Los residentes pidieron huertos que las personas mayores puedan alcanzar, "
                "con agua cerca. El club de vecinos se ofreció a llevar la lista, así que la "
                "ciudad construyó los huertos y la toma de agua.</p>"
            ),
        },
        "status": Status.COMPLETED,
        "progress": 100,
        "started": -90,
        "completed": -20,
        "cost": Decimal("18500.00"),
        "department": "Community Life Improvement Program",
        "neighborhoods": ["kensington"],
        "topics": ["parks", "gardens"],
        "photos": True,
        "milestones": [
            ("Site chosen with the block club", "Sitio elegido con el club de vecinos", -80, -82),
            ("Beds built and the tap connected", "Huertos construidos y agua conectada", -30, -28),
            ("First planting day", "Primer día de siembra", -20, -20),
        ],
        "ideas": ["Raised garden beds at Harrowgate Park"],
    },
    {
        "key": "street-lights",
        "en": {
            "title": "Street lights fixed where residents reported them",
            "slug": "street-lights-fixed",
            "summary": (
                "Every reported dark street light inspected; broken lamps are being replaced, "
                "the worst blocks first."
            ),
            "why": (
                "<p>Reports of lights out, an idea about the basketball courts and the "
                "citywide survey all said the same: streets are too dark at night.</p>"
            ),
        },
        "es": {
            "title": "Alumbrado reparado donde los residentes lo reportaron",
            "slug": "alumbrado-reparado",
            "summary": (
                "Se revisó cada farola apagada reportada; se están cambiando las lámparas "
                "rotas, empezando por las cuadras más oscuras."
            ),
            "why": (
                "<p>Los reportes de farolas apagadas, una idea sobre las canchas de baloncesto "
                "y la encuesta de toda la ciudad decían lo mismo: las calles están muy oscuras "
                "de noche.</p>"
            ),
        },
        "status": Status.IN_PROGRESS,
        "progress": 60,
        "started": -45,
        "cost": Decimal("64000.00"),
        "department": "Streets Department",
        "neighborhoods": ["kensington", "west-philadelphia", "south-philadelphia"],
        "topics": ["lighting", "safety"],
        "milestones": [
            (
                "Every reported light inspected",
                "Revisadas todas las farolas reportadas",
                -30,
                -31,
            ),
            ("Broken lamps replaced", "Lámparas rotas cambiadas", 14, None),
            (
                "LED lamps on the darkest blocks",
                "Lámparas LED en las cuadras más oscuras",
                60,
                None,
            ),
        ],
        "ideas": ["Fix the lights on the basketball courts"],
        "reports": ("streetlight-out", None, 3, False),
        "survey": ("rating", "matrix"),
    },
    {
        "key": "trail-benches",
        "en": {
            "title": "Benches along the Tacony Creek trail",
            "slug": "tacony-creek-benches",
            "summary": "A bench every 300 metres along the trail, so everyone can walk it all.",
            "why": (
                "<p>Two ideas asked for the same thing (one was merged into the other): older "
                "residents cannot walk the trail without resting.</p>"
            ),
        },
        "es": {
            "title": "Bancas a lo largo del sendero Tacony Creek",
            "slug": "bancas-tacony-creek",
            "summary": "Una banca cada 300 metros en el sendero, para que todos puedan recorrerlo.",
            "why": (
                "<p>Dos ideas pedían lo mismo (una se unió a la otra): las personas mayores no "
                "pueden recorrer el sendero sin descansar.</p>"
            ),
        },
        "status": Status.PLANNED,
        "progress": 0,
        "neighborhoods": ["germantown"],
        "topics": ["benches", "accessibility"],
        "milestones": [
            ("Bench places walked with neighbors", "Lugares recorridos con los vecinos", 30, None),
            ("Benches installed", "Bancas instaladas", 120, None),
        ],
        "ideas": ["More benches along the Tacony Creek trail"],
    },
    {
        "key": "cleaner-kensington",
        "en": {
            "title": "Cleaner streets in Kensington",
            "slug": "cleaner-kensington",
            "summary": (
                "Illegal dumping cleared, monthly clean-up days with free supplies, and "
                "cameras where dumping comes back."
            ),
            "why": (
                "<p>Illegal dumping is the problem Kensington residents report most. This "
                "plan answers their reports, their cleanups and their ideas together.</p>"
            ),
        },
        "es": {
            "title": "Calles más limpias en Kensington",
            "slug": "kensington-mas-limpio",
            "summary": (
                "Basura ilegal retirada, días de limpieza mensuales con materiales gratis y "
                "cámaras donde la basura vuelve."
            ),
            "why": (
                "<p>La basura tirada ilegalmente es lo que más reportan los residentes de "
                "Kensington. Este plan responde a sus reportes, limpiezas e ideas a la vez.</p>"
            ),
        },
        "status": Status.IN_PROGRESS,
        "progress": 0,
        "started": -60,
        "department": "Sanitation Division",
        "neighborhoods": ["kensington"],
        "topics": ["dumping", "cleanups"],
        "children": [
            {
                "key": "hope-street",
                "en": {
                    "title": "Hope Street dumping cleared",
                    "slug": "hope-street-cleared",
                    "summary": "Volunteers and the city cleared the dumping on Hope Street.",
                    "why": "<p>Neighbors reported it; the liaison organised the cleanup.</p>",
                },
                "es": {
                    "title": "Basura retirada en la calle Hope",
                    "slug": "calle-hope-limpia",
                    "summary": "Voluntarios y la ciudad retiraron la basura de la calle Hope.",
                    "why": "<p>Los vecinos lo reportaron; el enlace organizó la limpieza.</p>",
                },
                "status": Status.COMPLETED,
                "progress": 100,
                "weight": 1,
                "started": -40,
                "completed": -30,
                "department": "Sanitation Division",
                "neighborhoods": ["kensington"],
                "topics": ["dumping"],
                "event": "Clean-up of the dumping on Hope Street",
                "reports": ("illegal-dumping", "kensington", 2, True),
                "point_from_reports": True,
            },
            {
                "key": "clean-up-days",
                "en": {
                    "title": "Monthly clean-up days with free supplies",
                    "slug": "monthly-clean-up-days",
                    "summary": (
                        "One Saturday a month the city lends gloves, grabbers and bags and "
                        "picks up the bags in the afternoon."
                    ),
                    "why": "<p>A resident's idea, taken up as it was proposed.</p>",
                },
                "es": {
                    "title": "Días de limpieza mensuales con materiales gratis",
                    "slug": "dias-de-limpieza",
                    "summary": (
                        "Un sábado al mes la ciudad presta guantes, pinzas y bolsas, y recoge "
                        "las bolsas por la tarde."
                    ),
                    "why": "<p>La idea de una residente, adoptada tal como la propuso.</p>",
                },
                "status": Status.IN_PROGRESS,
                "progress": 50,
                "weight": 2,
                "started": -15,
                "department": "Sanitation Division",
                "neighborhoods": ["kensington"],
                "topics": ["cleanups"],
                "milestones": [
                    ("First clean-up day", "Primer día de limpieza", -10, -10),
                    ("Supplies kept at the library", "Materiales en la biblioteca", 20, None),
                ],
                "ideas": ["Monthly clean-up days with free supplies"],
            },
            {
                "key": "cameras",
                "en": {
                    "title": "Cameras at illegal dumping hot spots",
                    "slug": "dumping-cameras",
                    "summary": "Cameras on the three corners where dumping keeps coming back.",
                    "why": "<p>The same corners are reported again after every cleanup.</p>",
                },
                "es": {
                    "title": "Cámaras donde se tira basura ilegalmente",
                    "slug": "camaras-basura",
                    "summary": "Cámaras en las tres esquinas donde la basura siempre vuelve.",
                    "why": "<p>Las mismas esquinas se reportan de nuevo tras cada limpieza.</p>",
                },
                "status": Status.PLANNED,
                "progress": 0,
                "weight": 1,
                "department": "Sanitation Division",
                "neighborhoods": ["kensington"],
                "topics": ["dumping", "safety"],
                "reports": ("illegal-dumping", "kensington", 1, False),
            },
        ],
    },
    {
        "key": "youth-reporters",
        "en": {
            "title": "Students at Lincoln Middle School learned to reach the city",
            "slug": "youth-reporters-lincoln",
            "summary": (
                "After the program, almost every student had reported a problem to the city, "
                "and their reports were fixed like anyone's."
            ),
            "why": "<p>The youth program teaches how local government works by doing it.</p>",
        },
        "es": {
            "title": "Estudiantes de la escuela Lincoln aprendieron a contactar a la ciudad",
            "slug": "jovenes-lincoln",
            "summary": (
                "Tras el programa, casi todos los estudiantes habían reportado un problema a la "
                "ciudad, y sus reportes se arreglaron como los de cualquiera."
            ),
            "why": (
                "<p>El programa juvenil enseña cómo funciona el gobierno local poniéndolo en "
                "práctica.</p>"
            ),
        },
        "status": Status.COMPLETED,
        "progress": 100,
        "started": -70,
        "completed": -7,
        "neighborhoods": ["germantown"],
        "topics": ["youth"],
        "program": "Youth Engagement Program: Lincoln Middle School",
    },
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
    """The Outcomes section in English and Spanish, in the menu after Youth; or None."""
    home = HomePage.objects.filter(locale=english).first()
    if home is None:
        return None
    index = OutcomeIndexPage.objects.filter(locale=english).first()
    if index is None:
        if not remove_old_section(english, INDEX["en"]["slug"]):
            logger.warning(
                "No demo outcomes: the old 'Outcomes' section page has pages under it. Move "
                "or delete them (and the section), then run seed_demo again."
            )
            return None
        index = OutcomeIndexPage(show_in_menus=True, **INDEX["en"])
        Page.objects.get(pk=home.pk).add_child(instance=index)
        index.save_revision().publish()
    index_es = translate(index, spanish, INDEX["es"])
    after = Page.objects.child_of(home).filter(slug=SECTION_AFTER).first()
    place_after(index, after)
    place_after(index_es, after.get_translation_or_none(spanish) if after else None)
    return OutcomeIndexPage.objects.get(pk=index.pk)


def _drawing(kind):
    """A 640×400 drawing of the lot: bare and littered, or with six green beds."""
    image = Image.new("RGB", (640, 400), "#8fbf6a" if kind == "after" else "#b7a98b")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 640, 140), fill="#cfe3f3")
    draw.line((0, 150, 640, 150), fill="#5b5b5b", width=6)  # the park fence
    if kind == "before":
        for x, y in ((80, 260), (210, 320), (390, 240), (520, 300), (300, 350)):
            draw.rectangle((x, y, x + 30, y + 14), fill="#6e6e6e")
    else:
        for row in range(2):
            for column in range(3):
                left, top = 70 + column * 180, 190 + row * 100
                draw.rectangle((left, top, left + 140, top + 70), fill="#7a4a21")
                draw.rectangle((left + 8, top + 6, left + 132, top + 40), fill="#2f7d32")
        draw.rectangle((600, 180, 612, 260), fill="#3d4551")  # the tap
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def photo(kind):
    title, alt = PHOTOS[kind]
    images = get_image_model().objects
    existing = images.filter(title=title).first()
    if existing is not None:
        return existing
    return images.create(
        title=title, description=alt, file=ImageFile(_drawing(kind), name=f"outcome-{kind}.png")
    )


# What each outcome answers ----------------------------------------------------------------


def _survey_questions(survey, kinds):
    """The block ids of the survey's first question of each of ``kinds``."""
    ids = []
    for kind in kinds:
        block = next((b for b in survey.questions if b.block_type == kind), None)
        if block is not None:
            ids.append(block.id)
    return ids


def _reports(spec):
    code, neighborhood, count, resolved = spec
    reports = ServiceReport.objects.filter(device_id=DEMO_DEVICE_ID, category__code=code)
    if neighborhood:
        reports = reports.filter(neighborhood__slug=neighborhood)
    status = ServiceReport.Status
    if resolved:
        reports = reports.filter(status=status.RESOLVED)
    else:
        reports = reports.exclude(status__in=[status.RESOLVED, status.CLOSED, status.DUPLICATE])
    return list(reports.order_by("pk")[:count])


def links(spec, english):
    """The ``OutcomeLink``\\ s of ``spec``: what exists of the feedback it names."""
    found = []
    for title in spec.get("ideas", ()):
        idea = Idea.objects.filter(title=title).order_by("pk").first()
        if idea is not None:
            found.append(OutcomeLink(idea=idea))
    if spec.get("reports"):
        found += [OutcomeLink(report=report) for report in _reports(spec["reports"])]
    if spec.get("survey"):
        survey = SurveyPage.objects.filter(
            locale=english, slug="resident-satisfaction-2026"
        ).first()
        if survey is not None:
            questions = _survey_questions(survey, spec["survey"])
            found.append(OutcomeLink(survey=survey, questions=questions))
    if spec.get("event"):
        event = VolunteerEvent.objects.filter(title=spec["event"]).order_by("pk").first()
        if event is not None:
            found.append(OutcomeLink(event=event))
    if spec.get("program"):
        program = Program.objects.filter(name=spec["program"]).first()
        if program is not None:
            found.append(OutcomeLink(program=program))
    return found


def _place(spec, outcome_links, neighborhoods):
    """(lat, lng): the first linked report's point when asked for, else the middle of its
    first neighborhood for a single-neighborhood outcome, else none (the map then uses its
    neighborhoods)."""
    if spec.get("point_from_reports"):
        for link in outcome_links:
            if link.report_id and link.report.lat is not None:
                return link.report.lat, link.report.lng
    if len(neighborhoods) == 1:
        n = neighborhoods[0]
        return (n.min_lat + n.max_lat) / 2, (n.min_lng + n.max_lng) / 2
    return None, None


# Outcomes --------------------------------------------------------------------------------


def english_outcome(parent, spec, english, today):
    """The outcome of ``spec`` under ``parent``, created and published if missing."""
    outcome = OutcomePage.objects.child_of(parent).filter(slug=spec["en"]["slug"]).first()
    if outcome is not None:
        return outcome
    neighborhoods = list(Neighborhood.objects.filter(slug__in=spec.get("neighborhoods", ())))
    outcome_links = links(spec, english)
    lat, lng = _place(spec, outcome_links, neighborhoods)

    def day(offset):
        return today + timedelta(days=offset) if offset is not None else None

    outcome = OutcomePage(
        **spec["en"],
        status=spec["status"],
        progress=spec["progress"],
        weight=spec.get("weight", 1),
        started_on=day(spec.get("started")),
        completed_on=day(spec.get("completed")),
        cost=spec.get("cost"),
        department=Department.objects.filter(name=spec.get("department")).first(),
        lat=lat,
        lng=lng,
        search_description=spec["en"]["summary"],
    )
    if spec.get("photos"):
        outcome.before_image = photo("before")
        outcome.after_image = photo("after")
    outcome.neighborhoods = neighborhoods
    outcome.milestones = [
        OutcomeMilestone(title=title, due_on=day(due), reached_on=day(reached))
        for title, _title_es, due, reached in spec.get("milestones", ())
    ]
    outcome.links = outcome_links
    Page.objects.get(pk=parent.pk).add_child(instance=outcome)
    outcome.topics.add(*spec.get("topics", ()))
    outcome.save_revision().publish()
    return OutcomePage.objects.get(pk=outcome.pk)


def spanish_outcome(outcome, spec, spanish):
    """The Spanish translation of ``outcome``: its texts and its milestones' titles."""
    fields = {**spec["es"], "search_description": spec["es"]["summary"]}
    titles = [title_es for _title, title_es, _due, _reached in spec.get("milestones", ())]
    translation = translate(outcome, spanish, fields)
    milestones = list(translation.milestones.all())
    if [m.title for m in milestones] != titles[: len(milestones)]:
        for milestone, title in zip(milestones, titles, strict=False):
            milestone.title = title
        # Assigned back, so that the revision holds the edited rows.
        translation.milestones = milestones
        translation.save_revision().publish()
    return translation


def ensure_outcome(parent, spec, english, spanish, today):
    outcome = english_outcome(parent, spec, english, today)
    spanish_outcome(outcome, spec, spanish)
    for child in spec.get("children", ()):
        ensure_outcome(outcome, child, english, spanish, today)
    return outcome


def load_demo_outcomes():
    english = Locale.objects.get(language_code="en")
    spanish = Locale.objects.get(language_code="es")
    index = ensure_index(english, spanish)
    if index is None:
        return
    today = timezone.localdate()
    # Seeding the demo e-mails no one (``seed_demo``'s promise).
    with announcements_held():
        for spec in OUTCOMES:
            ensure_outcome(index, spec, english, spanish, today)
