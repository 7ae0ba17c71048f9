"""What the home page shows of outcomes (declared in ``OutcomesConfig.home_sections``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from engage.core.home import Count, HomeSection

from .models import OutcomeIndexPage, OutcomePage

SHOWN = 4


def _visible():
    return OutcomePage.objects.live().public().filter(locale=Locale.get_active())


def _index_url():
    index = OutcomeIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    return index.url if index else ""


class NewestOutcomes(HomeSection):
    """The newest outcomes in the visitor's language: what changed because people spoke up."""

    key = "newest-outcomes"
    heading = _("You said, we did")
    template = "outcomes/includes/home_section.html"
    order = 60

    def data(self):
        outcomes = list(
            _visible().select_related("department").order_by("-first_published_at", "-pk")[:SHOWN]
        )
        if not outcomes:
            return None
        return {"outcomes": outcomes, "more_url": _index_url()}

    def counts(self):
        year_start = timezone.localdate().replace(month=1, day=1)
        completed = (
            _visible()
            .filter(status=OutcomePage.Status.COMPLETED, completed_on__gte=year_start)
            .count()
        )
        label = ngettext("outcome completed this year", "outcomes completed this year", completed)
        return [Count(completed, label, _index_url())]
