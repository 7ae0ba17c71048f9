"""Volunteers: registering, changing one's details, accepting the waiver in force, and a
parent's or guardian's consent for a minor (by a signed link e-mailed to the guardian, or
a paper form recorded by staff or a liaison).

Each operation is one transaction that checks its rule again inside it (``liaisons.rules``),
so a form posted directly never skips one; e-mails are queued on commit by ``notify``.
"""

import hashlib
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from engage.core.audit import record
from engage.core.ratelimit import RateLimit
from engage.notifications.services import notify_address

from .. import rules
from ..emails import GuardianConsentEmail
from ..models import Volunteer, Waiver, WaiverAcceptance

# What a volunteer types about themselves (the form's fields, neighborhoods aside).
DETAIL_FIELDS = (
    "display_name",
    "skills",
    "availability",
    "phone",
    "age_band",
    "emergency_contact_name",
    "emergency_contact_phone",
    "guardian_name",
    "guardian_contact",
)
GUARDIAN_FIELDS = ("guardian_name", "guardian_contact")
CONSENT_SALT = "liaisons.guardian-consent"
# A minor (or a liaison helping them) may ask for the guardian's link again, not flood them.
consent_resends = RateLimit("guardian-consent", 3, 3600)


class VolunteerError(Exception):
    """A refusal the person is told about (already translated)."""


def _refuse_if(reason):
    if reason:
        raise VolunteerError(reason)


def _current_waiver(seen_version):
    """The waiver in force, refusing if it is not the version the person read and accepted."""
    current = Waiver.current()
    if current is None:
        raise VolunteerError(_("No volunteer waiver is published yet."))
    if seen_version is not None and int(seen_version) != current.version:
        raise VolunteerError(waiver_changed_message(current))
    return current


def waiver_changed_message(current):
    return _(
        "The waiver changed while you were reading it. Please read the new version "
        "(%(version)s) and accept it again."
    ) % {"version": current.version}


def _without_guardian_if_adult(volunteer):
    # Adults give no guardian; details typed while a minor band was chosen are not kept.
    if not volunteer.is_minor:
        volunteer.guardian_name = volunteer.guardian_contact = ""
        volunteer.guardian_consent_at = None
        volunteer.guardian_consent_recorded_by = None


@transaction.atomic
def register_volunteer(user, *, neighborhoods, waiver_version, **details):
    """Register ``user`` as a volunteer who accepted waiver ``waiver_version``.

    A minor's guardian is sent the consent link (when their contact is an e-mail address).
    """
    _refuse_if(rules.why_not_register(user))
    waiver = _current_waiver(waiver_version)
    volunteer = Volunteer(user=user, **{k: v for k, v in details.items() if k in DETAIL_FIELDS})
    _without_guardian_if_adult(volunteer)
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError:
        # Two tabs sent the form at once: the first one registered.
        raise VolunteerError(_("You are already registered as a volunteer.")) from None
    volunteer.neighborhoods.set(neighborhoods)
    WaiverAcceptance.objects.create(volunteer=volunteer, waiver=waiver)
    if volunteer.is_minor:
        request_guardian_consent(volunteer)
    return volunteer


@transaction.atomic
def update_volunteer(volunteer, *, neighborhoods, **details):
    """Save the volunteer's details. A new guardian must consent again (the consent given
    was the previous guardian's)."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.is_minor and details.get("age_band", volunteer.age_band) != volunteer.age_band:
        # The details form does not offer it; only staff change a minor's age band.
        raise VolunteerError(_("Please ask city staff to change your age band."))
    before = {name: getattr(volunteer, name) for name in GUARDIAN_FIELDS}
    for name, value in details.items():
        if name in DETAIL_FIELDS:
            setattr(volunteer, name, value)
    _without_guardian_if_adult(volunteer)
    guardian_changed = any(getattr(volunteer, name) != before[name] for name in GUARDIAN_FIELDS)
    if volunteer.is_minor and guardian_changed:
        volunteer.guardian_consent_at = None
        volunteer.guardian_consent_recorded_by = None
    volunteer.save()
    volunteer.neighborhoods.set(neighborhoods)
    if volunteer.is_minor and volunteer.guardian_consent_at is None and guardian_changed:
        request_guardian_consent(volunteer)
    return volunteer


@transaction.atomic
def accept_waiver(volunteer, waiver_version):
    """Record that ``volunteer`` accepted the waiver in force (the version they read)."""
    waiver = _current_waiver(waiver_version)
    acceptance, _created = WaiverAcceptance.objects.get_or_create(
        volunteer=volunteer, waiver=waiver
    )
    return acceptance


def needs_waiver(volunteer):
    """The waiver in force when ``volunteer`` has not accepted it yet, else None."""
    current = Waiver.current()
    if current is None or volunteer.waiver_acceptances.filter(waiver=current).exists():
        return None
    return current


# --- A guardian's consent -------------------------------------------------------------


def guardian_email(volunteer):
    """The guardian's e-mail address, or "" when they gave a phone number."""
    contact = volunteer.guardian_contact.strip()
    try:
        validate_email(contact)
    except ValidationError:
        return ""
    return contact


