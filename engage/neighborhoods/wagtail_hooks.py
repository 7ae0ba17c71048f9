"""Neighborhoods in the Wagtail admin, as a snippet with its own menu item."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Neighborhood


class NeighborhoodViewSet(SnippetViewSet):
    model = Neighborhood
    icon = "site"
    menu_label = _("Neighborhoods")
    add_to_admin_menu = True
    list_display = ["name", "slug"]

    # Neighborhood is not a Wagtail-indexed model (there are a few dozen at most, so a
    # search index would be all upkeep and no gain). Naming search_fields is what turns
    # the listing's search box on, and with no search backend Wagtail filters with
    # `name__icontains` in the database instead.
    search_fields = ["name"]
    search_backend_name = None

    # The boundary is raw GeoJSON in a text area; Neighborhood.clean() validates it and
    # reports problems on the field. Most boundaries arrive via `import_neighborhoods`.
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("boundary")]


register_snippet(NeighborhoodViewSet)
