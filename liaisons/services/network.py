"""The liaison network: applying, staff's decision, terms ending, and residents' messages.

Each operation is one transaction that checks its rule again inside it (a form posted
twice, or two staff members deciding at once, meet the database's answer, not a stale
page) and queues its e-mails on commit, so a refused or rolled-back change mails nobody.

The ``Liaison`` role (a Django group) follows the terms: approval gives it, and it is taken
back when the person's last active term ends. Terms are never deleted: the program keeps
who served where and when, and how each term ended.
"""

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engage.accounts.roles import LIAISON
from engage.core.audit import record

from .. import emails, rules
from ..audit import names
from ..models import Liaison, LiaisonApplication, LiaisonContactMessage

Status = LiaisonApplication.Status


class NetworkError(Exception):
    """A refused change to the liaison network; the message is translated for the person."""


def _forget_roles(user):
    # roles.role_names and rules.active_liaison cache on the user object.
    for attribute in ("_engage_role_names", "_engage_liaison_term"):
        user.__dict__.pop(attribute, None)


def _required(text, message):
    text = (text or "").strip()
    if not text:
        raise NetworkError(message)
    return text


def _require_neighborhoods(neighborhoods):
    neighborhoods = list(neighborhoods)
    if not neighborhoods:
        raise NetworkError(_("Choose at least one neighborhood."))
    return neighborhoods


# == Applying ==


def apply(user, *, neighborhoods, display_name, motivation, availability, contact_preference, bio):
    """A resident's application to be the liaison for ``neighborhoods``, waiting for staff.

    Refused while the person is a liaison or has another application waiting; the
    database's one-pending-application constraint settles two forms sent at once.
    """
    neighborhoods = _require_neighborhoods(neighborhoods)
    try:
        with transaction.atomic():
            reason = rules.why_not_apply(user)
            if reason:
                raise NetworkError(reason)
            application = LiaisonApplication.objects.create(
                applicant=user,
                display_name=display_name.strip(),
                motivation=motivation.strip(),
                availability=availability.strip(),
                contact_preference=contact_preference.strip(),
                bio=bio.strip(),
            )
            application.neighborhoods.set(neighborhoods)
    except IntegrityError:
        raise NetworkError(rules.why_not_apply(user) or _("Please try again.")) from None
    return application


def withdraw(application, user):
    """The applicant takes back an application that is still waiting for review."""
    if application.applicant_id != user.pk:
        raise NetworkError(_("This is not your application."))
    withdrawn = LiaisonApplication.objects.filter(pk=application.pk, status=Status.PENDING).update(
        status=Status.WITHDRAWN, decided_at=timezone.now()
    )
    if not withdrawn:
        raise NetworkError(_("This application has already been decided or withdrawn."))
    application.refresh_from_db()
    return application


# == Staff's decision ==


def _lock_pending(application):
    locked = LiaisonApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != Status.PENDING:
        raise NetworkError(
            _("This application was already decided: %(status)s.")
            % {"status": locked.get_status_display()}
        )
    return locked


def approve(application, staff, *, neighborhoods=None):
    """Make the applicant a liaison: a new term, the ``Liaison`` role, and an e-mail.

    ``neighborhoods`` may narrow what the person applied for (staff approve some of the
    neighborhoods); it may not add others, which the person never offered to serve.
    """
    with transaction.atomic():
        application = _lock_pending(application)
        applied = list(application.neighborhoods.all())
        if neighborhoods is None:
            neighborhoods = applied
        neighborhoods = _require_neighborhoods(neighborhoods)
        if {n.pk for n in neighborhoods} - {n.pk for n in applied}:
            raise NetworkError(_("Approve only neighborhoods the person applied for."))
        applicant = application.applicant
        if Liaison.objects.active().filter(user=applicant).exists():
            raise NetworkError(
                _("This person is already a liaison: change the neighborhoods of their term.")
            )
        now = timezone.now()
        term = Liaison.objects.create(
            user=applicant,
            application=application,
            display_name=application.display_name,
            bio=application.bio,
            started_at=now,
        )
        term.neighborhoods.set(neighborhoods)
        applicant.groups.add(Group.objects.get(name=LIAISON))
        _forget_roles(applicant)
        application.status = Status.APPROVED
        application.decided_by = staff
        application.decided_at = now
        application.save(update_fields=["status", "decided_by", "decided_at"])
        record(
            application,
            "liaisons.application_approve",
            user=staff,
            data={"term": term.pk, "neighborhoods": names(neighborhoods)},
        )
        emails.notify_application_decided(application)
    return term


