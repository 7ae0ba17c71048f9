"""What the home page shows of volunteering (declared in ``LiaisonsConfig.home_sections``).

Only published events that have not ended: never one waiting for staff or declined, and
not a cancelled one (the events list still shows those, marked). Cleanups, the most
common kind, get their own link to the list filtered on them.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from engage.core.home import Count, HomeSection, start_of_month

from .listing.events import KindNames
from .models import SignUp, VolunteerEvent

SHOWN = 4
CLEANUP = "cleanup"


class UpcomingVolunteerEvents(HomeSection):
    """The next ``SHOWN`` published events, soonest first, with the places left."""

    key = "volunteer-events"
    heading = _("Upcoming volunteer events")
    template = "liaisons/includes/home_section.html"
    order = 50

    def data(self):
        events = list(
            VolunteerEvent.objects.filter(status=VolunteerEvent.Status.PUBLISHED)
            .upcoming(timezone.now())
            .select_related("kind", "neighborhood")
            .order_by("starts_at", "pk")[:SHOWN]
        )
        names = KindNames()
        names.label(events)
        events_url = reverse("liaisons:events")
        # Staff may remove the cleanup kind; the list would then ignore the filter.
        cleanups_url = f"{events_url}?kind={CLEANUP}" if CLEANUP in names.by_code else ""
        return {"events": events, "more_url": events_url, "cleanups_url": cleanups_url}

    def counts(self):
        volunteers = (
            SignUp.objects.filter(
                created_at__gte=start_of_month(),
                status__in=SignUp.LIVE_STATUSES,
                event__status=VolunteerEvent.Status.PUBLISHED,
            )
            .values("volunteer")
            .distinct()
            .count()
        )
        label = ngettext(
            "volunteer signed up this month", "volunteers signed up this month", volunteers
        )
        return [Count(volunteers, label, reverse("liaisons:events"))]
