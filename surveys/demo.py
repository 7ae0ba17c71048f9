"""Demo surveys: the Surveys section, a citywide survey with results, a youth pre/post pair.

``load_demo_surveys()`` is called by ``manage.py seed_demo`` (``SurveysConfig.demo_content``)
after the page tree and the demo users exist. It is safe to run again and again:

* the Surveys section (a ``SurveyIndexPage``, first in the menu) and the three surveys are
  looked up by slug and created only if missing; their Spanish translations are made, or
  brought back to the demo text, only when they differ;
* the responses of a survey are generated only when it has none.

The surveys:

* "Citywide resident satisfaction survey 2026": open to anyone, results public, every
  question type on three pages, with a display condition (what people use the park for,
  asked only of those who visit one). About 3,000 responses from the last 60 days, spread
  over the five demo neighborhoods, in English and Spanish, some typed in from paper forms;
* "Youth program: before the session" and "… after the session": open with a session's
  access code, results for staff only. The post survey names the pre survey and matches
  five of their questions; the answers after each session show what the youth learned.

Questions, options and matrix rows get fixed ids (``uuid5`` of the survey and question
keys), and each translation is built with the same ids, as Wagtail's copy for translation
keeps them: answers in both languages add up. The responses are generated deterministically
(``random.Random(SEED)``), checked question by question with ``Structure.check`` (exactly
what ``services.submit_response`` checks) and stored with ``questions.answer_rows`` (exactly
what it stores), in a few bulk inserts; the tallies are then rebuilt from the answers.
Through ``submit_response`` one at a time, the 3,000 citywide responses took 6 s on the
2-core machine (2 ms each), and ``seed_demo`` runs in every ``make run`` and in many tests;
this way they take about 2 s. The demo resident (resident@example.org) never answers, so
a newcomer can try the citywide survey.
"""

import functools
import json
import logging
import random
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from engage.core.demo import remove_old_section, translate
from engage.core.models import HomePage
from engage.neighborhoods.models import Neighborhood

from . import tallies
from .models import (
    AccessCode,
    Answer,
    Audience,
    Channel,
    QuestionMatch,
    Response,
    SurveyIndexPage,
    SurveyPage,
    day_key,
    day_of,
)
from .questions import OTHER, answer_rows

logger = logging.getLogger(__name__)

STAFF_EMAIL = "staff@example.org"
SEED = 20_260_601
CITYWIDE_RESPONSES = 3_000
CITYWIDE_DAYS = 60
PAPER_SHARE = 0.08
SPANISH_SHARE = 0.2
# The demo neighborhoods and how many of the respondents live in each.
NEIGHBORHOOD_WEIGHTS = {
    "kensington": 26,
    "germantown": 20,
    "center-city": 18,
    "west-philadelphia": 20,
    "south-philadelphia": 16,
}
NAMESPACE = uuid.UUID("5f1b2c4e-8a57-4d0e-9a53-0c1f6d2b7e11")

INDEX = {
    "en": {
        "title": "Surveys",
        "slug": "surveys",
        "search_description": "Tell the city what you think about plans for your neighborhood.",
        "intro": "<p>Tell the city what you think about plans for your neighborhood.</p>",
    },
    "es": {
        "title": "Encuestas",
        "slug": "encuestas",
        "search_description": "Diga a la ciudad qué opina de los planes para su barrio.",
        "intro": "<p>Diga a la ciudad qué opina de los planes para su barrio.</p>",
    },
}


# The surveys ------------------------------------------------------------------------------
#
# A question: kind, key (its id comes from it), texts as (English, Spanish), options and
# rows as (key, English, Spanish); "condition": (key of an earlier question, option key).