def decline(application, staff, reason):
    """Decline with a reason, which the applicant reads in the e-mail and on their page."""
    reason = _required(reason, _("Give the reason: the applicant reads it."))
    with transaction.atomic():
        application = _lock_pending(application)
        application.status = Status.DECLINED
        application.decided_by = staff
        application.decided_at = timezone.now()
        application.decline_reason = reason
        application.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
        record(application, "liaisons.application_decline", user=staff, data={"reason": reason})
        emails.notify_application_decided(application)
    return application


# == Terms ==


def _end_term(term, *, ending, by, note):
    locked = Liaison.objects.select_for_update().get(pk=term.pk)
    if not locked.is_active:
        raise NetworkError(_("This term has already ended."))
    locked.ended_at = timezone.now()
    locked.ending = ending
    locked.ended_by = by
    locked.ending_note = note
    locked.save(update_fields=["ended_at", "ending", "ended_by", "ending_note"])
    user = locked.user
    if not Liaison.objects.active().filter(user=user).exists():
        user.groups.remove(Group.objects.get(name=LIAISON))
    _forget_roles(user)
    return locked


def step_down(user, note=""):
    """The liaison ends their own term; it stays in the program's history."""
    with transaction.atomic():
        term = Liaison.objects.active().filter(user=user).first()
        if term is None:
            raise NetworkError(_("You are not a liaison at the moment."))
        ended = _end_term(term, ending=Liaison.Ending.STEPPED_DOWN, by=user, note=note.strip())
    _forget_roles(user)
    return ended


def remove(term, staff, reason):
    """Staff end a liaison's term, with a reason the person is told."""
    reason = _required(reason, _("Give the reason: the liaison reads it."))
    with transaction.atomic():
        ended = _end_term(term, ending=Liaison.Ending.REMOVED, by=staff, note=reason)
        record(ended, "liaisons.term_remove", user=staff, data={"reason": reason})
        emails.notify_removed(ended)
    return ended


def change_neighborhoods(term, staff, neighborhoods):
    """Staff change the neighborhoods an active liaison serves."""
    neighborhoods = _require_neighborhoods(neighborhoods)
    with transaction.atomic():
        locked = Liaison.objects.select_for_update().get(pk=term.pk)
        if not locked.is_active:
            raise NetworkError(_("This term has ended: its neighborhoods are history."))
        before = names(locked.neighborhoods.all())
        locked.neighborhoods.set(neighborhoods)
        record(
            locked,
            "liaisons.term_neighborhoods",
            user=staff,
            data={"before": before, "after": names(neighborhoods)},
        )
    return locked


# == Writing to a liaison ==


def contact(liaison, sender, *, sender_name, body):
    """Keep a resident's message to a liaison and e-mail it to them, replies to the sender.

    The liaison's address is never shown to the sender: the message goes through the site,
    and the liaison's answer, if any, reveals it only when they choose to reply.
    """
    body = _required(body, _("Write your message."))
    sender_name = _required(sender_name, _("Give your name, so that the liaison knows who wrote."))
    with transaction.atomic():
        liaison = Liaison.objects.select_for_update().select_related("user").get(pk=liaison.pk)
        reason = rules.why_not_contact(liaison, sender)
        if reason:
            raise NetworkError(reason)
        message = LiaisonContactMessage.objects.create(
            liaison=liaison,
            sender=sender,
            sender_name=sender_name,
            sender_email=sender.email,
            body=body,
        )
        emails.notify_contact_message(message)
    return message
