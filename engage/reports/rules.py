"""Who may do what with service reports (beyond the Wagtail admin's permissions)."""

from datetime import timedelta

from django.utils import timezone

from engage.accounts.roles import LIAISON, MODERATOR, STAFF, has_role

from .models import ReportEvent, ServiceReport

Channel = ServiceReport.Channel
Status = ServiceReport.Status
REOPEN_WINDOW = timedelta(days=30)

# What each role may do with service reports in the Wagtail admin (see engage.core.parts).
ROLE_PERMISSIONS = {
    # Staff: the triage queue, categories, departments, crews and Open311 keys.
    STAFF: {
        f"reports.{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("department", "servicecategory", "servicereport", "open311apikey", "crew")
    }
    # The contact center's records are worked on its own screens (for staff, see
    # ``contact_center.rules``); viewing them is what lets staff read their entries in
    # the audit trail (Wagtail shows the kinds of object a person holds a permission on).
    | {"reports.view_person", "reports.view_contact"},
    # Moderators help triage: they see the queue and change, assign and merge reports
    # (never delete them). They do not see contact details (the report page shows those
    # to staff only) and do not manage categories, departments or API keys.
    MODERATOR: {"reports.view_servicereport", "reports.change_servicereport"},
}


def filing_channels(user):
    """How a report filed through the web form by ``user`` may have reached the city.

    Residents file for themselves ("web"). Staff at the front desk or on the phone, and
    liaisons reporting for offline neighbours, say which channel it came through, so the
    dashboard can count every channel.
    """
    channels = [Channel.WEB]
    if has_role(user, STAFF):
        channels += [Channel.PHONE, Channel.WALK_IN]
    if has_role(user, LIAISON):
        channels.append(Channel.LIAISON)
    return channels


def can_see_contact_details(user):
    """Contact details of the person who filed a report are for staff (and superusers)."""
    return has_role(user, STAFF)


def can_reopen(report, user, *, now=None):
    """Only the person who filed a report may say "not fixed", within 30 days of closing."""
    now = now or timezone.now()
    return (
        user.is_authenticated
        and report.filed_by_id == user.pk
        and report.status in (Status.RESOLVED, Status.CLOSED)
        and report.closed_at is not None
        and now - report.closed_at <= REOPEN_WINDOW
    )


def can_confirm_fixed(report, user, *, now=None):
    """The person who filed a report may confirm it is fixed, once, within 30 days of it
    being resolved (the same window as saying "not fixed")."""
    return (
        can_reopen(report, user, now=now)
        and report.status == Status.RESOLVED
        and not report.events.filter(
            kind=ReportEvent.Kind.CONFIRMED, created_at__gte=report.closed_at
        ).exists()
    )