CITYWIDE = {
    "key": "citywide",
    "opens": -CITYWIDE_DAYS - 1,  # days from now
    "closes": 30,
    "audience": Audience.ANYONE,
    "results_public": True,
    "anonymous": True,
    "en": {
        "title": "Citywide resident satisfaction survey 2026",
        "slug": "resident-satisfaction-2026",
        "search_description": "Ten minutes to tell the city how its services work for you.",
        "intro": (
            "<p>Every year we ask residents how city services work for them. It takes about "
            "ten minutes, your answers are anonymous, and the results are public: they shape "
            "next year's budget.</p>"
        ),
        "thank_you": (
            "<p>Thank you! Your answers are in. The results page shows what residents said "
            "so far.</p>"
        ),
    },
    "es": {
        "title": "Encuesta de satisfacción de los residentes 2026",
        "slug": "satisfaccion-residentes-2026",
        "search_description": (
            "Diez minutos para decir a la ciudad cómo le funcionan sus servicios."
        ),
        "intro": (
            "<p>Cada año preguntamos a los residentes cómo les funcionan los servicios de la "
            "ciudad. Toma unos diez minutos, sus respuestas son anónimas y los resultados son "
            "públicos: orientan el presupuesto del próximo año.</p>"
        ),
        "thank_you": (
            "<p>¡Gracias! Recibimos sus respuestas. La página de resultados muestra lo que "
            "han dicho los residentes hasta ahora.</p>"
        ),
    },
    "questions": [
        {
            "kind": "section",
            "key": "about",
            "heading": ("About you", "Sobre usted"),
            "text": (
                "A few questions so we can see how answers differ across the city.",
                "Unas preguntas para ver cómo cambian las respuestas en la ciudad.",
            ),
        },
        {
            "kind": "short_text",
            "key": "street",
            "required": False,
            "label": ("What street do you live on?", "¿En qué calle vive?"),
            "help_text": (
                "Only the street, no house number.",
                "Solo la calle, sin número de casa.",
            ),
        },
        {
            "kind": "number",
            "key": "years",
            "min_value": 0,
            "max_value": 100,
            "label": (
                "How many years have you lived in the city?",
                "¿Cuántos años hace que vive en la ciudad?",
            ),
        },
        # On page 2 with its "Other" box: a text field on a later page, where Enter must
        # go on to the next page (tests/browser/test_surveys.py).
        {"kind": "page_break", "key": "break-1"},
        {
            "kind": "single_choice",
            "key": "transport",
            "allow_other": True,
            "label": ("How do you usually get around?", "¿Cómo se desplaza normalmente?"),
            "options": [
                ("walk", "On foot", "A pie"),
                ("bus", "Bus or trolley", "Autobús o tranvía"),
                ("car", "Car", "Carro"),
                ("bike", "Bike", "Bicicleta"),
            ],
        },
        {
            "kind": "section",
            "key": "services",
            "heading": ("Parks and city services", "Parques y servicios de la ciudad"),
            "text": ("", ""),
        },
        {
            "kind": "single_choice",
            "key": "park",
            "label": (
                "Do you visit a park at least once a month?",
                "¿Visita un parque al menos una vez al mes?",
            ),
            "options": [("yes", "Yes", "Sí"), ("no", "No", "No")],
        },
        {
            "kind": "multiple_choice",
            "key": "park-use",
            "min_choices": 1,
            "max_choices": 3,
            "condition": ("park", "yes"),
            "label": ("What do you use the park for?", "¿Para qué usa el parque?"),
            "help_text": ("Choose up to three.", "Elija hasta tres."),
            "options": [
                ("walking", "Walking or running", "Caminar o correr"),
                ("children", "Playing with children", "Jugar con los niños"),
                ("sports", "Sports", "Deportes"),
                ("picnics", "Picnics and barbecues", "Pícnics y parrilladas"),
                ("friends", "Meeting friends", "Ver a los amigos"),
                ("dog", "Walking a dog", "Pasear al perro"),
            ],
        },
        {
            "kind": "rating",
            "key": "satisfaction",
            "label": (
                "Overall, how satisfied are you with city services?",
                "En general, ¿qué tan satisfecho está con los servicios de la ciudad?",
            ),
            "min_label": ("Very dissatisfied", "Muy insatisfecho"),
            "max_label": ("Very satisfied", "Muy satisfecho"),
        },
        {
            "kind": "matrix",
            "key": "neighborhood",
            "label": (
                "How would you rate these in your neighborhood?",
                "¿Cómo calificaría esto en su barrio?",
            ),
            "rows": [
                ("cleaning", "Street cleaning", "Limpieza de calles"),
                ("lighting", "Street lighting", "Alumbrado público"),
                ("trash", "Trash and recycling pickup", "Recogida de basura y reciclaje"),
                ("parks", "Parks and playgrounds", "Parques y áreas de juego"),
            ],
            "options": [
                ("poor", "Poor", "Malo"),
                ("fair", "Fair", "Regular"),
                ("good", "Good", "Bueno"),
                ("excellent", "Excellent", "Excelente"),
            ],
        },
        {"kind": "page_break", "key": "break-2"},
        {
            "kind": "ranking",
            "key": "priorities",
            "label": (
                "Rank these priorities for next year's budget",
                "Ordene estas prioridades para el presupuesto del próximo año",
            ),
            "help_text": ("1 is the most important.", "1 es la más importante."),
            "options": [
                ("streets", "Repairing streets and sidewalks", "Reparar calles y aceras"),
                ("parks", "Parks and recreation centers", "Parques y centros recreativos"),
                ("safety", "Public safety", "Seguridad pública"),
                ("libraries", "Libraries", "Bibliotecas"),
            ],
        },
        {
            "kind": "date",
            "key": "contact",
            "required": False,
            "label": (
                "When did you last contact the city (311, an office, online)?",
                "¿Cuándo se comunicó por última vez con la ciudad (311, una oficina, en línea)?",
            ),
            "help_text": ("Leave it empty if you never did.", "Déjelo vacío si nunca lo hizo."),
        },
        {
            "kind": "long_text",
            "key": "comments",
            "required": False,
            "label": (
                "Is there anything else you would like the city to know?",
                "¿Hay algo más que quiera que la ciudad sepa?",
            ),
        },
    ],
}

