""" "Is it really fixed?": asking the reporter of a resolved report, once, after the delay
staff set, and recording the answer.

"Yes" is recorded as the reports part's own confirmation, "no" reopens the report through
the reports part's services, exactly as when the filer answers on the report's page; the
answer comes from a signed link in the e-mail, so a reporter without an account (who typed
only an e-mail address) can answer too.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Site

from engage.notifications.models import Notification
from engage.notifications.preferences import wants_email
from engage.notifications.services import notify, notify_address
from engage.reports import services as report_services
from engage.reports.models import ReportEvent, ServiceReport

from .emails import FixedCheckEmail
from .models import FixedCheck, OutcomeSettings
from .models.follow_up import ANSWER_WINDOW

DEFAULT_DELAY_DAYS = 7

Status = ServiceReport.Status


class AnswerRefused(ValueError):
    """An answer that cannot be recorded; the message is translated and shown."""


def check_delay():
    """The delay staff set (``OutcomeSettings`` of the default site)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return timedelta(days=DEFAULT_DELAY_DAYS)
    return timedelta(days=OutcomeSettings.for_site(site).fixed_check_delay_days)


def reporter_of(report):
    """(user, e-mail, language) of the person to ask, or None.

    The filer's account when they filed for themselves on the website; otherwise the
    address typed on the form (a caller, a walk-in, an Open311 app's user), written to in
    the language of their receipt. Staff and liaisons who filed for someone else are not
    asked, nor are young participants of a youth session.
    """
    if report.channel == ServiceReport.Channel.YOUTH:
        return None
    filer, address = report.filed_by, report.contact_email
    for_themselves = report.channel == ServiceReport.Channel.WEB
    if filer is not None and for_themselves and address.casefold() in ("", filer.email.casefold()):
        return filer, "", filer.preferred_language
    if address:
        receipt = (
            Notification.objects.filter(
                user=None, email=address, dedupe_key=f"report-receipt-{report.pk}"
            )
            .values_list("language", flat=True)
            .first()
        )
        return None, address, receipt or settings.LANGUAGE_CODE
    return None


def reports_to_ask(now=None, delay=None):
    """Reports resolved as fixed at least the delay ago, not yet asked about this
    resolution, not already confirmed. Not those resolved longer than the answer window
    before that either, so a city turning this on does not write to everyone who ever
    reported."""
    now = now or timezone.now()
    delay = delay or check_delay()
    asked = FixedCheck.objects.filter(report=OuterRef("pk"), resolved_at=OuterRef("closed_at"))
    confirmed = ReportEvent.objects.filter(
        report=OuterRef("pk"),
        kind=ReportEvent.Kind.CONFIRMED,
        created_at__gte=OuterRef("closed_at"),
    )
    return (
        ServiceReport.objects.filter(
            status=Status.RESOLVED,
            resolution=ServiceReport.Resolution.FIXED,
            closed_at__lte=now - delay,
            closed_at__gt=now - delay - ANSWER_WINDOW,
        )
        .exclude(channel=ServiceReport.Channel.YOUTH)
        .exclude(Exists(asked))
        .exclude(Exists(confirmed))
        .select_related("filed_by")
        .order_by("closed_at", "pk")
    )


def ask_if_fixed(now=None):
    """Ask every reporter whose report is due; returns the checks created by this run.

    Each report in its own transaction: one that fails leaves the others asked. Safe to
    run again and from two machines at once: the unique (report, resolution) pair lets
    only one check be made, and the e-mail is queued with it, after the commit.
    """
    now = now or timezone.now()
    delay = check_delay()
    created = []
    for report_id in reports_to_ask(now, delay).values_list("pk", flat=True):
        check = _ask(report_id, now, delay)
        if check is not None:
            created.append(check)
    return created


def _ask(report_id, now, delay):
    try:
        with transaction.atomic():
            report = (
                ServiceReport.objects.select_for_update(of=("self",))
                .select_related("filed_by")
                .get(pk=report_id)
            )
            # Changed since it was listed (reopened by staff, resolved again just now)?
            if report.status != Status.RESOLVED or report.closed_at is None:
                return None
            if report.closed_at > now - delay:
                return None
            reporter = reporter_of(report)
            if reporter is None:
                return None
            user, email, language = reporter
            # Someone who turned these e-mails off is not asked (nor counted as asked).
            if user is not None and not wants_email(user, FixedCheckEmail.topic):
                return None
            check = FixedCheck.objects.create(
                report=report,
                resolved_at=report.closed_at,
                user=user,
                email=email,
                language=language or "",
                sent_at=now,
            )
            _send(check)
            return check
    except IntegrityError:
        # Another run asked about this resolution a moment ago.
        return None


def _send(check):
    key = f"fixed-check-{check.pk}"
    if check.user is not None:
        notify(check.user, FixedCheckEmail, dedupe_key=key, check=check.pk)
    else:
        notify_address(
            check.email, FixedCheckEmail, language=check.language, dedupe_key=key, check=check.pk
        )


def answer_refusal(check, *, now=None, report=None):
    """None when the check may be answered now, else the translated reason why not."""
    now = now or timezone.now()
    report = report or check.report
    if check.is_answered:
        return gettext("You have already answered this question. Thank you.")
    if now - check.sent_at > ANSWER_WINDOW:
        return gettext(
            "This question was asked more than 30 days ago and can no longer be answered. "
            "If the problem is still there, please report it again."
        )
    if report.status != Status.RESOLVED or report.closed_at != check.resolved_at:
        return gettext(
            "This report has changed since we asked (it was reopened or closed again), "
            "so this question no longer applies. Its page shows where it stands."
        )
    return None


@transaction.atomic
def answer(check, *, fixed, satisfaction=None, comment="", now=None):
    """Record the reporter's answer; "yes" confirms the fix, "no" reopens the report.

    Raises ``AnswerRefused`` (nothing written) when the check may not be answered.
    """
    now = now or timezone.now()
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise AnswerRefused(gettext("Choose a satisfaction from 1 to 5."))
    # The report first, then the check: the same order as when asking, so no deadlock.
    report = ServiceReport.objects.select_for_update().get(pk=check.report_id)
    check = FixedCheck.objects.select_for_update().get(pk=check.pk)
    refusal = answer_refusal(check, now=now, report=report)
    if refusal:
        raise AnswerRefused(refusal)
    check.answered_at = now
    check.fixed = fixed
    check.satisfaction = satisfaction
    check.comment = comment.strip()
    check.save(update_fields=["answered_at", "fixed", "satisfaction", "comment"])
    actor = check.user
    if fixed:
        already = report.events.filter(
            kind=ReportEvent.Kind.CONFIRMED, created_at__gte=report.closed_at
        ).exists()
        if not already:
            report_services.record_confirmed(report, actor=actor)
    else:
        report_services.record_reopened(
            report,
            actor=actor,
            public_note=gettext("The person who reported it says the problem is not fixed."),
            internal_note=check.comment,
        )
    return check
