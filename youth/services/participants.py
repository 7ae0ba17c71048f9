"""The roster, consents and the retention purge.

A roster line (first name, last initial, age band, school, grade) may be kept without
consent; anything beyond it waits for a guardian's consent (on paper, or through the
signed link e-mailed to them) or the school's consent for educational use
(``youth.rules.consent_refusal``). Each operation is one transaction that checks its rule
again inside it and locks the participant (or program) it changes, so two educators
tapping at once never leave two consents in force or half a purge behind; e-mails are
queued on commit by ``notify_address``.
"""

import calendar
import datetime
import logging
import time
from dataclasses import dataclass, fields

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from engage.core.audit import record
from engage.core.ratelimit import RateLimit
from engage.notifications.models import Notification
from engage.notifications.services import notify_address

from .. import rules
from ..audit import record_participant
from ..emails import GuardianConsentLinkEmail
from ..models import (
    FieldReport,
    FieldReportPhoto,
    GuardianConsent,
    Participant,
    Program,
    PurgeLog,
    YouthRetention,
    new_participant_token,
)

logger = logging.getLogger(__name__)

# What an educator types about a participant (the roster form's fields).
ROSTER_FIELDS = ("first_name", "last_initial", "age_band", "school", "grade")
CONSENT_SALT = "youth.guardian-consent"


class ParticipantError(Exception):
    """A refusal the educator (or guardian) is told about (already translated)."""


def _refuse_if(reason):
    if reason:
        raise ParticipantError(reason)


def _locked_program(program, user):
    program = Program.objects.select_for_update().get(pk=program.pk)
    _refuse_if(rules.why_not_change_roster(user, program))
    return program


def _locked_participant(participant, user):
    participant = (
        Participant.objects.select_for_update().select_related("program").get(pk=participant.pk)
    )
    _refuse_if(rules.why_not_change_participant(user, participant))
    return participant


# --- The roster ---------------------------------------------------------------------


@transaction.atomic
def add_participant(program, user, **details):
    """A new roster line; the token printed on their handout is drawn at random."""
    program = _locked_program(program, user)
    participant = Participant(program=program)
    for name in ROSTER_FIELDS:
        setattr(participant, name, details.get(name, ""))
    participant.last_initial = participant.last_initial.strip()[:1].upper()
    participant.save()
    return participant


@transaction.atomic
def update_participant(participant, user, **details):
    participant = _locked_participant(participant, user)
    for name in ROSTER_FIELDS:
        if name in details:
            setattr(participant, name, details[name])
    participant.last_initial = participant.last_initial.strip()[:1].upper()
    participant.save(update_fields=list(ROSTER_FIELDS))
    return participant


# --- A guardian's consent on paper, and withdrawing it ------------------------------


def _create_consent(participant, **fields):
    try:
        # A savepoint: the unique constraint (one consent in force) is the last word when
        # two requests record a consent for the same participant at once.
        with transaction.atomic():
            return GuardianConsent.objects.create(participant=participant, **fields)
    except IntegrityError:
        raise ParticipantError(already_consented_message(participant)) from None


def already_consented_message(participant):
    return _(
        "A consent for %(name)s is already on record. If it changed, withdraw it first, "
        "then record the new one."
    ) % {"name": participant.display_name}


@transaction.atomic
def record_paper_consent(participant, user, *, guardian_name, guardian_contact, given_on):
    """The educator holds the consent form the guardian signed."""
    participant = _locked_participant(participant, user)
    if participant.consents.in_force().exists():
        raise ParticipantError(already_consented_message(participant))
    if given_on > timezone.localdate():
        raise ParticipantError(_("The date the form was signed cannot be in the future."))
    consent = _create_consent(
        participant,
        method=GuardianConsent.Method.PAPER,
        guardian_name=guardian_name,
        guardian_contact=guardian_contact,
        given_on=given_on,
        recorded_by=user,
    )
    record_participant(participant, "youth.consent_record", user=user)
    return consent


@transaction.atomic
def withdraw_consent(participant, user):
    """The guardian withdrew their consent (the educator records it). The consent stays on
    record, marked withdrawn, until the purge; from now on the participant is back to a
    roster line only."""
    participant = _locked_participant(participant, user)
    withdrawn = participant.consents.in_force().update(withdrawn_at=timezone.now())
    if not withdrawn:
        raise ParticipantError(
            _("%(name)s has no consent in force to withdraw.") % {"name": participant.display_name}
        )
    record_participant(participant, "youth.consent_withdraw", user=user)
    return withdrawn


# --- A guardian's consent through a signed link -------------------------------------


def consent_link_limit():
    """Links an educator may send for one participant (a mistyped address, a lost e-mail),
    never a flood in a guardian's mailbox."""
    return RateLimit.from_rate("youth-consent-link", settings.YOUTH_CONSENT_LINK_RATE)