YOUTH_MATCHED = [
    {
        "kind": "rating",
        "key": "know-311",
        "label": (
            "How much do you know about what 311 does?",
            "¿Cuánto sabe de lo que hace el 311?",
        ),
        "min_label": ("Nothing", "Nada"),
        "max_label": ("A lot", "Mucho"),
    },
    {
        "kind": "single_choice",
        "key": "reported",
        "label": (
            "Have you ever reported a problem to the city?",
            "¿Alguna vez ha reportado un problema a la ciudad?",
        ),
        "options": [("yes", "Yes", "Sí"), ("no", "No", "No")],
    },
    {
        "kind": "rating",
        "key": "council",
        "label": (
            "How sure are you that you could find out who represents you on City Council?",
            "¿Qué tan seguro está de poder averiguar quién le representa en el Concejo Municipal?",
        ),
        "min_label": ("Not sure at all", "Nada seguro"),
        "max_label": ("Completely sure", "Totalmente seguro"),
    },
    {
        "kind": "multiple_choice",
        "key": "ask-311",
        "min_choices": 1,
        "label": (
            "Which of these can you ask 311 to deal with?",
            "¿Cuáles de estas cosas puede pedirle al 311?",
        ),
        "help_text": ("Choose all that apply.", "Elija todas las que correspondan."),
        "options": [
            ("pothole", "A pothole", "Un bache"),
            ("graffiti", "Graffiti", "Grafiti"),
            ("streetlight", "A broken streetlight", "Un farol roto"),
            ("lot", "A vacant lot full of trash", "Un lote baldío lleno de basura"),
        ],
    },
    {
        "kind": "rating",
        "key": "speak-up",
        "label": (
            "How likely are you to speak up at a community meeting?",
            "¿Qué tan probable es que hable en una reunión comunitaria?",
        ),
        "min_label": ("Not likely", "Poco probable"),
        "max_label": ("Very likely", "Muy probable"),
    },
]

