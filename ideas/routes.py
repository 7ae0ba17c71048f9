"""What the Ideas pages show besides their own fields: their list of ideas.

``IdeasIndexPage.get_context`` and ``IdeaCampaignPage.get_context`` import this module
when a page is served and call it with the page, so that ``models.py`` never imports the
list queries (``ideas.listing``) or the views, which import the models.
"""

from .listing import list_context
from .models import Idea


def index_page_context(page, request):
    """Every visible idea, filtered, searched, sorted and paged."""
    return list_context(request, Idea.objects.visible())


def campaign_page_context(page, request):
    """The campaign (in the default language: its dates and rules count) and its ideas."""
    campaign = page.canonical()
    return {
        "campaign": campaign,
        **list_context(
            request,
            Idea.objects.visible().filter(campaign=campaign),
            with_campaign_filter=False,
        ),
    }
