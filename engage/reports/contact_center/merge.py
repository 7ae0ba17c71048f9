"""Merging two records of one person (the same caller known by phone and by e-mail).

The record merged away (the duplicate) points to the one kept (``merged_into``) and is
never shown again; everything that pointed to it — contacts, service requests, staff notes,
records merged into it earlier — points to the one kept. The record kept keeps its own
details and takes the duplicate's where its own are empty (a second phone number goes to
``other_phone``). A note on the record kept says what the duplicate held, so a detail that
had no empty place to go (a second e-mail address) is not lost either.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from engage.core.audit import record

from ..models import Contact, Person, PersonNote, ServiceReport

# The details a record kept takes from the duplicate when its own are empty.
FILLED_FIELDS = ("name", "email", "address", "language")


class MergeRefused(ValueError):
    """A merge that cannot happen; the message is translated and shown to staff."""


def refusal(duplicate, into):
    """Why ``duplicate`` cannot be merged into ``into`` (translated), or ``None``."""
    if duplicate.pk == into.pk:
        return gettext("A record cannot be merged into itself.")
    if duplicate.merged_into_id:
        return gettext("%(person)s's record has already been merged into another.") % {
            "person": duplicate
        }
    if into.merged_into_id:
        return gettext(
            "%(person)s's record was merged into another: merge into the record it was merged into."
        ) % {"person": into}
    if duplicate.user_id and into.user_id and duplicate.user_id != into.user_id:
        return gettext(
            "These two records belong to two different accounts, so they are two people: "
            "they cannot be merged."
        )
    return None


@dataclass
class MergePreview:
    """What a merge would move and change, for the confirmation screen."""

    duplicate: Person
    into: Person
    contacts: int
    reports: int
    notes: int
    merged_records: int
    # (label, the value kept, the duplicate's value, the value after the merge)
    details: list


def preview(duplicate, into):
    merged = merged_details(duplicate, into)
    labels = {
        "name": _("Name"),
        "phone": _("Phone"),
        "other_phone": _("Other phone"),
        "email": _("E-mail address"),
        "address": _("Address"),
        "language": _("Language"),
        "user": _("Account"),
    }
    details = [
        (
            label,
            _display(getattr(into, field)),
            _display(getattr(duplicate, field)),
            _display(merged.get(field, getattr(into, field))),
        )
        for field, label in labels.items()
    ]
    return MergePreview(
        duplicate=duplicate,
        into=into,
        contacts=Contact.objects.filter(person=duplicate).count(),
        reports=ServiceReport.objects.filter(person=duplicate).count(),
        notes=PersonNote.objects.filter(person=duplicate).count(),
        merged_records=Person.objects.filter(merged_into=duplicate).count(),
        details=details,
    )


def _display(value):
    if value is None:
        return ""
    return getattr(value, "email", None) or str(value)


def merged_details(duplicate, into):
    """The fields of ``into`` that change: ``{field: new value}`` (phone keys included)."""
    changes = {
        field: getattr(duplicate, field)
        for field in FILLED_FIELDS
        if not getattr(into, field) and getattr(duplicate, field)
    }
    if not into.user_id and duplicate.user_id:
        changes["user"] = duplicate.user
    # The duplicate's numbers that the record kept does not have, in order of preference.
    known = {key for key in (into.phone_key, into.other_phone_key) if key}
    incoming = []
    for number, key in (
        (duplicate.phone, duplicate.phone_key),
        (duplicate.other_phone, duplicate.other_phone_key),
    ):
        if number and (key or number) not in known:
            known.add(key or number)
            incoming.append((number, key))
    for field in ("phone", "other_phone"):
        if not getattr(into, field) and incoming:
            number, key = incoming.pop(0)
            changes[field] = number
            changes[f"{field}_key"] = key
    return changes


def _lock_pair(duplicate, into):
    """Both records, locked, always in the same order (by primary key), so two staff
    merging A into B and B into A at the same moment wait for each other instead of
    deadlocking, and the second sees what the first did."""
    locked = {
        person.pk: person
        for person in Person.objects.select_for_update()
        .filter(pk__in=[duplicate.pk, into.pk])
        .order_by("pk")
    }
    return locked[duplicate.pk], locked[into.pk]


@transaction.atomic
def merge_people(duplicate, into, *, actor=None):
    """Merge ``duplicate`` into ``into`` (see the module's docstring); returns ``into``.

    Raises ``MergeRefused`` with the reason, having changed nothing, when the two cannot
    be merged (checked again on the locked rows: another merge may have just happened).
    """
    if duplicate.pk == into.pk:
        raise MergeRefused(refusal(duplicate, into))
    duplicate, into = _lock_pair(duplicate, into)
    reason = refusal(duplicate, into)
    if reason:
        raise MergeRefused(reason)
    changes = merged_details(duplicate, into)
    summary = _summary(duplicate)
    Contact.objects.filter(person=duplicate).update(person=into)
    ServiceReport.objects.filter(person=duplicate).update(person=into)
    PersonNote.objects.filter(person=duplicate).update(person=into)
    Person.objects.filter(merged_into=duplicate).update(merged_into=into)
    for field, value in changes.items():
        setattr(into, field, value)
    into.save()
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into", "updated_at"])
    PersonNote.objects.create(person=into, text=summary, author=actor)
    record(
        into,
        "reports.person_merge",
        user=actor,
        data={"duplicate": duplicate.pk, "changed": sorted(changes)},
    )
    return into


def _summary(duplicate):
    """The note on the record kept: what the duplicate held, detail by detail."""
    held = [
        (_("Name"), duplicate.name),
        (_("Phone"), duplicate.phone),
        (_("Other phone"), duplicate.other_phone),
        (_("E-mail address"), duplicate.email),
        (_("Address"), duplicate.address),
        (_("Language"), duplicate.language),
        (_("Account"), duplicate.user.email if duplicate.user_id else ""),
    ]
    lines = [
        gettext("Record #%(pk)s was merged into this one. It held:") % {"pk": duplicate.pk},
        *(f"{label}: {value}" for label, value in held if value),
    ]
    return "\n".join(lines)