YOUTH_PRE = {
    "key": "youth-pre",
    "opens": -45,
    "closes": 45,
    "audience": Audience.CODE,
    "results_public": False,
    "anonymous": True,
    "en": {
        "title": "Youth program: before the session",
        "slug": "youth-program-before",
        "search_description": "For participants of a youth session, with the session's code.",
        "intro": (
            "<p>Five short questions before we start. There are no wrong answers: we ask the "
            "same at the end to see what the session changed.</p>"
        ),
        "thank_you": "<p>Thanks! Enjoy the session.</p>",
    },
    "es": {
        "title": "Programa juvenil: antes de la sesión",
        "slug": "programa-juvenil-antes",
        "search_description": (
            "Para participantes de una sesión juvenil, con el código de la sesión."
        ),
        "intro": (
            "<p>Cinco preguntas cortas antes de empezar. No hay respuestas incorrectas: "
            "preguntamos lo mismo al final para ver qué cambió la sesión.</p>"
        ),
        "thank_you": "<p>¡Gracias! Disfrute la sesión.</p>",
    },
    "questions": [
        *YOUTH_MATCHED,
        {
            "kind": "number",
            "key": "age",
            "min_value": 10,
            "max_value": 19,
            "required": False,
            "label": ("How old are you?", "¿Cuántos años tiene?"),
        },
    ],
}

YOUTH_POST = {
    "key": "youth-post",
    "opens": -45,
    "closes": 45,
    "audience": Audience.CODE,
    "results_public": False,
    "anonymous": True,
    "pre_survey": "youth-pre",
    "matches": [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)],  # (pre number, post number)
    "en": {
        "title": "Youth program: after the session",
        "slug": "youth-program-after",
        "search_description": "For participants of a youth session, with the session's code.",
        "intro": "<p>The same questions as this morning, and two about the session.</p>",
        "thank_you": "<p>Thank you for taking part!</p>",
    },
    "es": {
        "title": "Programa juvenil: después de la sesión",
        "slug": "programa-juvenil-despues",
        "search_description": (
            "Para participantes de una sesión juvenil, con el código de la sesión."
        ),
        "intro": "<p>Las mismas preguntas que esta mañana, y dos sobre la sesión.</p>",
        "thank_you": "<p>¡Gracias por participar!</p>",
    },
    "questions": [
        *YOUTH_MATCHED,
        {
            "kind": "single_choice",
            "key": "recommend",
            "label": (
                "Would you recommend this session to a friend?",
                "¿Le recomendaría esta sesión a un amigo?",
            ),
            "options": [("yes", "Yes", "Sí"), ("maybe", "Maybe", "Tal vez"), ("no", "No", "No")],
        },
        {
            "kind": "long_text",
            "key": "useful",
            "required": False,
            "label": (
                "What was the most useful part of the session?",
                "¿Qué fue lo más útil de la sesión?",
            ),
        },
    ],
}

SURVEYS = [CITYWIDE, YOUTH_PRE, YOUTH_POST]

# Two youth sessions: a code for each survey, the segment the results filter by, when it
# took place (days ago) and how many came (some left before the end).
SESSIONS = [
    {
        "segment": "Hunting Park session, spring",
        "codes": {"youth-pre": "PARK24", "youth-post": "PARK24-AFTER"},
        "days_ago": 24,
        "before": 30,
        "after": 28,
    },
    {
        "segment": "Germantown library session, spring",
        "codes": {"youth-pre": "LIBRARY24", "youth-post": "LIBRARY24-AFTER"},
        "days_ago": 10,
        "before": 31,
        "after": 30,
    },
]

STREETS = [
    "Kensington Ave", "Frankford Ave", "Germantown Ave", "Chelten Ave", "Broad St",
    "Market St", "Walnut St", "Baltimore Ave", "Lancaster Ave", "Passyunk Ave", "Snyder Ave",
    "Allegheny Ave", "Lehigh Ave", "Wayne Ave", "Spruce St", "Girard Ave",
]  # fmt: skip
OTHER_TRANSPORT = [
    "Wheelchair", "Regional Rail", "Scooter", "My daughter drives me", "Ride share",
    "Silla de ruedas", "Patineta",
]  # fmt: skip
COMMENTS = {
    "en": [
        "Please fix the potholes on my block, they have been there since last winter.",
        "The new trash cans on the corner made a real difference. Thank you.",
        "More lighting near the bus stops, it is dark and feels unsafe at night.",
        "The rec center needs longer hours in the summer for the kids.",
        "311 answered quickly when I reported the broken hydrant.",
        "Street sweeping never reaches our side street.",
        "We need more trees, the block gets very hot in July.",
        "Keep the libraries open on Sundays.",
        "Illegal dumping in the vacant lot behind us is the biggest problem.",
        "Thank you for asking. I hope these answers are read.",
    ],
    "es": [
        "Por favor arreglen los baches de mi cuadra, están ahí desde el invierno pasado.",
        "Necesitamos más información en español sobre los servicios.",
        "Más luz cerca de las paradas del autobús, de noche da miedo.",
        "El parque está limpio, pero faltan bancos.",
        "Gracias por preguntar a los vecinos.",
    ],
}
USEFUL = [
    "Filing a report with the app during the session.",
    "Learning who our council member is.",
    "The walk around the park looking for problems to report.",
    "Hearing from the city worker about what happens after you call 311.",
    "Practicing what to say at a meeting.",
    "Aprender a usar el 311 en español.",
]


