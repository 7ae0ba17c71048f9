"""Demo service reports: departments, six categories (English and Spanish), ~40 reports.

``load_demo_reports()`` is called by ``manage.py seed_demo`` after the neighborhoods and
the demo users exist. It is safe to run again and again:

* departments and categories are looked up by name / code and only created if missing
  (an edited category is left alone), and the Spanish copy is made only if missing;
* reports are created only when no demo report exists yet. Demo reports are marked with
  ``device_id = DEMO_DEVICE_ID`` (a staff-only field) so they can be found and deleted.

Everything goes through ``engage.reports.services`` so the history looks like the real
thing. Nobody is e-mailed: statuses change before anyone follows a report.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from engage.neighborhoods import geometry
from engage.neighborhoods.models import Neighborhood

from . import services
from .contact_center import demo as contact_center_demo
from .crews import demo as crews_demo
from .knowledge import demo as knowledge_demo
from .models import (
    Department,
    ReportEvent,
    ReportFollow,
    ServiceAttribute,
    ServiceCategory,
    ServiceReport,
)

DEMO_DEVICE_ID = "engage-demo-seed"
DEMO_RESIDENT = "resident@example.org"
DEMO_SUPPORTERS = [
    "liaison@example.org",
    "educator@example.org",
    "moderator@example.org",
    "staff@example.org",
    DEMO_RESIDENT,
]
STAFF_EMAIL = "staff@example.org"

Status = ServiceReport.Status
Resolution = ServiceReport.Resolution
Channel = ServiceReport.Channel
Datatype = ServiceAttribute.Datatype

DEPARTMENTS = {
    "streets": ("Streets Department", "streets@example.org"),
    "sanitation": ("Sanitation Division", "sanitation@example.org"),
    "transportation": ("Office of Transportation and Infrastructure", "oti@example.org"),
    "clip": ("Community Life Improvement Program", "clip@example.org"),
    "police": ("Police Department – Abandoned Vehicles Unit", "abandoned-vehicles@example.org"),
}


# The share of reports each department aims to resolve by the deadline (service levels).
DEPARTMENT_GOALS = {"streets": 85, "sanitation": 90, "transportation": 80, "clip": 75, "police": 80}


def _choices(*pairs):
    return [{"key": key, "name": name} for key, name in pairs]


# code: department, target days, then per language: name, description, group, keywords,
# and the extra questions (code, datatype, required, {language: (question, hint, values)}).
CATEGORIES = [
    {
        "code": "graffiti",
        "department": "clip",
        "target_days": 7,
        "en": (
            "Graffiti removal",
            "Graffiti on a building, wall, fence, pole or other surface you can see from the "
            "street.",
            "Clean streets",
            "graffiti, tag, spray paint, vandalism",
        ),
        "es": (
            "Eliminación de grafiti",
            "Grafiti en un edificio, pared, cerca, poste u otra superficie visible desde la calle.",
            "Calles limpias",
            "grafiti, pintada, aerosol, vandalismo",
        ),
        "attributes": [
            (
                "surface",
                Datatype.SINGLE_VALUE_LIST,
                True,
                {
                    "en": (
                        "What is the graffiti on?",
                        "",
                        _choices(
                            ("wall", "Wall"),
                            ("fence", "Fence"),
                            ("vehicle", "Vehicle"),
                            ("other", "Other"),
                        ),
                    ),
                    "es": (
                        "¿Sobre qué está el grafiti?",
                        "",
                        _choices(
                            ("wall", "Pared"),
                            ("fence", "Cerca"),
                            ("vehicle", "Vehículo"),
                            ("other", "Otro"),
                        ),
                    ),
                },
            ),
            (
                "offensive",
                Datatype.SINGLE_VALUE_LIST,
                False,
                {
                    "en": (
                        "Is the content offensive or hateful?",
                        "Offensive graffiti is removed first.",
                        _choices(("yes", "Yes"), ("no", "No")),
                    ),
                    "es": (
                        "¿El contenido es ofensivo o de odio?",
                        "El grafiti ofensivo se elimina primero.",
                        _choices(("yes", "Sí"), ("no", "No")),
                    ),
                },
            ),
        ],
    },
    {
        "code": "illegal-dumping",
        "department": "sanitation",
        "target_days": 10,
        "en": (
            "Illegal dumping",
            "Trash, furniture, tires or construction debris left on a street, sidewalk or "
            "vacant lot.",
            "Clean streets",
            "dumping, short dumping, debris, tires, mattress, bulk",
        ),
        "es": (
            "Basura tirada ilegalmente",
            "Basura, muebles, llantas o escombros dejados en una calle, acera o terreno baldío.",
            "Calles limpias",
            "basura, escombros, llantas, colchón, vertido",
        ),
        "attributes": [
            (
                "size",
                Datatype.SINGLE_VALUE_LIST,
                True,
                {
                    "en": (
                        "How much was dumped?",
                        "",
                        _choices(
                            ("small", "A few bags or one item"),
                            ("medium", "About a car load"),
                            ("large", "A truck load or more"),
                        ),
                    ),
                    "es": (
                        "¿Cuánto se tiró?",
                        "",
                        _choices(
                            ("small", "Unas bolsas o un objeto"),
                            ("medium", "Lo que cabe en un auto"),
                            ("large", "Un camión o más"),
                        ),
                    ),
                },
            ),
        ],
    },
    {
        "code": "pothole",
        "department": "streets",
        "target_days": 5,
        "en": (
            "Pothole",
            "A hole or sunken patch in the road surface.",
            "Streets and lights",
            "pothole, road, hole, pavement, asphalt",
        ),
        "es": (
            "Bache",
            "Un hoyo o hundimiento en la superficie de la calle.",
            "Calles y alumbrado",
            "bache, hoyo, calle, pavimento, asfalto",
        ),
        "attributes": [
            (
                "width",
                Datatype.NUMBER,
                False,
                {
                    "en": ("Approximate width (inches)", "Your best guess is fine.", []),
                    "es": ("Ancho aproximado (pulgadas)", "Basta con un cálculo aproximado.", []),
                },
            ),
        ],
    },
    {
        "code": "streetlight-out",
        "department": "transportation",
        "target_days": 10,
        "en": (
            "Streetlight out",
            "A streetlight that is dark, flickering or on during the day.",
            "Streets and lights",
            "streetlight, light, lamp, dark, outage",
        ),
        "es": (
            "Farola apagada",
            "Una farola que está apagada, parpadea o queda encendida de día.",
            "Calles y alumbrado",
            "farola, luz, alumbrado, poste, oscuro",
        ),
        "attributes": [
            (
                "pole_number",
                Datatype.STRING,
                False,
                {
                    "en": ("Pole number, if you can see it", "Usually on a small metal tag.", []),
                    "es": (
                        "Número del poste, si lo puede ver",
                        "Suele estar en una placa de metal.",
                        [],
                    ),
                },
            ),
        ],
    },
    {
        "code": "abandoned-vehicle",
        "department": "police",
        "target_days": 30,
        "en": (
            "Abandoned vehicle",
            "A vehicle that has not moved for weeks, is wrecked or has no license plate.",
            "Vehicles",
            "abandoned car, vehicle, wreck, no plate",
        ),
        "es": (
            "Vehículo abandonado",
            "Un vehículo que no se ha movido en semanas, está destrozado o no tiene placa.",
            "Vehículos",
            "auto abandonado, vehículo, carro, sin placa",
        ),
        "attributes": [
            (
                "how_long",
                Datatype.SINGLE_VALUE_LIST,
                False,
                {
                    "en": (
                        "How long has it been there?",
                        "",
                        _choices(
                            ("week", "About a week"),
                            ("month", "About a month"),
                            ("longer", "Longer"),
                        ),
                    ),
                    "es": (
                        "¿Cuánto tiempo lleva ahí?",
                        "",
                        _choices(
                            ("week", "Una semana más o menos"),
                            ("month", "Un mes más o menos"),
                            ("longer", "Más tiempo"),
                        ),
                    ),
                },
            ),
        ],
    },
    {
        "code": "missed-trash",
        "department": "sanitation",
        "target_days": 2,
        "en": (
            "Missed trash collection",
            "Trash or recycling set out on the right day and not collected.",
            "Clean streets",
            "trash, recycling, pickup, collection, missed",
        ),
        "es": (
            "Recolección de basura omitida",
            "Basura o reciclaje sacados el día correcto que no se recogieron.",
            "Calles limpias",
            "basura, reciclaje, recolección, camión",
        ),
        "attributes": [
            (
                "collection_type",
                Datatype.MULTI_VALUE_LIST,
                True,
                {
                    "en": (
                        "What was not collected?",
                        "Choose all that apply.",
                        _choices(
                            ("trash", "Trash"),
                            ("recycling", "Recycling"),
                            ("bulk", "Bulk items"),
                        ),
                    ),
                    "es": (
                        "¿Qué no se recogió?",
                        "Elija todas las que correspondan.",
                        _choices(
                            ("trash", "Basura"),
                            ("recycling", "Reciclaje"),
                            ("bulk", "Artículos voluminosos"),
                        ),
                    ),
                },
            ),
        ],
    },
]

DESCRIPTIONS = {
    "graffiti": [
        ("Large tag sprayed across the side wall of the corner store.", {"surface": "wall"}),
        ("Graffiti on the fence around the playground.", {"surface": "fence"}),
        (
            "Offensive words painted on the rec center wall.",
            {"surface": "wall", "offensive": "yes"},
        ),
        ("Someone tagged the bus shelter and the mailbox.", {"surface": "other"}),
    ],
    "illegal-dumping": [
        ("A pile of tires dumped in the vacant lot.", {"size": "medium"}),
        ("Mattress and two chairs left on the sidewalk.", {"size": "small"}),
        ("Construction debris dumped in the alley behind the houses.", {"size": "large"}),
    ],
    "pothole": [
        ("Deep pothole in the right lane, cars swerve around it.", {"width": "18"}),
        ("Pothole at the crosswalk, a hazard for people on bikes.", {"width": "10"}),
        ("Several potholes along the block after the last storm.", {"width": "24"}),
    ],
    "streetlight-out": [
        ("The light at the corner has been out for a week.", {"pole_number": "K-1187"}),
        ("Streetlight flickers all night in front of the school.", {}),
        ("Two lights out in a row, the block is very dark.", {}),
    ],
    "abandoned-vehicle": [
        ("Car with flat tires and no plate, has not moved in a month.", {"how_long": "month"}),
        ("Burned-out van parked by the park entrance.", {"how_long": "longer"}),
    ],
    "missed-trash": [
        ("Trash on our block was not picked up on Tuesday.", {"collection_type": ["trash"]}),
        (
            "Recycling and trash both missed this week.",
            {"collection_type": ["trash", "recycling"]},
        ),
        ("Bulk items put out as scheduled were left.", {"collection_type": ["bulk"]}),
    ],
}

# What happens to each report after it is filed: (status, resolution, public note).
PLANS = [
    [],
    [(Status.ACKNOWLEDGED, "", "Thank you. A crew has been scheduled.")],
    [
        (Status.ACKNOWLEDGED, "", "Thank you. We are looking into it."),
        (Status.IN_PROGRESS, "", "A crew is working on it this week."),
    ],
    [
        (Status.ACKNOWLEDGED, "", ""),
        (Status.RESOLVED, Resolution.FIXED, "Fixed. Thank you for letting us know."),
    ],
    [],
    [
        (
            Status.CLOSED,
            Resolution.NOT_CITY,
            "This is on private property. We have written to the owner, who is responsible for it.",
        )
    ],
    [(Status.RESOLVED, Resolution.FIXED, "Done. The crew visited the site.")],
    [(Status.ACKNOWLEDGED, "", "")],
]

CHANNELS = [
    Channel.WEB,
    Channel.WEB,
    Channel.OPEN311,
    Channel.PHONE,
    Channel.WEB,
    Channel.LIAISON,
    Channel.WALK_IN,
    Channel.YOUTH,
]

STREETS = [
    "Market St",
    "Chestnut St",
    "Girard Ave",
    "Lehigh Ave",
    "Baltimore Ave",
    "Germantown Ave",
    "Passyunk Ave",
    "Kensington Ave",
]

REPORTS_PER_NEIGHBORHOOD = 8


# Categories ---------------------------------------------------------------------------------


def ensure_departments():
    departments = {}
    for key, (name, email) in DEPARTMENTS.items():
        departments[key], _ = Department.objects.get_or_create(
            name=name, defaults={"email": email, "goal_percent": DEPARTMENT_GOALS[key]}
        )
    return departments


def ensure_categories(english, spanish):
    """The six demo categories in English, each with a Spanish translation."""
    departments = ensure_departments()
    categories = {}
    for spec in CATEGORIES:
        name, description, group, keywords = spec["en"]
        category = ServiceCategory.objects.filter(code=spec["code"], locale=english).first()
        if category is None:
            category = ServiceCategory(
                code=spec["code"],
                locale=english,
                name=name,
                description=description,
                group=group,
                keywords=keywords,
                department=departments[spec["department"]],
                target_days=spec["target_days"],
            )
            category.attributes = [
                ServiceAttribute(
                    code=code,
                    datatype=datatype,
                    required=required,
                    description=texts["en"][0],
                    datatype_description=texts["en"][1],
                    values=texts["en"][2],
                    sort_order=position,
                )
                for position, (code, datatype, required, texts) in enumerate(spec["attributes"])
            ]
            category.save()
        categories[spec["code"]] = category
        _ensure_translation(category, spanish, spec)
    return categories


def _ensure_translation(category, spanish, spec):
    if category.get_translation_or_none(spanish) is not None:
        return
    name, description, group, keywords = spec["es"]
    translation = category.copy_for_translation(spanish)
    translation.name = name
    translation.description = description
    translation.group = group
    translation.keywords = keywords
    texts = {code: texts["es"] for code, _type, _required, texts in spec["attributes"]}
    for attribute in translation.attributes.all():
        if attribute.code in texts:
            question, hint, values = texts[attribute.code]
            attribute.description = question
            attribute.datatype_description = hint
            attribute.values = values
    translation.save()


# Reports ------------------------------------------------------------------------------------


def points_in(neighborhood, count, rng):
    """``count`` (lat, lng) points inside the neighborhood, around its bounding-box centre."""
    centre_lat = (neighborhood.min_lat + neighborhood.max_lat) / 2
    centre_lng = (neighborhood.min_lng + neighborhood.max_lng) / 2
    half_lat = (neighborhood.max_lat - neighborhood.min_lat) / 2
    half_lng = (neighborhood.max_lng - neighborhood.min_lng) / 2
    points = []
    spread = 0.6
    attempts = 0
    while len(points) < count:
        attempts += 1
        if attempts > 200 * count:  # An odd shape: fall back to anywhere in the box.
            spread = 1.0
        lat = round(centre_lat + rng.uniform(-spread, spread) * half_lat, 6)
        lng = round(centre_lng + rng.uniform(-spread, spread) * half_lng, 6)
        if geometry.contains(neighborhood.boundary, lat=lat, lng=lng):
            points.append((lat, lng))
    return points


def _backdate(report, now):
    """Spread the report's history between its submission and now; closed_at follows."""
    events = list(report.events.order_by("created_at", "pk"))
    span = now - report.submitted_at
    step = min(span / (len(events) + 1), timedelta(days=3))
    closed_at = None
    for position, event in enumerate(events):
        when = report.submitted_at + step * position
        ReportEvent.objects.filter(pk=event.pk).update(created_at=when)
        if event.to_status in (Status.RESOLVED, Status.CLOSED, Status.DUPLICATE):
            closed_at = when
    if closed_at is not None:
        ServiceReport.objects.filter(pk=report.pk).update(closed_at=closed_at)


