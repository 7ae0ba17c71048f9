"""Insert hundreds of thousands of service reports in a few bulk queries.

Reports are spread over the demo city's box and the last year, with a realistic mix of
statuses; each gets its neighborhood from the demo boundaries (tested in Python once per
report, as `file_report` would). Reports are plain models, so `bulk_create` works.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from engage.neighborhoods import geometry
from engage.neighborhoods.models import Neighborhood
from engage.reports.models import ReportEvent, ServiceCategory, ServiceReport

BATCH_SIZE = 2_000
# Philadelphia, roughly: the demo neighborhoods sit inside this box.
SOUTH, WEST, NORTH, EAST = 39.90, -75.25, 40.06, -75.10
STATUSES = [
    (ServiceReport.Status.SUBMITTED, 30),
    (ServiceReport.Status.ACKNOWLEDGED, 15),
    (ServiceReport.Status.IN_PROGRESS, 15),
    (ServiceReport.Status.RESOLVED, 30),
    (ServiceReport.Status.CLOSED, 8),
    (ServiceReport.Status.DUPLICATE, 2),
]
PHRASES = (
    "graffiti on the wall near the corner store",
    "large pile of tires and mattresses in the alley",
    "deep pothole in the right lane",
    "streetlight out for a week",
    "car with no plates parked for a month",
    "trash not collected on our block again",
)


def categories():
    found = list(ServiceCategory.objects.filter(locale=Locale.get_default()))
    if found:
        return found
    return [ServiceCategory.objects.create(code="bench-graffiti", name="Graffiti", target_days=7)]


def reference(number):
    """Sequential references that cannot collide with the random ones (they start with Z9)."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    digits = []
    for _ in range(6):
        number, rest = divmod(number, len(alphabet))
        digits.append(alphabet[rest])
    return "Z9" + "".join(reversed(digits))


@transaction.atomic
def seed_reports(volume, seed=20_261_123):
    rng = random.Random(seed)
    kinds = categories()
    neighborhoods = list(Neighborhood.objects.all())
    statuses, weights = zip(*STATUSES, strict=True)
    now = timezone.now()
    batch = []
    for number in range(volume):
        lat = rng.uniform(SOUTH, NORTH)
        lng = rng.uniform(WEST, EAST)
        category = rng.choice(kinds)
        submitted = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        status = rng.choices(statuses, weights)[0]
        closed = status in (ServiceReport.Status.RESOLVED, ServiceReport.Status.CLOSED)
        batch.append(
            ServiceReport(
                reference=reference(number),
                category=category,
                description=", ".join(rng.choices(PHRASES, k=rng.randint(1, 4))).capitalize(),
                lat=lat,
                lng=lng,
                neighborhood=next(
                    (n for n in neighborhoods if geometry.contains(n.boundary, lat=lat, lng=lng)),
                    None,
                ),
                status=status,
                resolution=ServiceReport.Resolution.FIXED if closed else "",
                channel=rng.choice(ServiceReport.Channel.values),
                department_id=category.department_id,
                submitted_at=submitted,
                due_at=category.due_at(submitted),
                closed_at=submitted + timedelta(days=3) if closed else None,
                supporter_count=rng.choice((0, 0, 0, 1, 2, 5)),
                contact_email="bench@example.org",
            )
        )
        if len(batch) == BATCH_SIZE:
            ServiceReport.objects.bulk_create(batch)
            batch = []
    ServiceReport.objects.bulk_create(batch)


def report_with_history():
    """The newest open seeded report, given a few public history entries (the tracking page)."""
    report = (
        ServiceReport.objects.open()
        .filter(reference__startswith="Z9")
        .order_by("-submitted_at")
        .first()
    )
    if not report.events.exists():
        ReportEvent.objects.bulk_create(
            [
                ReportEvent(report=report, kind=ReportEvent.Kind.FILED, to_status="submitted"),
                ReportEvent(
                    report=report,
                    kind=ReportEvent.Kind.STATUS,
                    from_status="submitted",
                    to_status="acknowledged",
                    public_note="A crew is scheduled.",
                ),
            ]
        )
    return report