# Pages --------------------------------------------------------------------------------


@functools.cache
def _id(*parts):
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def _texts(pair, language):
    return pair[0] if language == "en" else pair[1]


def _items(survey_key, question_key, kind, entries, language):
    index = 1 if language == "en" else 2
    return [
        {"type": "item", "value": entry[index], "id": _id(survey_key, question_key, kind, entry[0])}
        for entry in entries
    ]


def question_numbers(spec):
    """{question key: its number (1, 2, 3 …; headings and page breaks not counted)}."""
    kinds = [q for q in spec["questions"] if q["kind"] not in ("section", "page_break")]
    return {q["key"]: number for number, q in enumerate(kinds, 1)}


def stream(spec, language):
    """The ``questions`` StreamField data of ``spec`` in ``language`` (same ids in each)."""
    numbers = question_numbers(spec)
    by_key = {q["key"]: q for q in spec["questions"]}
    blocks = []
    for q in spec["questions"]:
        block_id = _id(spec["key"], q["key"])
        kind = q["kind"]
        if kind == "page_break":
            blocks.append({"type": kind, "value": None, "id": block_id})
            continue
        if kind == "section":
            value = {"heading": _texts(q["heading"], language), "text": _texts(q["text"], language)}
            blocks.append({"type": kind, "value": value, "id": block_id})
            continue
        condition = {"question": "", "answer": ""}
        if q.get("condition"):
            # The earlier question's block id and the option's item id, as the editor stores.
            target_key, option_key = q["condition"]
            if numbers[target_key] >= numbers[q["key"]] or option_key not in {
                o[0] for o in by_key[target_key]["options"]
            }:
                raise ValueError(f"{q['key']}: a condition names an earlier question's option")
            condition = {
                "question": _id(spec["key"], target_key),
                "answer": _id(spec["key"], target_key, "option", option_key),
            }
        value = {
            "label": _texts(q["label"], language),
            "help_text": _texts(q.get("help_text", ("", "")), language),
            "required": q.get("required", True),
            "condition": condition,
        }
        if "options" in q:
            value["options"] = _items(spec["key"], q["key"], "option", q["options"], language)
        if "rows" in q:
            value["rows"] = _items(spec["key"], q["key"], "row", q["rows"], language)
        if kind == "single_choice":
            value["allow_other"] = q.get("allow_other", False)
        if kind == "multiple_choice":
            value["min_choices"] = q.get("min_choices")
            value["max_choices"] = q.get("max_choices")
        if kind == "rating":
            value.update(
                scale_min=1,
                scale_max=5,
                min_label=_texts(q["min_label"], language),
                max_label=_texts(q["max_label"], language),
            )
        if kind == "number":
            value.update(min_value=q.get("min_value"), max_value=q.get("max_value"))
        blocks.append({"type": kind, "value": value, "id": block_id})
    return blocks


def _stream_json(value):
    """A StreamField value (or its raw data) in one comparable form."""
    block = SurveyPage._meta.get_field("questions").stream_block
    if isinstance(value, list):
        value = block.to_python(value)
    data = [
        {"type": c.block_type, "id": c.id, "value": c.block.get_prep_value(c.value)} for c in value
    ]
    return json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder)


def _differs(page, name, value):
    if name == "questions":
        return _stream_json(page.questions) != _stream_json(value)
    return getattr(page, name) != value