def _make_filer(report, user):
    """Record ``user`` as the filer after the fact, so seeding mails nobody."""
    ServiceReport.objects.filter(pk=report.pk).update(filed_by=user)
    ReportEvent.objects.filter(report=report, kind=ReportEvent.Kind.FILED).update(actor=user)
    ReportFollow.objects.get_or_create(report=report, user=user)


@transaction.atomic
def create_demo_reports(categories, *, now=None):
    now = now or timezone.now()
    rng = random.Random(2026)  # noqa: S311 (the same demo every time, not a secret)
    User = get_user_model()
    users = {u.email: u for u in User.objects.filter(email__in=DEMO_SUPPORTERS)}
    resident = users.get(DEMO_RESIDENT)
    staff = users.get(STAFF_EMAIL)
    neighborhoods = list(Neighborhood.objects.order_by("slug"))
    created = []
    number = 0
    for neighborhood in neighborhoods:
        for lat, lng in points_in(neighborhood, REPORTS_PER_NEIGHBORHOOD, rng):
            report = _file_demo_report(number, lat, lng, categories, rng=rng, now=now, staff=staff)
            if resident is not None and number % 5 == 0:
                _make_filer(report, resident)
            created.append(report)
            number += 1
    duplicate = _merge_a_duplicate(created, staff=staff, now=now)
    if duplicate is not None:
        created.append(duplicate)
    waiting = _leave_a_duplicate_for_triage(created, now=now)
    if waiting is not None:
        created.append(waiting)
    _support_some(created, [u for email, u in users.items() if email != DEMO_RESIDENT])
    return created


