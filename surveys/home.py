"""What the home page shows of surveys (declared in ``SurveysConfig.home_sections``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from engage.core import page_cache
from engage.core.home import Count, HomeSection, start_of_month

from .models import Response, SurveyIndexPage, SurveyPage, next_opening

SHOWN = 4


def _index_url():
    index = SurveyIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    return index.url if index else ""


class OpenSurveys(HomeSection):
    key = "open-surveys"
    heading = _("Open surveys")
    template = "surveys/includes/home_section.html"
    order = 20

    def data(self):
        now = timezone.now()
        open_now = (
            SurveyPage.objects.live()
            .public()
            .filter(locale=Locale.get_active(), opens_at__lte=now)
            .exclude(closes_at__lte=now)
            .order_by("closes_at", "-opens_at", "pk")
        )
        # Surveys that never close come after those closing soonest.
        surveys = sorted(open_now[:50], key=lambda s: (s.closes_at is None, s.closes_at or now))
        shown = surveys[:SHOWN]
        if page_cache.recording():
            # The list changes when one of these closes or the next survey opens.
            page_cache.changes_at(*(survey.closes_at for survey in shown), next_opening(now))
        return {"surveys": shown, "more_url": _index_url()}

    def counts(self):
        responses = Response.objects.filter(submitted_at__gte=start_of_month()).count()
        label = ngettext("survey response this month", "survey responses this month", responses)
        return [Count(responses, label, _index_url())]