def place_first(page, parent):
    """Make ``page`` the first child of ``parent`` (the first section in the menu)."""
    first = Page.objects.get(pk=parent.pk).get_first_child()
    if first is not None and first.pk != page.pk:
        Page.objects.get(pk=page.pk).move(first, pos="left")


def ensure_index(english, spanish):
    """The Surveys section in English and Spanish, first in the menu; or None."""
    home = HomePage.objects.filter(locale=english).first()
    if home is None:
        return None
    index = SurveyIndexPage.objects.filter(locale=english).first()
    if index is None:
        if not remove_old_section(english, INDEX["en"]["slug"]):
            logger.warning(
                "No demo surveys: the old 'Surveys' section page has pages under it. Move or "
                "delete them (and the section), then run seed_demo again."
            )
            return None
        index = SurveyIndexPage(show_in_menus=True, **INDEX["en"])
        Page.objects.get(pk=home.pk).add_child(instance=index)
        index.save_revision().publish()
    index_es = translate(index, spanish, INDEX["es"])
    place_first(index, home)
    home_es = home.get_translation_or_none(spanish)
    if home_es is not None:
        place_first(index_es, home_es)
    return SurveyIndexPage.objects.get(pk=index.pk)


def ensure_survey(index, spanish, spec, now, pages):
    """The survey of ``spec`` under ``index``, with its Spanish translation."""
    survey = SurveyPage.objects.child_of(index).filter(slug=spec["en"]["slug"]).first()
    if survey is None:
        survey = SurveyPage(
            questions=stream(spec, "en"),
            opens_at=now + timedelta(days=spec["opens"]),
            closes_at=now + timedelta(days=spec["closes"]),
            audience=spec["audience"],
            results_public=spec["results_public"],
            anonymous=spec["anonymous"],
            show_in_menus=False,
            **spec["en"],
        )
        if spec.get("pre_survey"):
            survey.pre_survey = pages[spec["pre_survey"]]
            survey.question_matches = [
                QuestionMatch(pre_question=pre, post_question=post) for pre, post in spec["matches"]
            ]
        Page.objects.get(pk=index.pk).add_child(instance=survey)
        survey.save_revision().publish()
    translate(survey, spanish, {**spec["es"], "questions": stream(spec, "es")}, differs=_differs)
    return SurveyPage.objects.get(pk=survey.pk)


def ensure_codes(pages):
    for session in SESSIONS:
        for key, code in session["codes"].items():
            AccessCode.objects.get_or_create(
                code=code, defaults={"survey": pages[key], "segment": session["segment"]}
            )


# Responses ------------------------------------------------------------------------------


class Answers:
    """Raw answers (as the form posts them) to one survey, named by the spec's keys."""

    def __init__(self, spec):
        self.key = spec["key"]
        self.raw = {}

    def qid(self, question):
        return _id(self.key, question)

    def oid(self, question, option):
        return OTHER if option == OTHER else _id(self.key, question, "option", option)

    def rid(self, question, row):
        return _id(self.key, question, "row", row)

    def text(self, question, value):
        self.raw[self.qid(question)] = str(value)

    def single(self, question, option, other=""):
        self.raw[self.qid(question)] = {"option": self.oid(question, option), "other": other}

    def multiple(self, question, options):
        self.raw[self.qid(question)] = [self.oid(question, option) for option in options]

    def ranking(self, question, options):
        self.raw[self.qid(question)] = {
            self.oid(question, option): str(place) for place, option in enumerate(options, 1)
        }

    def matrix(self, question, choices):
        self.raw[self.qid(question)] = {
            self.rid(question, row): self.oid(question, option) for row, option in choices.items()
        }


ANSWER_COLUMNS = [
    "response", "submitted_at", "survey", "question", "option", "row", "number", "date", "text",
]  # fmt: skip


