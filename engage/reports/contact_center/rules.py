"""Who may work the contact center: staff (an agent is staff). Moderators triage reports
but never see callers' details, so they do not get the intake screen."""

from engage.accounts.roles import STAFF, has_role


def can_take_calls(user):
    return has_role(user, STAFF)
