"""What the site search finds in the liaison part (``LiaisonsConfig.search_sources``)."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from engage.core.search import SearchSource

from .models import Liaison

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
