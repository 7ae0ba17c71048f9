"""Demo content of the contact center, loaded by engage.reports.demo.load_demo_reports
(after the demo reports and the knowledge base): about thirty callers (one of them the
demo resident's account, one recorded twice — by phone and by e-mail — for the merge
screen) and about two hundred contacts over the last four months, across the channels
and kinds, some answered from the knowledge base and some that became the demo's phone
and walk-in reports.

Safe to run again: nothing is added once the demo callers exist.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..models import Contact, KnowledgeAnswerPage, Person, ServiceReport

STAFF_EMAIL = "staff@example.org"
RESIDENT_EMAIL = "resident@example.org"
CONTACT_COUNT = 200
DAYS_BACK = 120

# (name, phone, e-mail, language)
CALLERS = [
    ("Dana Ruiz", "215-555-0142", "", "en"),
    ("Dana Ruiz", "", "dana.ruiz@example.net", "en"),  # the same caller, recorded twice
    ("Marcus Webb", "(215) 555-0117", "marcus.webb@example.net", "en"),
    ("Lucía Hernández", "215 555 0188", "lucia.h@example.net", "es"),
    ("Thomas Nguyen", "215-555-0163", "", "en"),
    ("Aisha Bello", "", "aisha.bello@example.net", "en"),
    ("José Martínez", "215-555-0129", "", "es"),
    ("Patricia O'Neil", "215-555-0171", "pat.oneil@example.net", "en"),
    ("Wei Chen", "215-555-0135", "wei.chen@example.net", "en"),
    ("Carmen Delgado", "215-555-0194", "", "es"),
    ("Robert Jackson", "215-555-0106", "rob.jackson@example.net", "en"),
    ("Fatima Diallo", "215-555-0152", "", "en"),
    ("Kevin Murphy", "", "kmurphy@example.net", "en"),
    ("Rosa Jiménez", "215-555-0177", "rosa.jimenez@example.net", "es"),
    ("Andre Williams", "215-555-0148", "", "en"),
    ("Grace Kim", "215-555-0113", "grace.kim@example.net", "en"),
    ("Luis Ortega", "215-555-0160", "", "es"),
    ("Helen Brooks", "215-555-0124", "helen.brooks@example.net", "en"),
    ("Samuel Okafor", "", "s.okafor@example.net", "en"),
    ("María del Carmen López", "215-555-0199", "mcarmen.lopez@example.net", "es"),
    ("Jamal Carter", "215-555-0131", "", "en"),
    ("Irina Petrova", "215-555-0186", "irina.p@example.net", "en"),
    ("Daniel Rivera", "215-555-0109", "", "es"),
    ("Nora Fitzgerald", "215-555-0144", "nora.fitz@example.net", "en"),
    ("Ahmed Hassan", "215-555-0157", "", "en"),
    ("Sofía Castillo", "", "sofia.castillo@example.net", "es"),
    ("Michael Thompson", "215-555-0120", "mike.t@example.net", "en"),
    ("Yolanda Reyes", "215-555-0138", "", "es"),
]

TOPICS = {
    Contact.Kind.INFORMATION: [
        "Trash collection day",
        "Bulk item pickup",
        "Recycling rules",
        "Snow removal on my street",
        "Street sweeping schedule",
        "Parking permit",
        "Status of a report",
        "Property tax bill",
    ],
    Contact.Kind.COMPLAINT: [
        "Missed trash pickup",
        "Pothole not fixed",
        "Noise from construction",
        "Streetlight still out",
        "Rude crew member",
    ],
    Contact.Kind.COMPLIMENT: [
        "Quick pothole repair",
        "Helpful sanitation crew",
        "Clean park after the event",
    ],
}
KIND_WEIGHTS = {
    Contact.Kind.INFORMATION: 60,
    Contact.Kind.COMPLAINT: 25,
    Contact.Kind.COMPLIMENT: 15,
}
CHANNEL_WEIGHTS = {
    Contact.Channel.PHONE: 60,
    Contact.Channel.WALK_IN: 15,
    Contact.Channel.EMAIL: 15,
    Contact.Channel.SOCIAL: 10,
}
NOTES = [
    "",
    "",
    "Caller asked for the schedule to be mailed as well.",
    "Follow-up promised within a week.",
    "Referred to the department's e-mail address.",
]


def load_demo(*, now=None, seed=311):
    if Person.objects.filter(name=CALLERS[0][0]).exists():
        return []
    rng = random.Random(seed)  # noqa: S311 (the same demo every time, not a secret)
    with transaction.atomic():
        people = _create_callers()
        return _create_contacts(people, now=now or timezone.now(), rng=rng)


def _create_callers():
    people = []
    for name, phone, email, language in CALLERS:
        people.append(Person.objects.create(name=name, phone=phone, email=email, language=language))
    resident = get_user_model().objects.filter(email=RESIDENT_EMAIL).first()
    if resident is not None:
        people.append(
            Person.objects.create(
                name="Riley Resident", email=RESIDENT_EMAIL, phone="215-555-0100", user=resident
            )
        )
    return people


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _create_contacts(people, *, now, rng):
    agent = get_user_model().objects.filter(email=STAFF_EMAIL).first()
    answers = list(KnowledgeAnswerPage.objects.live().filter(locale__language_code="en")[:20])
    contacts = []
    for number in range(CONTACT_COUNT):
        kind = _weighted(rng, KIND_WEIGHTS)
        # One in ten callers does not give a name.
        person = None if number % 10 == 0 else rng.choice(people)
        answer = None
        topic = rng.choice(TOPICS[kind])
        if kind == Contact.Kind.INFORMATION and answers and rng.random() < 0.5:
            answer = rng.choice(answers)
            topic = answer.title[:120]
        contacts.append(
            Contact(
                person=person,
                agent=agent,
                kind=kind,
                channel=_weighted(rng, CHANNEL_WEIGHTS),
                topic=topic,
                resolved_first_contact=kind != Contact.Kind.COMPLAINT and rng.random() < 0.8,
                notes=rng.choice(NOTES),
                answer=answer,
                created_at=now - timedelta(days=rng.uniform(0, DAYS_BACK)),
            )
        )
    contacts += _contacts_for_demo_reports(people, agent, rng)
    return Contact.objects.bulk_create(contacts)


def _contacts_for_demo_reports(people, agent, rng):
    """The demo's phone and walk-in reports came from a call: each gets its caller."""
    contacts = []
    reports = ServiceReport.objects.filter(
        channel__in=[ServiceReport.Channel.PHONE, ServiceReport.Channel.WALK_IN],
        person__isnull=True,
    ).select_related("category")
    for report in reports:
        person = rng.choice(people)
        ServiceReport.objects.filter(pk=report.pk).update(person=person)
        contacts.append(
            Contact(
                person=person,
                agent=agent,
                kind=Contact.Kind.REQUEST,
                channel=(
                    Contact.Channel.WALK_IN
                    if report.channel == ServiceReport.Channel.WALK_IN
                    else Contact.Channel.PHONE
                ),
                topic=report.category.name[:120],
                report=report,
                created_at=report.submitted_at,
            )
        )
    return contacts