def _guardian_fingerprint(volunteer):
    # In the token, so a link sent to a previous guardian stops working once the minor
    # names another (the token stays short: a hash, not the address).
    text = f"{volunteer.guardian_name}\n{volunteer.guardian_contact}".casefold()
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def consent_token(volunteer_pk, fingerprint):
    return signing.dumps({"v": volunteer_pk, "g": fingerprint}, salt=CONSENT_SALT)


def volunteer_for_consent(token):
    """The minor whose guardian holds ``token``; VolunteerError for a forged, changed or
    expired link."""
    try:
        payload = signing.loads(
            token,
            salt=CONSENT_SALT,
            max_age=timedelta(days=settings.GUARDIAN_CONSENT_LINK_DAYS),
        )
    except signing.SignatureExpired:
        raise VolunteerError(
            _(
                "This consent link has expired. The volunteer can send you a new one from "
                "their volunteer details page."
            )
        ) from None
    except signing.BadSignature:
        raise VolunteerError(_("This consent link is not valid.")) from None
    volunteer = Volunteer.objects.filter(pk=payload.get("v")).first()
    if (
        volunteer is None
        or not volunteer.is_minor
        or payload.get("g") != _guardian_fingerprint(volunteer)
    ):
        raise VolunteerError(
            _("This consent link is no longer valid: the volunteer's details have changed.")
        )
    return volunteer


def request_guardian_consent(volunteer, *, resend=False):
    """E-mail the guardian the consent link; False when their contact is not an e-mail
    address (a liaison or staff then records a signed paper form)."""
    address = guardian_email(volunteer)
    if not address or volunteer.guardian_consent_at is not None:
        return False
    if resend and consent_resends.hit(volunteer.pk):
        raise VolunteerError(
            _("The link was sent several times in the last hour. Please try again later.")
        )
    fingerprint = _guardian_fingerprint(volunteer)
    notify_address(
        address,
        GuardianConsentEmail,
        language=get_language(),
        # A new key each time: "send it again" must send it again.
        dedupe_key=f"guardian-consent-{volunteer.pk}-{fingerprint}-{time.time_ns()}",
        volunteer=volunteer.pk,
        token=consent_token(volunteer.pk, fingerprint),
    )
    return True


@transaction.atomic
def consent_by_link(token):
    """The guardian consented through their link. Saying yes twice changes nothing."""
    volunteer = volunteer_for_consent(token)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.guardian_consent_at is None:
        volunteer.guardian_consent_at = timezone.now()
        # No one recorded it for the guardian: they gave it themselves, through the link.
        volunteer.guardian_consent_recorded_by = None
        volunteer.save(update_fields=["guardian_consent_at", "guardian_consent_recorded_by"])
    return volunteer


@transaction.atomic
def record_paper_consent(volunteer, recorded_by):
    """Staff or the volunteer's liaison holds the guardian's signed paper form."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    _refuse_if(rules.why_not_record_consent(recorded_by, volunteer))
    if volunteer.guardian_consent_at is not None:
        raise VolunteerError(_("A guardian's consent is already on record for this volunteer."))
    volunteer.guardian_consent_at = timezone.now()
    volunteer.guardian_consent_recorded_by = recorded_by
    volunteer.save(update_fields=["guardian_consent_at", "guardian_consent_recorded_by"])
    record(volunteer, "liaisons.paper_consent", user=recorded_by)
    return volunteer
