"""What the site search finds among surveys (declared in ``SurveysConfig.search_sources``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from engage.core.search import SearchSource

from .models import SurveyPage


class SurveySource(SearchSource):
    """Live, public surveys in the visitor's language, open or not (results stay useful)."""

    kind = "surveys"
    label = _("Surveys")
    template = "surveys/includes/search_result.html"
    order = 20
    page_models = ("surveys.SurveyPage",)

    def searchable(self, request):
        return SurveyPage.objects.live().public().filter(locale=Locale.get_active())

    def prepare(self, results, request):
        now = timezone.now()
        surveys = list(results)
        for survey in surveys:
            if survey.is_open(now):
                survey.state = "open"
            elif survey.opens_at > now:
                survey.state = "upcoming"
            else:
                survey.state = "closed"
        return surveys
