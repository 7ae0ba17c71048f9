"""What the site search finds among ideas (declared in ``IdeasConfig.search_sources``)."""

from django.utils.translation import gettext_lazy as _

from engage.core.search import SearchSource

from .models import Idea


class IdeaSource(SearchSource):
    """Published ideas only: never one awaiting moderation, rejected before publishing,
    withdrawn before it was published, or hidden by a moderator (``Idea.objects.visible``,
    the condition of every public list)."""

    kind = "ideas"
    label = _("Ideas")
    template = "ideas/includes/search_result.html"
    order = 30

    def searchable(self, request):
        return Idea.objects.visible().select_related("neighborhood")
