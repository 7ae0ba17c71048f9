"""What the intake screen does: find a caller, record a new one, log a contact, file a
service request on a caller's behalf. Each change is one transaction.

``find_people`` is shared: the person-merge screen finds the duplicate with it.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from engage.core.audit import record

from .. import services as report_services
from ..audit import record_contact
from ..models import Contact, Person, ReportFollow, ServiceReport
from . import name_words, phone_key

SEARCH_LIMIT = 25
MIN_PHONE_DIGITS = 7
MIN_NAME_LETTERS = 2
# A phone number as people write it: digits and these, nothing else.
PHONE_PUNCTUATION = set(" +-().·/")

# How a service request filed by an agent reached the city.
REQUEST_CHANNELS = {
    Contact.Channel.PHONE: ServiceReport.Channel.PHONE,
    Contact.Channel.WALK_IN: ServiceReport.Channel.WALK_IN,
}


@dataclass(frozen=True)
class CallerQuery:
    """What an agent typed to find a caller, understood: by ``email``, ``phone`` or
    ``name``, and the key looked up."""

    kind: str
    key: str


def parse_caller_query(text):
    """What ``text`` searches for; a ``ValidationError`` with a translated message when it
    cannot find anyone (too short, a phone number missing digits, a broken e-mail)."""
    text = str(text or "").strip()
    if not text:
        raise ValidationError(
            _("Type the caller's name, phone number or e-mail address."), code="empty"
        )
    if "@" in text:
        local, _at, domain = text.rpartition("@")
        if not local or "." not in domain or " " in text:
            raise ValidationError(
                _("“%(text)s” is not a whole e-mail address, such as name@example.org."),
                code="bad_email",
                params={"text": text},
            )
        return CallerQuery("email", text.lower())
    if any(ch.isdigit() for ch in text) and set(text) <= PHONE_PUNCTUATION | set("0123456789"):
        key = phone_key(text)
        if len(key) < MIN_PHONE_DIGITS:
            raise ValidationError(
                _(
                    "A phone number has at least %(count)d digits; “%(text)s” has "
                    "%(found)d. Type the whole number."
                ),
                code="short_phone",
                params={"count": MIN_PHONE_DIGITS, "text": text, "found": len(key)},
            )
        return CallerQuery("phone", key)
    words = name_words(text)
    if len("".join(words)) < MIN_NAME_LETTERS:
        raise ValidationError(
            _("Type at least %(count)d letters of the caller's name."),
            code="short_name",
            params={"count": MIN_NAME_LETTERS},
        )
    return CallerQuery("name", " ".join(words))


def _starts_with(field, prefix):
    """``field`` starts with ``prefix``, answered from the field's index.

    PostgreSQL uses the ``varchar_pattern_ops`` index Django adds beside an indexed
    CharField for ``LIKE 'prefix%'``; SQLite's LIKE ignores case and never uses an index,
    but a range on the lower-case key does, and means the same there (byte order).
    """
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\U0010ffff"})
    return Q(**{f"{field}__startswith": prefix})


def _branches(query):
    """The ways ``query`` can match, each with the key whose index orders its matches.

    Each is asked on its own rather than as one OR: a common family name matches
    thousands of people, and an OR makes the database sort them all before keeping the
    first few (or, for a phone number, walk every person in name order looking for it),
    where one index walked in its own order stops at the first few.
    """
    if query.kind == "email":
        return [(_starts_with("email", query.key), "email")]
    if query.kind == "phone":
        return [
            (Q(phone_key=query.key), "phone_key"),
            (Q(other_phone_key=query.key), "other_phone_key"),
        ]
    words = query.key.split()
    branches = [
        (_starts_with("name_key", query.key), "name_key"),
        (_starts_with("surname_key", query.key), "surname_key"),
    ]
    if len(words) > 1:
        # "maria lopez" for "Maria del Carmen Lopez": first name and family name.
        both = _starts_with("name_key", words[0]) & _starts_with("surname_key", words[-1])
        branches.append((both, "surname_key"))
    return branches


def matching_querysets(query):
    """One queryset of current people per way ``query`` can match, each in the order of
    the index it is answered from."""
    return [
        Person.objects.current().filter(condition).order_by(key, "pk")
        for condition, key in _branches(query)
    ]


def people_matching(query, *, limit=SEARCH_LIMIT):
    """The current (never merged away) people matching a ``CallerQuery``, by name, each
    with ``last_contact_at``: at most ``limit``, chosen among the first ``limit`` of each
    way of matching when more match."""
    candidates = set()
    for matches in matching_querysets(query):
        candidates.update(matches.values_list("pk", flat=True)[:limit])
    last_contact = (
        Contact.objects.filter(person=OuterRef("pk")).order_by("-created_at").values("created_at")
    )
    return list(
        Person.objects.filter(pk__in=candidates)
        .annotate(last_contact_at=Subquery(last_contact[:1]))
        .order_by("name", "pk")[:limit]
    )


def find_people(query, *, limit=SEARCH_LIMIT):
    """The people a search box's text finds: by e-mail (the beginning of the address), by
    phone (the whole number, however it is written) or by name (the beginning of the
    first or family name, or both). Merged records are never found, only the one they
    were merged into. Text that cannot find anyone finds no one: ``parse_caller_query``
    says why."""
    try:
        parsed = parse_caller_query(query)
    except ValidationError:
        return []
    return people_matching(parsed, limit=limit)


def possible_duplicates(*, name="", phone="", email="", limit=SEARCH_LIMIT):
    """The people already recorded with this phone number or e-mail address, or this
    exact name, before an agent records a new person."""
    condition = Q(pk__in=[])
    if key := phone_key(phone):
        condition |= Q(phone_key=key) | Q(other_phone_key=key)
    if email.strip():
        condition |= Q(email=email.strip().lower())
    if words := name_words(name):
        condition |= Q(name_key=" ".join(words))
    return list(Person.objects.current().filter(condition).order_by("name", "pk")[:limit])


class CallRefused(ValueError):
    """What an agent tried cannot be done; the message is translated and shown."""


def _current_locked(person):
    """The person's record, locked, or the one it was merged into while the call went
    on: what the agent records must land on the record everyone will see."""
    if person is None:
        return None
    seen = set()
    locked = Person.objects.select_for_update().get(pk=person.pk)
    while locked.merged_into_id is not None:
        if locked.pk in seen:
            raise CallRefused(_("This person's record is merged in a circle; ask an admin."))
        seen.add(locked.pk)
        locked = Person.objects.select_for_update().get(pk=locked.merged_into_id)
    return locked


@transaction.atomic
def create_person(*, name="", phone="", email="", address="", language=""):
    """A new caller's record. At least one way to find them again is required."""
    if not (name_words(name) or phone_key(phone) or email.strip()):
        raise CallRefused(_("Give at least a name, a phone number or an e-mail address."))
    person = Person.objects.create(
        name=name.strip(),
        phone=phone.strip(),
        email=email,
        address=address.strip(),
        language=language,
    )
    # The person is the staff member of the admin request (Wagtail's log context).
    record(person, "reports.person_create")
    return person


