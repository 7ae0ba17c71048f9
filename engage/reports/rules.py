"""Who may do what with service reports (beyond the Wagtail admin's permissions)."""

from engage.accounts.roles import LIAISON, STAFF, has_role

from .models import ServiceReport

Channel = ServiceReport.Channel


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