def consent_token(participant_pk, email, issued_at=None):
    """The signed key of the guardian's form: the participant, the address the link went to
    (it becomes the guardian's contact), and when it was sent (a consent withdrawn after
    that cannot be given again with an old link)."""
    # To the millisecond: a consent withdrawn just before a new link is sent must not
    # count as withdrawn after it.
    issued_at = round(time.time() if issued_at is None else issued_at, 3)
    return signing.dumps({"p": participant_pk, "e": email, "t": issued_at}, salt=CONSENT_SALT)


@dataclass(frozen=True)
class ConsentRequest:
    participant: Participant
    email: str
    issued_at: datetime.datetime


def read_consent_token(token):
    """What the guardian's link asks for; ParticipantError for a forged, expired or
    outdated link."""
    try:
        payload = signing.loads(
            token,
            salt=CONSENT_SALT,
            max_age=datetime.timedelta(days=settings.GUARDIAN_CONSENT_LINK_DAYS),
        )
    except signing.SignatureExpired:
        raise ParticipantError(
            _(
                "This consent link has expired. Please ask the program's educator to send "
                "you a new one."
            )
        ) from None
    except signing.BadSignature:
        raise ParticipantError(_("This consent link is not valid.")) from None
    participant = Participant.objects.select_related("program").filter(pk=payload.get("p")).first()
    if participant is None or participant.purged_at or participant.program.personal_data_purged_at:
        raise ParticipantError(_("This consent link is no longer valid."))
    issued_at = datetime.datetime.fromtimestamp(payload["t"], tz=datetime.UTC)
    if participant.consents.filter(withdrawn_at__gte=issued_at).exists():
        raise ParticipantError(
            _(
                "A consent was withdrawn after this link was sent, so it no longer works. "
                "Please ask the program's educator for a new link."
            )
        )
    return ConsentRequest(participant, payload["e"], issued_at)


@transaction.atomic
def send_consent_link(participant, user, email, language=None):
    """E-mail the guardian the link to the online consent form, in ``language`` (default:
    the educator's); the link opens the form in that language too."""
    participant = _locked_participant(participant, user)
    if participant.consents.in_force().exists():
        raise ParticipantError(already_consented_message(participant))
    if consent_link_limit().hit(participant.pk):
        raise ParticipantError(
            _(
                "A consent link for %(name)s was sent several times in the last hour. "
                "Please check the address with the guardian and try again later."
            )
            % {"name": participant.display_name}
        )
    notify_address(
        email,
        GuardianConsentLinkEmail,
        language=language or get_language(),
        # A new key each time: "send it again" must send it again.
        dedupe_key=f"youth-guardian-consent-{participant.pk}-{time.time_ns()}",
        participant=participant.pk,
        token=consent_token(participant.pk, email),
    )


@transaction.atomic
def consent_by_link(token, *, guardian_name):
    """The guardian consented through their link. Saying yes twice changes nothing."""
    request = read_consent_token(token)
    participant = Participant.objects.select_for_update().get(pk=request.participant.pk)
    in_force = participant.consents.in_force().first()
    if in_force is not None:
        return in_force
    return _create_consent(
        participant,
        method=GuardianConsent.Method.ONLINE,
        guardian_name=guardian_name,
        guardian_contact=request.email,
        given_on=timezone.localdate(),
        recorded_by=None,  # the guardian gave it themselves
    )


# --- The school's consent for educational use ---------------------------------------


@transaction.atomic
def record_school_consent(program, user, *, given_by, given_on):
    program = _locked_program(program, user)
    if given_on > timezone.localdate():
        raise ParticipantError(_("The date of the school's consent cannot be in the future."))
    program.school_consent_by = given_by
    program.school_consent_on = given_on
    program.school_consent_recorded_by = user
    program.save(
        update_fields=["school_consent_by", "school_consent_on", "school_consent_recorded_by"]
    )
    record(program, "youth.school_consent_record", user=user, data={"given_on": given_on})
    return program


@transaction.atomic
def withdraw_school_consent(program, user):
    program = _locked_program(program, user)
    if not program.has_school_consent:
        raise ParticipantError(_("No school consent is on record for this program."))
    program.school_consent_by = ""
    program.school_consent_on = None
    program.school_consent_recorded_by = user
    program.save(
        update_fields=["school_consent_by", "school_consent_on", "school_consent_recorded_by"]
    )
    record(program, "youth.school_consent_withdraw", user=user)
    return program


# --- Retention and the purge --------------------------------------------------------


def retention_months(site=None):
    """The months staff set (Settings → Youth data retention) on ``site`` (the default
    site outside a request)."""
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return YouthRetention._meta.get_field("months_after_program").default
    return YouthRetention.for_site(site).months_after_program


