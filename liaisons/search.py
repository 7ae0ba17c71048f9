"""What the site search finds in the liaison part (``LiaisonsConfig.search_sources``):
its liaisons and its public volunteer events."""

from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.core.search import SearchSource

from .listing.events import KindNames
from .models import EventKind, Liaison, VolunteerEvent

# --- network


class LiaisonSource(SearchSource):
    """Active liaisons, by public name, bio or a neighborhood they serve ("liaison
    Kensington" finds Kensington's): what the directory shows, never an address.

    The directory is a few thousand rows of short text, so every word is matched as part
    of those fields in the database rather than through the search index (which would need
    the model indexed): no stemming, but "Kensing" finds Kensington.
    """

    kind = "liaisons"
    label = _("Neighborhood liaisons")
    template = "liaisons/network/includes/search_result.html"
    order = 50

    def searchable(self, request):
        return Liaison.objects.active().filter(user__is_active=True)

    def search(self, words, request):
        liaisons = self.searchable(request)
        for word in words.split():
            serves = Liaison.neighborhoods.through.objects.filter(
                liaison=OuterRef("pk"), neighborhood__name__icontains=word
            )
            liaisons = liaisons.filter(
                Q(display_name__icontains=word) | Q(bio__icontains=word) | Exists(serves)
            )
        return liaisons.order_by("display_name", "pk")

    def prepare(self, results, request):
        return list(results.prefetch_related("neighborhoods"))


# --- events


class EventSource(SearchSource):
    """Public events (published, and cancelled ones, which their result says are), by
    title, description, meeting point, neighborhood or kind in any language ("limpieza"
    finds the cleanups): never one waiting for staff or declined, not even its organiser's,
    whom the events list shows their own.

    Like the directory, events are short rows matched word by word in the database:
    upcoming ones first, soonest first, then past ones, newest first.
    """

    kind = "events"
    label = _("Volunteer events")
    template = "liaisons/includes/search_result.html"
    order = 45

    def searchable(self, request):
        return VolunteerEvent.objects.public()

    def search(self, words, request):
        events = self.searchable(request).select_related("kind", "neighborhood")
        for word in words.split():
            kind_named = EventKind.objects.filter(code=OuterRef("kind__code"), name__icontains=word)
            events = events.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(meeting_point__icontains=word)
                | Q(neighborhood__name__icontains=word)
                | Exists(kind_named)
            )
        now = timezone.now()
        return events.annotate(
            is_past=Case(When(ends_at__lt=now, then=Value(1)), default=Value(0)),
            upcoming_start=Case(When(ends_at__gte=now, then=F("starts_at"))),
        ).order_by("is_past", F("upcoming_start").asc(nulls_last=True), "-starts_at", "-pk")

    def prepare(self, results, request):
        return KindNames().label(list(results))
