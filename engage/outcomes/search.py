"""What the site search finds among outcomes (declared in ``OutcomesConfig.search_sources``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from engage.core.search import SearchSource

from .models import OutcomePage


class OutcomeSource(SearchSource):
    """Live, public outcomes in the visitor's language, whatever their status."""

    kind = "outcomes"
    label = _("Outcomes")
    template = "outcomes/includes/search_result.html"
    order = 60
    page_models = ("outcomes.OutcomePage",)

    def searchable(self, request):
        return OutcomePage.objects.live().public().filter(locale=Locale.get_active())