def _insert_answers(rows, names=ANSWER_COLUMNS):
    """INSERT ``Answer`` rows (tuples in ``names`` order) with one executemany.

    Forty thousand model instances through ``bulk_create`` take seconds (Django prepares
    every field of every instance); the demo loads on every ``make run`` and in tests.
    """
    quote = connection.ops.quote_name
    table = quote(Answer._meta.db_table)
    columns = ", ".join(quote(Answer._meta.get_field(name).column) for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        # Table and column names come from the model, quoted; the values are parameters.
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


def store(survey, generated):
    """Store ``generated`` responses to ``survey``: (raw answers, Response fields) pairs.

    Each is checked whole, as ``services.submit_response`` checks it, and stored as it
    stores it (``answer_rows``, and for an anonymous survey only the day and random
    keys); then the tallies are rebuilt from the answers. Returns how many were stored.
    """
    structure = survey.structure
    responses, checked = [], []
    for raw, fields in generated:
        clean, errors, _shown = structure.check(raw)
        if errors:
            raise ValueError(f"Demo response to {survey.slug} does not check: {errors}")
        response = Response(survey=survey, **fields)
        if survey.anonymous:
            response.submitted_at = day_of(response.submitted_at)
            response.pk = day_key(timezone.localdate(response.submitted_at))
        responses.append(response)
        checked.append(clean)
    Response.objects.bulk_create(responses, batch_size=500)
    adapt_date = connection.ops.adapt_datefield_value
    adapt_moment = connection.ops.adapt_datetimefield_value
    rows = []
    for response, clean in zip(responses, checked, strict=True):
        day = timezone.localdate(response.submitted_at)
        submitted_at = adapt_moment(response.submitted_at)
        for question in structure.questions:
            if question.id not in clean:
                continue
            for row in answer_rows(question, clean[question.id]):
                number = row.get("number")
                rows.append(
                    (
                        *((day_key(day),) if survey.anonymous else ()),
                        response.pk,
                        submitted_at,
                        survey.pk,
                        question.id,
                        row.get("option", ""),
                        row.get("row", ""),
                        None if number is None else float(number),
                        adapt_date(row.get("date")),
                        row.get("text", ""),
                    )
                )
    _insert_answers(rows, ["id", *ANSWER_COLUMNS] if survey.anonymous else ANSWER_COLUMNS)
    tallies.rebuild(survey.pk)
    return len(responses)


def _weighted(rng, weights):
    """One key of ``weights`` ({key: weight})."""
    return rng.choices(list(weights), list(weights.values()))[0]


def _rating(rng, mean):
    return max(1, min(5, round(rng.gauss(mean, 1.0))))


# How residents of each neighborhood tend to rate things (the mean of 1–5).
SATISFACTION = {
    "kensington": 2.6,
    "germantown": 3.2,
    "center-city": 3.8,
    "west-philadelphia": 3.0,
    "south-philadelphia": 3.4,
}
MATRIX_SCALE = ["poor", "fair", "good", "excellent"]
MATRIX_SHIFTS = {"cleaning": -0.4, "lighting": 0.0, "trash": 0.3, "parks": 0.2}


def citywide_responses(rng, now, neighborhoods, staff):
    """(raw, fields) for CITYWIDE_RESPONSES responses over the last CITYWIDE_DAYS days."""
    for _ in range(CITYWIDE_RESPONSES):
        where = _weighted(rng, NEIGHBORHOOD_WEIGHTS)
        mood = SATISFACTION[where]
        spanish = rng.random() < SPANISH_SHARE
        paper = rng.random() < PAPER_SHARE
        # Most answers come in the first weeks, after the launch mailing.
        days_ago = CITYWIDE_DAYS * rng.random() ** 0.6
        answers = Answers(CITYWIDE)
        if rng.random() < 0.3:
            answers.text("street", rng.choice(STREETS))
        answers.text("years", min(100, int(rng.expovariate(1 / 14))))
        transport = _weighted(rng, {"walk": 25, "bus": 32, "car": 28, "bike": 9, OTHER: 6})
        answers.single(
            "transport", transport, rng.choice(OTHER_TRANSPORT) if transport == OTHER else ""
        )
        visits = rng.random() < 0.65
        answers.single("park", "yes" if visits else "no")
        if visits:
            uses = ["walking", "children", "sports", "picnics", "friends", "dog"]
            answers.multiple(
                "park-use",
                rng.sample(uses, rng.choices([1, 2, 3], [30, 45, 25])[0]),
            )
        answers.text("satisfaction", _rating(rng, mood))
        answers.matrix(
            "neighborhood",
            {
                row: MATRIX_SCALE[max(0, min(3, round(rng.gauss(mood - 1.5 + shift, 0.9))))]
                for row, shift in MATRIX_SHIFTS.items()
            },
        )
        priorities = {"streets": 4.0, "safety": 3.5, "parks": 2.0, "libraries": 1.2}
        answers.ranking(
            "priorities",
            sorted(priorities, key=lambda key: -priorities[key] * rng.random()),
        )
        if rng.random() < 0.4:
            contacted = (now - timedelta(days=days_ago + rng.randrange(365))).date()
            answers.text("contact", contacted.isoformat())
        if rng.random() < 0.15:
            answers.text("comments", rng.choice(COMMENTS["es" if spanish else "en"]))
        yield (
            answers.raw,
            {
                "channel": Channel.PAPER if paper else Channel.WEB,
                "entered_by": staff if paper else None,
                "neighborhood": neighborhoods.get(where),
                "language": "es" if spanish else "en",
                "submitted_at": now - timedelta(days=days_ago),
            },
        )


def youth_responses(rng, now, spec, after):
    """(raw, fields) for every participant of every session, before or ``after`` it."""
    for session in SESSIONS:
        day = timezone.localtime(now) - timedelta(days=session["days_ago"])
        start = day.replace(hour=10, minute=0, second=0, microsecond=0)  # 10 am that day
        count = session["after" if after else "before"]
        for _ in range(count):
            answers = Answers(spec)
            lift = 1.4 if after else 0.0
            answers.text("know-311", _rating(rng, 1.9 + lift))
            answers.single("reported", "yes" if rng.random() < (0.55 if after else 0.15) else "no")
            answers.text("council", _rating(rng, 1.8 + lift * 1.2))
            known = 3.6 if after else 1.7
            options = ["pothole", "graffiti", "streetlight", "lot"]
            answers.multiple(
                "ask-311", rng.sample(options, max(1, min(4, round(rng.gauss(known, 0.8)))))
            )
            answers.text("speak-up", _rating(rng, 2.2 + lift * 0.6))
            if after:
                answers.single("recommend", _weighted(rng, {"yes": 70, "maybe": 22, "no": 8}))
                if rng.random() < 0.5:
                    answers.text("useful", rng.choice(USEFUL))
            elif rng.random() < 0.9:
                answers.text("age", rng.randint(13, 18))
            minutes = rng.randrange(150, 170) if after else rng.randrange(0, 15)
            yield (
                answers.raw,
                {
                    "segment": session["segment"],
                    "language": "es" if rng.random() < 0.15 else "en",
                    "submitted_at": start + timedelta(minutes=minutes),
                },
            )


@transaction.atomic
def load_demo_surveys():
    """Create the Surveys section, the demo surveys and their responses if they are missing.

    Returns the number of responses created (0 when they were there already).
    """
    english, _ = Locale.objects.get_or_create(language_code="en")
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    staff = get_user_model().objects.filter(email=STAFF_EMAIL).first()
    index = ensure_index(english, spanish)
    if index is None:
        return 0
    now = timezone.now()
    pages = {}
    for spec in SURVEYS:
        pages[spec["key"]] = ensure_survey(index, spanish, spec, now, pages)
    ensure_codes(pages)

    neighborhoods = {n.slug: n for n in Neighborhood.objects.filter(slug__in=NEIGHBORHOOD_WEIGHTS)}
    generators = {
        "citywide": lambda rng: citywide_responses(rng, now, neighborhoods, staff),
        "youth-pre": lambda rng: youth_responses(rng, now, YOUTH_PRE, after=False),
        "youth-post": lambda rng: youth_responses(rng, now, YOUTH_POST, after=True),
    }
    created = 0
    for offset, (key, generate) in enumerate(generators.items()):
        survey = pages[key]
        if not Response.objects.filter(survey=survey).exists():
            created += store(survey, generate(random.Random(SEED + offset)))  # noqa: S311
    return created