def _file_demo_report(number, lat, lng, categories, *, rng, now, staff):
    """Demo report ``number`` at (lat, lng), taken through its plan of status changes."""
    codes = [spec["code"] for spec in CATEGORIES]
    code = codes[number % len(codes)]
    description, answers = rng.choice(DESCRIPTIONS[code])
    channel = CHANNELS[number % len(CHANNELS)]
    plan = PLANS[number % len(PLANS)]
    days_ago = (number * 37) % 59 + rng.random()
    fields = {
        "description": description,
        "attributes": answers,
        "lat": lat,
        "lng": lng,
        "address": f"{100 + number * 17} {STREETS[number % len(STREETS)]}",
        "channel": channel,
        "submitted_at": now - timedelta(days=days_ago),
        "device_id": DEMO_DEVICE_ID,
    }
    if channel == Channel.PHONE:
        fields["contact_name"] = "Demo caller"
        fields["contact_phone"] = f"215-555-01{number:02d}"
    report = services.file_report(category=categories[code], **fields)
    for status, resolution, note in plan:
        report = services.change_status(
            report, status, actor=staff, public_note=note, resolution=resolution
        )
    _backdate(report, now)
    return report


def _merge_a_duplicate(created, *, staff, now):
    """A duplicate, filed a few metres from an open report and merged into it."""
    original = next((r for r in created if r.status in ServiceReport.OPEN_STATUSES), None)
    if original is None:
        return None
    duplicate = services.file_report(
        category=original.category,
        description="Same problem as the report next door, reported again.",
        attributes=original.attributes,
        lat=original.lat + 0.0001,
        lng=original.lng + 0.0001,
        channel=Channel.OPEN311,
        submitted_at=original.submitted_at + timedelta(hours=6),
        device_id=DEMO_DEVICE_ID,
    )
    services.merge(
        duplicate,
        original,
        actor=staff,
        public_note=f"Merged into report {original.reference}.",
    )
    _backdate(duplicate, now)
    return duplicate


