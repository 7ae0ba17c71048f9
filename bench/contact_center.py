"""A big city's contact center, in a few bulk statements: at VOLUME (500,000 contacts)
200,000 people, 2,000 knowledge-base answers, 20,000 service reports for the
departments' queues, and what a year of them leaves behind (the answers' daily views and
feedback, crews and their updates from the field). At ``VOLUME // 100`` the same in
proportion (at least 20 answers).

* **people**: a name from two lists (so names repeat, as they do), a phone each (its
  ``phone_key`` the last ten digits, as the intake finds callers), an e-mail for three in
  five, one in a hundred merged into the record before it. The first person,
  ``BUSY_NAME``, is the city's most frequent caller: ``BUSY_CONTACTS`` contacts and
  ``BUSY_REPORTS`` requests filed for them — the record the ``contact-person-record``
  scenario opens;
* **contacts** over the last year: phone 60 %, e-mail 20 %, walk-in and social media 10 %
  each; information given 55 %, service requests 25 %, complaints 15 %, compliments 5 %;
  resolved on first contact as often as each kind is in a real center (a filed request
  never), one in ten anonymous; a third of the information given names the answer read
  out, every filed request its service report;
* **answers**: live pages under the knowledge base (the English one the demo made, or a
  new one), each with an owner department, a related category, a last-reviewed date
  (one in ten overdue) and search index entries; ``VIEW_DAYS`` days of views each, and
  ten pieces of feedback per answer (one in five from the report form: a "yes" there is a
  request avoided);
* **queues and crews**: the reports of ``bench.reports`` (with their departments and due
  dates), a crew of each demo department (the demo staff user in the first), a third of
  the open reports assigned to it, and a field update for one in ten of those.

Rows go in with ``bench.ideas.insert_rows`` (``executemany`` on SQLite, ``COPY`` on
PostgreSQL) with explicit primary keys; pages with ``bench.pages.bulk_add_children``.
Every contact-center scenario seeds the same data: the first one at a volume keeps a
copy of the database and the others start from it (``database.SeededCopies``).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from bench import database
from bench import reports as bench_reports
from bench.ideas import db_datetime, insert_rows, next_id, reset_sequences
from bench.pages import bulk_add_children, home_page
from bench.text import make_rng, sentence
from engage.reports.contact_center import name_keys, phone_key
from engage.reports.models import (
    AnswerFeedback,
    AnswerViews,
    Contact,
    Crew,
    Department,
    FieldUpdate,
    KnowledgeAnswerPage,
    KnowledgeIndexPage,
    Person,
    ServiceCategory,
    ServiceReport,
)

VOLUME = 500_000  # contacts
SEED = 20_261_205
STAFF_EMAIL = "staff@example.org"
BUSY_NAME = "Rosalind Okafor"
BUSY_PHONE = "215-555-0100"
BUSY_CONTACTS = 300
BUSY_REPORTS = 40
VIEW_DAYS = 20
FEEDBACK_PER_ANSWER = 10
TITLE_PREFIX = "Bench answer"

FIRST_NAMES = (
    "Ana", "Ben", "Carmen", "David", "Elena", "Frank", "Grace", "Hector", "Irene", "James",
    "Keisha", "Luis", "Maria", "Nathan", "Olivia", "Pedro", "Quinn", "Rosa", "Samuel", "Tanya",
    "Uma", "Victor", "Wanda", "Xavier", "Yolanda", "Zoe", "Andre", "Beatriz", "Chen", "Deja",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores",
)  # fmt: skip
TOPICS = (
    "Trash collection day", "Bulk item pickup", "Snow removal", "Pothole", "Streetlight out",
    "Recycling bin", "Parking permit", "Water bill", "Graffiti", "Noise", "Abandoned car",
    "Property tax", "Tree trimming", "Rodents", "Illegal dumping",
)  # fmt: skip
KINDS = [
    (Contact.Kind.INFORMATION, 55),
    (Contact.Kind.REQUEST, 25),
    (Contact.Kind.COMPLAINT, 15),
    (Contact.Kind.COMPLIMENT, 5),
]
CHANNELS = [
    (Contact.Channel.PHONE, 60),
    (Contact.Channel.EMAIL, 20),
    (Contact.Channel.WALK_IN, 10),
    (Contact.Channel.SOCIAL, 10),
]
# How often each kind ends on the call (a filed request goes on to a department).
RESOLVED_SHARE = {
    Contact.Kind.INFORMATION: 0.85,
    Contact.Kind.COMPLAINT: 0.4,
    Contact.Kind.COMPLIMENT: 0.95,
    Contact.Kind.REQUEST: 0.0,
}
ANONYMOUS_SHARE = 0.1


def sizes(volume):
    return {
        "contacts": volume,
        "people": max(50, volume * 2 // 5),
        "answers": max(20, volume // 250),
        "reports": max(200, volume // 25),
    }


def phone_number(number):
    """A distinct Philadelphia-looking number for each person."""
    return f"267-{200 + number // 10_000:03d}-{number % 10_000:04d}"


# The knowledge base ---------------------------------------------------------------------------


def knowledge_index():
    index = KnowledgeIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        (index,) = bulk_add_children(
            home_page(), [KnowledgeIndexPage(title="Answers", slug="answers")]
        )
    return index


def seed_answers(count, rng, now):
    departments = list(Department.objects.order_by("pk"))
    categories = (
        list(ServiceCategory.objects.filter(locale=Locale.get_default()).order_by("pk"))
        or bench_reports.categories()
    )
    today = timezone.localdate()
    pages = []
    for number in range(count):
        category = categories[number % len(categories)]
        topic = TOPICS[number % len(TOPICS)]
        overdue = number % 10 == 0
        pages.append(
            KnowledgeAnswerPage(
                title=f"{TITLE_PREFIX} {number + 1}: {topic}?",
                slug=f"bench-answer-{number + 1}",
                summary=f"{topic}: {sentence(rng)}",
                answer=f"<p>{sentence(rng)} {sentence(rng)}</p>",
                owner_department=category.department or departments[number % len(departments)],
                last_reviewed=today - timedelta(days=400 if overdue else number % 300),
                review_every_days=365,
            )
        )
    pages = bulk_add_children(knowledge_index(), pages, index=True)
    links = KnowledgeAnswerPage.categories.through
    links.objects.bulk_create(
        links(knowledgeanswerpage_id=page.pk, servicecategory_id=categories[n % len(categories)].pk)
        for n, page in enumerate(pages)
    )
    days = [now.date() - timedelta(days=day) for day in range(365)]
    insert_rows(
        AnswerViews,
        ["page", "day", "views"],
        (
            (page.pk, connection.ops.adapt_datefield_value(day), rng.randint(1, 60))
            for page in pages
            for day in rng.sample(days, VIEW_DAYS)
        ),
    )
    feedback = []
    for page in pages:
        for _ in range(FEEDBACK_PER_ANSWER):
            helpful = rng.random() < 0.7
            from_form = rng.random() < 0.2
            feedback.append(
                (
                    page.pk,
                    helpful,
                    "" if helpful else sentence(rng),
                    AnswerFeedback.Source.REPORT_FORM if from_form else AnswerFeedback.Source.PAGE,
                    from_form and helpful,
                    "es" if rng.random() < 0.2 else "en",
                    db_datetime(now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))),
                )
            )
    insert_rows(
        AnswerFeedback,
        ["page", "helpful", "comment", "source", "avoided_request", "language", "created_at"],
        feedback,
    )
    return [page.pk for page in pages]


# People and contacts ------------------------------------------------------------------------


def seed_people(count, rng, now):
    first = next_id(Person)
    rows = []
    for n in range(count):
        pk = first + n
        if n == 0:
            name, phone = BUSY_NAME, BUSY_PHONE
            email = "rosalind.okafor@bench.example.org"
        else:
            given, family = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name, phone = f"{given} {family}", phone_number(n)
            email = f"{given}.{family}.{n}@bench.example.org".lower() if n % 5 < 3 else ""
        created = db_datetime(now - timedelta(days=rng.randint(0, 3 * 365)))
        merged_into = pk - 1 if n > 1 and n % 100 == 0 else None
        name_key, surname_key = name_keys(name)
        rows.append(
            (
                pk, name, name_key, surname_key, phone, phone_key(phone), "", "", email, "",
                "es" if n % 5 == 4 else "en", None, merged_into, created, created,
            )
        )  # fmt: skip
    # The search keys as Person.fill_keys() sets them (insert_rows skips save()).
    insert_rows(
        Person,
        [
            "id", "name", "name_key", "surname_key", "phone", "phone_key", "other_phone",
            "other_phone_key", "email", "address", "language", "user", "merged_into",
            "created_at", "updated_at",
        ],
        rows,
    )  # fmt: skip
    reset_sequences(Person)
    return first, [first + n for n in range(count) if not (n > 1 and n % 100 == 0)]


def seed_contacts(count, rng, now, *, busy, people, answers, report_ids, agent_id):
    kinds, kind_weights = zip(*KINDS, strict=True)
    channels, channel_weights = zip(*CHANNELS, strict=True)
    minutes = 365 * 24 * 60
    notes = [sentence(rng) for _ in range(200)]

    def rows():
        for n in range(count):
            kind = rng.choices(kinds, kind_weights)[0]
            if n < BUSY_CONTACTS:
                person = busy
            elif rng.random() < ANONYMOUS_SHARE:
                person = None
            else:
                person = rng.choice(people)
            information = kind == Contact.Kind.INFORMATION
            yield (
                person,
                kind,
                rng.choices(channels, channel_weights)[0],
                rng.choice(TOPICS),
                rng.random() < RESOLVED_SHARE[kind],
                rng.choice(notes),
                rng.choice(answers) if information and rng.random() < 1 / 3 else None,
                rng.choice(report_ids) if kind == Contact.Kind.REQUEST else None,
                agent_id,
                db_datetime(now - timedelta(minutes=rng.randint(0, minutes))),
            )

    insert_rows(
        Contact,
        [
            "person", "kind", "channel", "topic", "resolved_first_contact", "notes", "answer",
            "report", "agent", "created_at",
        ],
        rows(),  # runs no query: it may be read while PostgreSQL's COPY is going on
    )  # fmt: skip


# Queues and crews ------------------------------------------------------------------------


def seed_crews(rng, now, staff):
    crews = Crew.objects.bulk_create(
        Crew(department=department, name="Bench crew") for department in Department.objects.all()
    )
    if crews and staff is not None:
        crews[0].members.add(staff)
    updates = []
    for crew in crews:
        open_reports = list(
            ServiceReport.objects.open()
            .filter(department=crew.department, reference__startswith="Z9")
            .values_list("pk", flat=True)
            .order_by("pk")
        )
        assigned = open_reports[::3]
        ServiceReport.objects.filter(pk__in=assigned).update(crew=crew)
        for pk in assigned[::10]:
            made = now - timedelta(minutes=rng.randint(0, 90 * 24 * 60))
            updates.append(
                FieldUpdate(
                    report_id=pk,
                    crew=crew,
                    sent_by=staff,
                    client_key=f"bench-{pk}",
                    status=ServiceReport.Status.IN_PROGRESS,
                    public_note="The crew is on site.",
                    made_at=made,
                    received_at=made + timedelta(minutes=rng.choice((0, 1, 5, 600))),
                )
            )
    FieldUpdate.objects.bulk_create(updates, batch_size=2_000)


@transaction.atomic
def seed_contact_center(volume, seed=SEED):
    rng = make_rng(seed)
    now = timezone.now()
    counts = sizes(volume)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # this connection only: room for the indexes
            cursor.execute("PRAGMA cache_size = -262144")
    staff = get_user_model().objects.filter(email=STAFF_EMAIL).first()
    bench_reports.seed_reports(counts["reports"])
    report_ids = list(
        ServiceReport.objects.filter(reference__startswith="Z9").values_list("pk", flat=True)
    )
    seed_crews(rng, now, staff)
    answers = seed_answers(counts["answers"], rng, now)
    busy, people = seed_people(counts["people"], rng, now)
    ServiceReport.objects.filter(pk__in=report_ids[:BUSY_REPORTS]).update(person_id=busy)
    seed_contacts(
        counts["contacts"],
        rng,
        now,
        busy=busy,
        people=people,
        answers=answers,
        report_ids=report_ids,
        agent_id=staff.pk if staff else None,
    )
    return counts


_seeded = database.SeededCopies(
    "contact-center",
    seed_contact_center,
    [
        "reports_contact",
        "reports_person",
        "reports_answerviews",
        "reports_answerfeedback",
        "reports_servicereport",
        "reports_fieldupdate",
    ],
)


def seed(volume):
    _seeded.seed(volume)


# What the scenarios ask for ------------------------------------------------------------------


def admin_url(name, *args):
    return reverse(name, args=args)


def staff():
    """The demo staff user: the contact center's screens are for staff."""
    return get_user_model().objects.get(email=STAFF_EMAIL)


def busy_person():
    return Person.objects.get(name=BUSY_NAME, phone=BUSY_PHONE)


def busiest_department():
    """The department with the most open reports (its queue is the longest)."""
    return (
        Department.objects.annotate(
            open_reports=Count("reports", filter=Q(reports__status__in=ServiceReport.OPEN_STATUSES))
        )
        .order_by("-open_reports", "pk")
        .first()
    )
