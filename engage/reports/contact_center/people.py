"""A person's record: everything one person did with the city, for staff.

The record merges into one timeline, newest first: the person's contacts with the contact
center, the service requests linked to them (``ServiceReport.person``: filed for them on
the phone or at a desk), and, when the record has an account, what every part declares
about that account (``engage.core.person_record``: ideas, votes, survey participations,
sign-ups, hours, their own reports…). Staff notes sit beside the timeline.

Anonymous survey answers never appear (the surveys part reads only non-anonymous
participations) and youth participants never do (they have no account, and youth
declares nothing).
"""

import re

from django.db import transaction
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from engage.core.audit import record
from engage.core.person_record import EntrySource, Timeline, TimelineEntry, part_sources

from ..models import Contact, Person, PersonNote, ServiceReport
from ..person_record import filed_by_themselves, report_admin_url, report_title

SEARCH_LIMIT = 20
# A phone number is searched by its last ten digits, as the intake stores ``phone_key``.
PHONE_KEY_DIGITS = 10
MIN_PHONE_DIGITS = 4


# --- the timeline


def timeline(person):
    """The person's whole record as one ``Timeline`` (page it with ``Paginator``)."""
    return Timeline(record_sources(person))


def record_sources(person):
    sources = [
        EntrySource(
            rows=Contact.objects.filter(person=person)
            .select_related("answer", "report__category")
            .order_by("-created_at", "-pk"),
            entry=_contact,
        ),
        EntrySource(rows=_linked_reports(person), entry=_linked_report),
    ]
    if person.user_id:
        sources.extend(part_sources(person.user))
    return sources


def _linked_reports(person):
    reports = ServiceReport.objects.filter(person=person)
    if person.user_id:
        # Those the reports part already lists as filed by the account itself.
        reports = reports.exclude(filed_by_themselves(person.user))
    return reports.select_related("category").order_by("-submitted_at", "-pk")


def _contact(contact):
    details = [contact.get_channel_display()]
    if contact.resolved_first_contact:
        details.append(gettext("resolved on first contact"))
    if contact.answer_id:
        details.append(gettext("answer given: %(title)s") % {"title": contact.answer.title})
    if contact.notes:
        details.append(Truncator(contact.notes).chars(200))
    return TimelineEntry(
        when=contact.created_at,
        kind=contact.get_kind_display(),
        title=contact.topic or contact.get_kind_display(),
        url=report_admin_url(contact.report_id) if contact.report_id else "",
        detail=" · ".join(str(detail) for detail in details),
    )


def _linked_report(report):
    return TimelineEntry(
        when=report.submitted_at,
        kind=_("Service request filed for them"),
        title=report_title(report),
        url=report_admin_url(report.pk),
        detail=f"{report.get_channel_display()} · {report.get_status_display()}",
    )


# --- finding people (the People list, the duplicates to merge)


def phone_digits(text):
    digits = re.sub(r"\D", "", text or "")
    return digits[-PHONE_KEY_DIGITS:]


def search_people(query, people=None):
    """Current people matching ``query``: an e-mail address, phone digits, or name words.

    Phone numbers match by their stored digits (``phone_key``, ``other_phone_key``: exact
    on the index for a whole number, the end of the number for a part of it).
    """
    people = Person.objects.current() if people is None else people
    query = (query or "").strip()
    if not query:
        return people
    if "@" in query:
        return people.filter(email__iexact=query)
    digits = phone_digits(query)
    if digits and len(digits) >= MIN_PHONE_DIGITS and not re.search(r"[^\d\s().+-]", query):
        if len(digits) == PHONE_KEY_DIGITS:
            return people.filter(Q(phone_key=digits) | Q(other_phone_key=digits))
        return people.filter(Q(phone_key__endswith=digits) | Q(other_phone_key__endswith=digits))
    condition = Q()
    for word in query.split():
        condition &= Q(name__icontains=word)
    return people.filter(condition)


def likely_duplicates(person):
    """Other current records sharing this one's e-mail, a phone number or the exact name."""
    condition = Q()
    if person.email:
        condition |= Q(email__iexact=person.email)
    keys = [key for key in (person.phone_key, person.other_phone_key) if key]
    if keys:
        condition |= Q(phone_key__in=keys) | Q(other_phone_key__in=keys)
    if person.name.strip():
        condition |= Q(name__iexact=person.name.strip())
    if not condition:
        return Person.objects.none()
    return Person.objects.current().exclude(pk=person.pk).filter(condition)[:SEARCH_LIMIT]


# --- staff notes


class NoteRefused(ValueError):
    """A note that cannot be written; the message is translated and shown to staff."""


@transaction.atomic
def add_note(person, text, *, author):
    """Write a staff note on the person's record.

    The person's row is locked, so a note written while someone merges this record away
    lands on the record kept (the merge moves the notes it sees; this one waits for it).
    """
    text = text.strip()
    if not text:
        raise NoteRefused(gettext("Write the note before saving it."))
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.merged_into_id:
        locked = Person.objects.select_for_update().get(pk=locked.merged_into_id)
    note = PersonNote.objects.create(person=locked, text=text, author=author)
    # On the person, like the record's creation and merges; the note's words stay out.
    record(locked, "reports.person_note", user=author, data={"note": note.pk})
    return note
