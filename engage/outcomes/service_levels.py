"""Service levels: the weekly digest each department receives at its own address."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from engage.notifications.models import Notification
from engage.notifications.services import notify_address
from engage.reports.models import Department

from .emails import ServiceLevelDigestEmail
from .metrics import Period


def last_week(today=None):
    """The last whole week, Monday to Sunday, in the site's time zone, before ``today``."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    return Period(monday - datetime.timedelta(days=7), monday)


def send_digests(today=None):
    """Queue each department's digest of last week; returns the week and the
    notifications this run queued (those queued before are not counted again).

    A department hears once about a week however often this runs: the notification's
    dedupe key holds the department and the week. Departments without an address are
    skipped (the command names them).
    """
    period = last_week(today)
    queued = []
    for department in Department.objects.exclude(email="").order_by("name"):
        key = f"service-level-digest-{department.pk}-{period.start.isoformat()}"
        if Notification.objects.filter(user=None, email=department.email, dedupe_key=key).exists():
            continue
        with transaction.atomic():
            notification = notify_address(
                department.email,
                ServiceLevelDigestEmail,
                # Written in the site's language: a department's address is an office's.
                language=settings.LANGUAGE_CODE,
                dedupe_key=key,
                department=department.pk,
                start=period.start.isoformat(),
                end=period.end.isoformat(),
            )
            queued.append(notification)
    return period, queued