def add_months(day, months):
    """``day`` that many calendar months later (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def purge_date(program, months=None):
    """The first day on which ``program``'s personal data are removed."""
    months = retention_months() if months is None else months
    return add_months(program.ends_on, months) + datetime.timedelta(days=1)


def programs_due(today=None, months=None):
    """Programs whose retention ended before ``today`` and that are not purged yet."""
    today = today or timezone.localdate()
    months = retention_months() if months is None else months
    # Programs are few (a handful a term): the exact date is checked on each.
    candidates = Program.objects.filter(
        personal_data_purged_at__isnull=True, ends_on__lt=today
    ).order_by("ends_on", "pk")
    return [program for program in candidates if purge_date(program, months) <= today]


@dataclass
class PurgeCounts:
    programs: int = 0
    participants: int = 0
    consents: int = 0
    field_reports: int = 0
    photos: int = 0

    def add(self, other):
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    def as_dict(self):
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def __bool__(self):
        return any(self.as_dict().values())


def _blank_participants(program, now):
    participants = list(program.participants.filter(purged_at__isnull=True).only("pk"))
    for participant in participants:
        participant.first_name = participant.last_initial = ""
        participant.school = participant.grade = ""
        # A fresh random token: printed handouts no longer match anyone.
        participant.token = new_participant_token()
        participant.purged_at = now
    Participant.objects.bulk_update(
        participants,
        ["first_name", "last_initial", "school", "grade", "token", "purged_at"],
        batch_size=500,
    )
    return [participant.pk for participant in participants]


def _delete_photos(program):
    """Every held photo of the program's field reports: those of reports never sent, and
    those kept privately with released ones (including any unticked for showing a face).
    The city's copies on released service reports stay. Files go once the rows are gone
    for good (after the commit)."""
    photos = FieldReportPhoto.objects.filter(field_report__session__program=program)
    names = [name for name in photos.values_list("image", flat=True) if name]
    count, _by_model = photos.delete()

    def delete_files():
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("Could not delete the held photo %s", name)

    transaction.on_commit(delete_files)
    return count


def _purge_program(program_pk, *, now, log_pk):
    """One program's personal data, in one transaction; None when another run did it."""
    with transaction.atomic():
        program = Program.objects.select_for_update().filter(pk=program_pk).first()
        if program is None or program.personal_data_purged_at is not None:
            return None
        counts = PurgeCounts(programs=1)
        participant_pks = _blank_participants(program, now)
        counts.participants = len(participant_pks)
        counts.photos = _delete_photos(program)
        unsent = FieldReport.objects.filter(session__program=program).exclude(
            review=FieldReport.Review.RELEASED
        )
        counts.field_reports = unsent.delete()[1].get(FieldReport._meta.label, 0)
        consents = GuardianConsent.objects.filter(participant__program=program)
        counts.consents = consents.delete()[1].get(GuardianConsent._meta.label, 0)
        # The consent-link e-mails keep the guardian's address: they go too.
        Notification.objects.filter(
            email_key=GuardianConsentLinkEmail.key, params__participant__in=participant_pks
        ).delete()
        program.school_consent_by = ""
        program.personal_data_purged_at = now
        program.save(update_fields=["school_consent_by", "personal_data_purged_at"])
        PurgeLog.objects.filter(pk=log_pk).update(
            **{name: F(name) + value for name, value in counts.as_dict().items()}
        )
        return counts


def purge_youth_data(*, dry_run=False, today=None):
    """Remove the personal data of every program past its retention; one transaction per
    program, so a failure leaves each program either purged or untouched. Returns the
    counts (what would go, with ``dry_run``) and the PurgeLog row (None when nothing went
    or on a dry run)."""
    due = programs_due(today)
    if dry_run:
        return _would_purge(due), None
    total = PurgeCounts()
    log = None
    now = timezone.now()
    for program in due:
        if log is None:
            log = PurgeLog.objects.create()
        counts = _purge_program(program.pk, now=now, log_pk=log.pk)
        if counts:
            total.add(counts)
    if log is not None and not total:
        log.delete()  # another run purged them first: this one removed nothing
        log = None
    if log is not None:
        logger.info("Youth data purge %s: %s", log.pk, total.as_dict())
    return total, log


def _would_purge(programs):
    counts = PurgeCounts(programs=len(programs))
    pks = [program.pk for program in programs]
    counts.participants = Participant.objects.filter(
        program__in=pks, purged_at__isnull=True
    ).count()
    counts.consents = GuardianConsent.objects.filter(participant__program__in=pks).count()
    counts.field_reports = (
        FieldReport.objects.filter(session__program__in=pks)
        .exclude(review=FieldReport.Review.RELEASED)
        .count()
    )
    counts.photos = FieldReportPhoto.objects.filter(field_report__session__program__in=pks).count()
    return counts
