"""What the home page shows of ideas (declared in ``IdeasConfig.home_sections``)."""

from datetime import timedelta

from django.db.models import Count as Counted
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from engage.core.home import Count, HomeSection, start_of_month

from .models import Idea, IdeasIndexPage, Vote

SHOWN = 4
TRENDING_DAYS = 14


def _index_url():
    index = IdeasIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    return index.url if index else ""


class TrendingIdeas(HomeSection):
    """The published ideas with the most votes in the last ``TRENDING_DAYS`` days."""

    key = "trending-ideas"
    heading = _("Trending ideas")
    template = "ideas/includes/home_section.html"
    order = 30

    def data(self):
        since = timezone.now() - timedelta(days=TRENDING_DAYS)
        top = list(
            Vote.objects.filter(created_at__gte=since, idea__in=Idea.objects.visible())
            .values("idea")
            .annotate(recent=Counted("pk"))
            .order_by("-recent", "-idea")[:SHOWN]
        )
        ideas = Idea.objects.select_related("neighborhood").in_bulk([row["idea"] for row in top])
        trending = []
        for row in top:
            idea = ideas[row["idea"]]
            idea.recent_votes = row["recent"]
            trending.append(idea)
        return {"ideas": trending, "days": TRENDING_DAYS, "more_url": _index_url()}

    def counts(self):
        submitted = Idea.objects.visible().filter(created_at__gte=start_of_month()).count()
        label = ngettext("idea submitted this month", "ideas submitted this month", submitted)
        return [Count(submitted, label, _index_url())]