@transaction.atomic
def log_contact(
    *,
    person,
    agent,
    kind,
    channel,
    topic="",
    resolved_first_contact=False,
    notes="",
    answer=None,
):
    """Record one call, visit or message that needed no service request (``person``
    ``None``: an anonymous caller)."""
    if kind == Contact.Kind.REQUEST:
        raise CallRefused(_("A service request is logged by filing it."))
    if answer is not None and not answer.live:
        raise CallRefused(_("That answer is no longer published; choose another."))
    contact = Contact.objects.create(
        person=_current_locked(person),
        agent=agent,
        kind=kind,
        channel=channel,
        topic=topic.strip(),
        resolved_first_contact=resolved_first_contact,
        notes=notes.strip(),
        answer=answer,
    )
    record_contact(contact)
    return contact


@transaction.atomic
def file_for(
    person,
    *,
    agent,
    category,
    channel=Contact.Channel.PHONE,
    description="",
    attributes=None,
    lat=None,
    lng=None,
    address="",
    notes="",
):
    """File a service request for a caller (``person`` ``None``: anonymous), with their
    contact details, and log the contact that led to it.

    The caller gets the e-mail receipt when they gave an address, and follows the report
    when their record has an account. The agent does not follow it: an agent files
    dozens a day for other people, and their updates belong to the caller.
    """
    if channel not in REQUEST_CHANNELS:
        raise CallRefused(_("An agent files requests that came by phone or at the counter."))
    person = _current_locked(person)
    details = {}
    if person is not None:
        details = {
            "contact_name": person.name[:120],
            "contact_email": person.email,
            "contact_phone": person.phone,
        }
    report = report_services.file_report(
        category=category,
        filed_by=agent,
        person=person,
        channel=REQUEST_CHANNELS[channel],
        description=description.strip(),
        attributes=attributes or {},
        lat=lat,
        lng=lng,
        address=address.strip(),
        receipt_language=(person.language if person and person.language else get_language()),
        **details,
    )
    account = person.user if person is not None else None
    if account is None or account.pk != agent.pk:
        ReportFollow.objects.filter(report=report, user=agent).delete()
    if account is not None:
        report_services.follow(report, account)
    contact = Contact.objects.create(
        person=person,
        agent=agent,
        kind=Contact.Kind.REQUEST,
        channel=channel,
        topic=category.name[:120],
        notes=notes.strip(),
        report=report,
    )
    record_contact(contact)
    return report
