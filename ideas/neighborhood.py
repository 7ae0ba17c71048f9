"""New ideas for a few neighborhoods, for the people who look after them (declared in
``IdeasConfig.neighborhood_sections``, see ``engage.core.neighborhood``)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from engage.core.neighborhood import SHOWN, Contribution, NeighborhoodSection
from engage.neighborhoods.models import Neighborhood

from .models import Idea, IdeasIndexPage

# "New" on a dashboard visited every week or two.
NEW_DAYS = 30


def _list_url(neighborhood_ids):
    index = IdeasIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    if index is None:
        return ""
    if len(neighborhood_ids) == 1:
        slug = Neighborhood.objects.filter(pk__in=neighborhood_ids).values_list("slug", flat=True)
        return f"{index.url}?neighborhood={slug.first()}&sort=newest"
    return f"{index.url}?sort=newest"


def sections(neighborhood_ids, user):
    since = timezone.now() - timedelta(days=NEW_DAYS)
    ideas = Idea.objects.visible().filter(neighborhood_id__in=neighborhood_ids)
    new = ideas.filter(published_at__gte=since).select_related("neighborhood")
    count = new.count()
    mine = ideas.filter(author=user).count() if user.is_authenticated else 0
    return [
        NeighborhoodSection(
            key="new-ideas",
            title=_("New ideas"),
            template="ideas/includes/neighborhood_section.html",
            items=list(new.order_by("-published_at", "-pk")[:SHOWN]) if count else [],
            count=count,
            empty=_("No idea was shared here in the last %(days)s days.") % {"days": NEW_DAYS},
            more_url=_list_url(neighborhood_ids) if count > SHOWN else "",
            order=20,
            contribution=Contribution(
                mine, ngettext("idea you shared here", "ideas you shared here", mine)
            ),
            extra={"days": NEW_DAYS},
        )
    ]