def _leave_a_duplicate_for_triage(created, *, now):
    """A likely duplicate still open, a few metres from another open report: what staff
    find on the triage map of either one (and merge from there)."""
    open_reports = [r for r in created if r.status in ServiceReport.OPEN_STATUSES]
    if len(open_reports) < 2:
        return None
    original = open_reports[1]
    report = services.file_report(
        category=original.category,
        description="Probably the one reported across the street; waiting for triage.",
        attributes=original.attributes,
        lat=original.lat + 0.00012,
        lng=original.lng - 0.0001,
        address=f"Across from {original.address}",
        channel=Channel.WEB,
        submitted_at=now - timedelta(hours=3),
        device_id=DEMO_DEVICE_ID,
    )
    _backdate(report, now)
    return report


def _support_some(created, supporters):
    """Neighbors say "me too" on some open reports (after the last status change, so the
    seed sends no e-mail)."""
    for position, report in enumerate(created):
        if report.status == Status.DUPLICATE:
            continue
        for user in supporters[: position % 4]:
            services.support(report, user)


def load_demo_reports():
    """The demo categories and reports, then the knowledge base, the contact center's
    people and contacts, and the crews (each job's ``demo.load_demo``), if missing."""
    reports = load_demo_categories_and_reports()
    knowledge_demo.load_demo()
    contact_center_demo.load_demo()
    crews_demo.load_demo()
    return reports


def load_demo_categories_and_reports():
    """Create the demo categories and reports if they are missing. Returns the new reports."""
    english, _ = Locale.objects.get_or_create(language_code="en")
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    categories = ensure_categories(english, spanish)
    if ServiceReport.objects.filter(device_id=DEMO_DEVICE_ID).exists():
        return []
    if not Neighborhood.objects.exists():
        return []
    return create_demo_reports(categories)
