"""Demo content of this job, loaded by engage.reports.demo.load_demo_reports: two crews per
demo department, the demo staff user in the Streets Department (its staff and a member of
its first crew, so "Today's work" at /en/reports/crew/ has something on it), and a few
open demo reports given to that crew, due within hours.

Safe to run again: crews are looked up by name, and reports are assigned only when the
crew has none yet.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..models import Crew, Department, ServiceReport
from .services import assign_to_crew

STAFF_EMAIL = "staff@example.org"
CREW_NAMES = ("North crew", "South crew")
STAFF_DEPARTMENT = "Streets Department"
DEMO_DEVICE_ID = "engage-demo-seed"  # engage.reports.demo.DEMO_DEVICE_ID (no import cycle)
REPORTS_FOR_TODAY = 4


@transaction.atomic
def load_demo():
    for department in Department.objects.all():
        for name in CREW_NAMES:
            Crew.objects.get_or_create(department=department, name=name)
    staff = get_user_model().objects.filter(email=STAFF_EMAIL).first()
    department = Department.objects.filter(name=STAFF_DEPARTMENT).first()
    if staff is None or department is None:
        return
    department.members.add(staff)
    crew = department.crews.get(name=CREW_NAMES[0])
    crew.members.add(staff)
    if crew.reports.exists():
        return
    reports = list(
        ServiceReport.objects.open()
        .filter(department=department, device_id=DEMO_DEVICE_ID)
        .order_by("submitted_at")[:REPORTS_FOR_TODAY]
    )
    if not reports:
        return
    assign_to_crew(reports, crew, actor=staff)
    # Due within the next hours, the most urgent in one: the list shows them in that order.
    now = timezone.now()
    for hours, report in enumerate(reports, start=1):
        ServiceReport.objects.filter(pk=report.pk).update(due_at=now + timedelta(hours=hours))
